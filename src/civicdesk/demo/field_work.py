"""The demo city's field crew and today's work order, so `/crew/` has work to show.

Idempotent: the crew is matched by code, and a work order is planned only when the crew has
none for today. The work order goes through the field-work services, so the requests' timelines
say they were scheduled, exactly as when a supervisor plans the day.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from civicdesk.accounts.models import User
from civicdesk.catalog.models import Department
from civicdesk.fieldwork.models import Crew, WorkOrder
from civicdesk.fieldwork.services import work_order_create
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.workflow import OPEN_STATUSES

CREW_CODE = "public-works-crew-1"
STOPS = 4


@transaction.atomic
def seed_field_work(*, now: datetime) -> dict[str, int]:
    """A public-works crew with the demo `crew` login, and a work order for today."""
    department = Department.objects.filter(code="public-works").first()
    member = User.objects.filter(username="crew").first()
    if department is None or member is None:
        return {"crews": 0, "work_orders": 0}
    crew, _created = Crew.objects.get_or_create(
        code=CREW_CODE, defaults={"name": "Public works crew 1", "department": department}
    )
    crew.members.add(member)
    today = timezone.localdate(now)
    if WorkOrder.objects.filter(crew=crew, scheduled_date=today).exists():
        return {"crews": 1, "work_orders": 0}
    # The oldest open potholes (else any open requests) of the department, with a place.
    candidates = ServiceRequest.objects.filter(
        department=department,
        status__in=[status.value for status in OPEN_STATUSES],
        latitude__isnull=False,
        work_orders__isnull=True,
    ).order_by("created_at")
    stops = list(candidates.filter(service__code="POTHOLE")[:STOPS]) or list(candidates[:STOPS])
    if not stops:
        return {"crews": 1, "work_orders": 0}
    supervisor = User.objects.filter(username="supervisor").first()
    work_order_create(
        service_requests=stops,
        title="Pothole patching",
        instructions="Cold patch each hole; photograph it when done.",
        crew=crew,
        scheduled_date=today,
        actor=supervisor,
        now=now,
    )
    return {"crews": 1, "work_orders": 1}
