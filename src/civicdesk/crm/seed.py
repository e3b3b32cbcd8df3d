"""Loading the demo city's walk-in desks and neighborhood stations. Idempotent: centers match by
code, and one whose details have not changed is left alone."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from civicdesk.crm.enums import ServiceCenterKind
from civicdesk.crm.models import ServiceCenter


@dataclass(frozen=True)
class DemoServiceCenter:
    code: str
    name: str
    kind: ServiceCenterKind
    address: str


SERVICE_CENTERS = (
    DemoServiceCenter(
        "city-hall", "City Hall 311 desk", ServiceCenterKind.WALK_IN_DESK, "100 Alder Street"
    ),
    DemoServiceCenter(
        "northside",
        "Northside Neighborhood Station",
        ServiceCenterKind.NEIGHBORHOOD_STATION,
        "2200 North Main Street",
    ),
    DemoServiceCenter(
        "riverside",
        "Riverside Neighborhood Station",
        ServiceCenterKind.NEIGHBORHOOD_STATION,
        "45 River Road",
    ),
    DemoServiceCenter(
        "contact-center",
        "311 Contact Center",
        ServiceCenterKind.CONTACT_CENTER,
        "100 Alder Street, 2nd floor",
    ),
)


@transaction.atomic
def seed_contact_center() -> dict[str, int]:
    """The demo desks and stations; returns how many were created and updated."""
    created = updated = 0
    for demo in SERVICE_CENTERS:
        center = ServiceCenter.objects.filter(code=demo.code).first()
        if center is None:
            center = ServiceCenter(code=demo.code)
            created += 1
        elif (center.name, center.kind, center.address, center.is_active) == (
            demo.name,
            demo.kind,
            demo.address,
            True,
        ):
            continue
        else:
            updated += 1
        center.name, center.kind, center.address, center.is_active = (
            demo.name,
            demo.kind,
            demo.address,
            True,
        )
        center.full_clean()
        center.save()
    return {"created": created, "updated": updated}
