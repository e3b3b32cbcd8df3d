"""A staff member works a request from the queue to resolution, in a real browser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.catalog.enums import SlaUnit
from civicdesk.crm.enums import Channel
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import Location, service_request_submit
from tests.browser import BrowserPage
from tests.factories import (
    DepartmentFactory,
    ServiceFactory,
    SlaPolicyFactory,
    office_calendar,
    staff_user,
)
from tests.factories.accounts import PASSWORD
from tests.factories.routing import QueueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_work__staff_member_works_a_request_from_queue_to_resolution(
    browser_page: BrowserPage,
) -> None:
    streets = DepartmentFactory(code="streets", name="Streets")
    QueueFactory(department=streets, name="Streets queue", is_default=True)
    ServiceFactory(
        code="POTHOLE",
        name="Pothole",
        department=streets,
        sla_policy=SlaPolicyFactory(
            calendar=office_calendar(is_always_open=True),
            target_unit=SlaUnit.CALENDAR_HOURS,
            target_value=10,
        ),
    )
    staff_user(Role.DEPARTMENT_STAFF, streets, username="luis", first_name="Luis")
    late = service_request_submit(
        service_code="POTHOLE",
        description="Deep hole by the bus stop",
        location=Location(latitude=42.40, longitude=-92.85, address="12 Harbor Road"),
        channel=Channel.WEB,
        now=timezone.now() - timedelta(hours=11),
    ).service_request
    service_request_submit(
        service_code="POTHOLE",
        location=Location(latitude=42.41, longitude=-92.86, address="3 Mill Street"),
        channel=Channel.PHONE,
        now=timezone.now(),
    )
    page = browser_page.page

    browser_page.goto("/work/")
    page.get_by_label("Username").fill("luis")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Work queue").wait_for()
    first_row = page.locator("tbody tr").first
    assert late.public_id in first_row.inner_text()  # sorted by SLA due: the late one first
    assert "Breached" in first_row.inner_text()
    browser_page.assert_accessible()

    page.get_by_label("SLA", exact=True).select_option("breached")
    page.get_by_role("button", name="Show").click()
    assert page.locator("tbody tr").count() == 1

    page.get_by_role("link", name=late.public_id).click()
    page.get_by_role("heading", name=f"{late.public_id}: Pothole").wait_for()
    page.locator("#request-map .leaflet-interactive").wait_for()
    browser_page.assert_accessible()

    page.get_by_role("button", name="Acknowledge").click()
    page.get_by_text("Acknowledged.").wait_for()
    page.get_by_label("Assign to").select_option(index=1)
    page.get_by_role("button", name="Assign", exact=True).click()
    page.get_by_text("Assigned to").first.wait_for()
    page.get_by_label("Why is it on hold? (the resident reads this)").fill("Waiting for asphalt.")
    page.get_by_role("button", name="Put on hold").click()
    page.get_by_text("On hold: the SLA clock is paused.").wait_for()
    page.get_by_role("button", name="Resume work").click()
    page.get_by_text("Resumed: the SLA clock runs again.").wait_for()
    page.get_by_label("New status").select_option("resolved")
    page.get_by_role("button", name="Change status").click()
    page.get_by_text("write a public note").wait_for()
    page.get_by_label("New status").select_option("resolved")
    page.get_by_label("Public note to the resident").fill("Filled and sealed today.")
    page.get_by_role("button", name="Change status").click()
    page.get_by_text("The request is now “Resolved”.").wait_for()

    assert page.locator("#request-status").inner_text() == "Resolved"
    assert "Filled and sealed today." in page.locator(".work-timeline").inner_text()
    browser_page.assert_no_console_errors()
    late.refresh_from_db()
    assert late.status == Status.RESOLVED
    assert late.assignee is not None
    assert late.assignee.username == "luis"
    assert list(
        ServiceRequest.objects.get(pk=late.pk)
        .events.filter(event_type=EventType.STATUS_CHANGED)
        .values_list("to_status", flat=True)
    ) == [Status.ACKNOWLEDGED, Status.ON_HOLD, Status.IN_PROGRESS, Status.RESOLVED]
