"""Loading the demo city: catalog, staff with every role, and a year of service requests.

Everything is idempotent: catalog rows are matched by code and updated, staff by username, and
requests are only added up to the target count. Requests go through the one intake service and
the lifecycle services with past timestamps, exactly as an import of history would, so their
timelines, SLA due times and interactions are what the product itself writes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import User
from civicdesk.accounts.services import role_assign
from civicdesk.catalog.enums import AttributeDatatype
from civicdesk.catalog.models import (
    BusinessCalendar,
    CalendarClosure,
    Department,
    DepartmentTranslation,
    Service,
    ServiceAttribute,
    ServiceAttributeValue,
    ServiceTranslation,
    SlaPolicy,
    WorkingHours,
)
from civicdesk.crm.enums import Channel
from civicdesk.crm.services import ContactDetails
from civicdesk.demo import catalog_data as data
from civicdesk.demo.catalog_data_es import DEPARTMENTS_ES, SERVICES_ES
from civicdesk.demo.geography import (
    CITY_LIMIT,
    address_points,
    city_limit_geometry,
    district_polygons,
    point_in_polygon,
    random_point,
    sanitation_areas,
)
from civicdesk.geo.enums import BoundaryKind
from civicdesk.geo.geocoding import gazetteer
from civicdesk.geo.services import (
    AddressRecord,
    BoundaryFeature,
    address_points_import,
    boundaries_import,
)
from civicdesk.service_requests.changes import service_requests_changed
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services import (
    Location,
    service_request_change_status,
    service_request_mark_duplicate,
    service_request_submit,
)

DEMO_PASSWORD = "alderport-demo-311"
DEFAULT_REQUEST_COUNT = 5200
BATCH_SIZE = 100

# How residents reach Alderport's 311 (shares add up to 100).
CHANNEL_SHARES: list[tuple[Channel, int]] = [
    (Channel.PHONE, 31),
    (Channel.WEB, 27),
    (Channel.APP, 18),
    (Channel.EMAIL, 6),
    (Channel.STAFF, 6),
    (Channel.SMS, 4),
    (Channel.IVR, 3),
    (Channel.WALK_IN, 3),
    (Channel.SOCIAL, 2),
]
SEASONAL_GROUP_WORDS = {"snow": (11, 12, 1, 2, 3), "ice": (11, 12, 1, 2, 3)}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    department: str


# --- Catalog -------------------------------------------------------------------------------------


def _parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


@transaction.atomic
def seed_catalog() -> dict[str, int]:
    """Create or update departments, calendars, SLA policies and services from catalog_data."""
    departments: dict[str, Department] = {}
    for department_row in data.DEPARTMENTS:
        departments[department_row["code"]], _created = Department.objects.update_or_create(
            code=department_row["code"],
            defaults={
                "name": department_row["name"],
                "email": department_row["email"],
                "phone": department_row["phone"],
                "description": department_row["description"],
                "is_active": True,
            },
        )
        DepartmentTranslation.objects.update_or_create(
            department=departments[department_row["code"]],
            language="es",
            defaults={"name": DEPARTMENTS_ES[department_row["code"]]},
        )
    calendars: dict[str, BusinessCalendar] = {}
    for row in data.CALENDARS:
        calendar, _created = BusinessCalendar.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "timezone": row["timezone"],
                "is_always_open": row["is_always_open"],
                "holiday_country": "US",
                "holiday_subdivision": "IA",
            },
        )
        calendar.working_hours.all().delete()
        WorkingHours.objects.bulk_create(
            WorkingHours(
                calendar=calendar,
                weekday=weekday,
                opens_at=_parse_time(opens),
                closes_at=_parse_time(closes),
            )
            for weekday, intervals in row["hours"].items()
            for opens, closes in intervals
        )
        for closed_on, reason in row["closures"]:
            CalendarClosure.objects.update_or_create(
                calendar=calendar,
                closed_date=date.fromisoformat(closed_on),
                defaults={"name": reason},
            )
        calendars[row["code"]] = calendar
    policies: dict[str, SlaPolicy] = {}
    for row in data.SLA_POLICIES:
        policies[row["code"]], _created = SlaPolicy.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "calendar": calendars[row["calendar"]],
                "target_value": row["target_value"],
                "target_unit": row["target_unit"],
            },
        )
    for row in data.SERVICES:
        service, _created = Service.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "group": row["group"],
                "description": row["description"],
                "keywords": ", ".join(row["keywords"]),
                "type": row["type"],
                "department": departments[row["department"]],
                "sla_policy": policies[row["sla"]],
                "allows_anonymous": row["allows_anonymous"],
                "is_active": True,
            },
        )
        for attribute_row in row["attributes"]:
            attribute, _created = ServiceAttribute.objects.update_or_create(
                service=service,
                code=attribute_row["code"],
                defaults={
                    "datatype": attribute_row["datatype"],
                    "required": attribute_row["required"],
                    "variable": attribute_row["variable"],
                    "order": attribute_row["order"],
                    "description": attribute_row["description"],
                    "datatype_description": attribute_row["datatype_description"],
                    "is_active": True,
                },
            )
            for order, (key, name) in enumerate(attribute_row["values"], start=1):
                ServiceAttributeValue.objects.update_or_create(
                    attribute=attribute, key=key, defaults={"name": name, "order": order}
                )
        spanish = SERVICES_ES[row["code"]]
        ServiceTranslation.objects.update_or_create(
            service=service,
            language="es",
            defaults={
                "name": spanish["name"],
                "group": spanish["group"],
                "description": spanish["description"],
                "keywords": ", ".join(spanish["keywords"]),
                "attribute_texts": {
                    code: {
                        "description": texts["description"],
                        "datatype_description": texts.get("datatype_description", ""),
                        "values": dict(texts["values"]),
                    }
                    for code, texts in spanish["attributes"].items()
                },
            },
        )
    return {
        "departments": len(departments),
        "calendars": len(calendars),
        "sla_policies": len(policies),
        "services": len(data.SERVICES),
    }


# --- Staff ---------------------------------------------------------------------------------------

DEMO_STAFF: list[tuple[str, str, str, Role, str]] = [
    # username, first name, last name, role, department code ("" for city-wide roles)
    ("admin", "Avery", "Admin", Role.ADMINISTRATOR, ""),
    ("agent", "Jordan", "Reyes", Role.AGENT, ""),
    ("agent2", "Mei", "Chen", Role.AGENT, ""),
    ("supervisor", "Dana", "Okafor", Role.SUPERVISOR, "public-works"),
    ("staff", "Luis", "Moreno", Role.DEPARTMENT_STAFF, "public-works"),
    ("sanitation", "Grace", "Whitfield", Role.DEPARTMENT_STAFF, "sanitation"),
    ("crew", "Sam", "Kowalski", Role.CREW_MEMBER, "public-works"),
    ("engagement", "Priya", "Natarajan", Role.ENGAGEMENT_COORDINATOR, ""),
]


@transaction.atomic
def seed_staff(*, now: datetime) -> list[DemoLogin]:
    """One demo login per role; all share DEMO_PASSWORD. Existing users keep their password."""
    logins: list[DemoLogin] = []
    for username, first_name, last_name, role, department_code in DEMO_STAFF:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@alderport.example",
                "is_staff": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        department = Department.objects.get(code=department_code) if department_code else None
        if department_code and department is None:
            continue
        role_assign(user=user, role=role, department=department, actor=None, now=now)
        logins.append(
            DemoLogin(
                username=username,
                role=str(role.label),
                department=department.name if department else "",
            )
        )
    return logins


# --- Geography -----------------------------------------------------------------------------------


@transaction.atomic
def seed_geography(*, now: datetime) -> dict[str, int]:
    """The city limit (the jurisdiction), six council districts, two sanitation routes and the
    generated address points. Matched by code and address id, so running it again changes
    nothing."""
    layers = [
        (
            BoundaryKind.JURISDICTION,
            "city-limit",
            [("alderport", "City of Alderport", city_limit_geometry())],
        ),
        (BoundaryKind.DISTRICT, "council-districts", district_polygons()),
        (BoundaryKind.SERVICE_AREA, "sanitation-routes", sanitation_areas()),
    ]
    boundaries = 0
    for kind, layer, polygons in layers:
        boundaries_import(
            features=[
                BoundaryFeature(code=code, name=name, geometry=geometry)
                for code, name, geometry in polygons
            ],
            kind=kind,
            layer=layer,
            replace=True,
            now=now,
        )
        boundaries += len(polygons)
    points = address_points()
    address_points_import(
        records=(
            AddressRecord(
                address_id=point.address_id,
                house_number=point.house_number,
                street=point.street,
                zip_code=point.zip_code,
                city="Alderport",
                latitude=point.latitude,
                longitude=point.longitude,
            )
            for point in points
        ),
        now=now,
    )
    return {"boundaries": boundaries, "districts": 6, "address_points": len(points)}


def _typed(rng: random.Random, house_number: str, street: str) -> str:
    """The address as a caller says it or a resident types it: case and abbreviations vary."""
    words = street.split()
    short = {"Street": "St", "Avenue": "Ave", "Road": "Rd", "Boulevard": "Blvd"}
    style = rng.random()
    if style < 0.4:
        words[-1] = short.get(words[-1], words[-1]) + rng.choice(["", "."])
    text = f"{house_number} {' '.join(words)}"
    if style > 0.8:
        return text.lower()
    return text.upper() if style > 0.7 else text


def _demo_location(rng: random.Random, channel: Channel) -> Location:
    """Where a generated request is, as its channel would give it: the app sends a point, a
    caller an address (geocoded at intake), the web form both."""
    lon, lat = random_point(rng)
    nearest = gazetteer().nearest(latitude=lat, longitude=lon)
    if nearest is None:
        return Location(latitude=lat, longitude=lon, address=_address(rng))
    if channel in {Channel.APP, Channel.SOCIAL}:
        # A phone's GPS: within ~15 m of the door, and inside the city.
        jittered = (
            round(nearest.longitude + rng.uniform(-0.00015, 0.00015), 6),
            round(nearest.latitude + rng.uniform(-0.0001, 0.0001), 6),
        )
        if point_in_polygon(*jittered, CITY_LIMIT):
            return Location(latitude=jittered[1], longitude=jittered[0])
        return Location(latitude=nearest.latitude, longitude=nearest.longitude)
    if channel == Channel.WEB:
        return Location(
            latitude=nearest.latitude, longitude=nearest.longitude, address=nearest.label
        )
    return Location(address=_typed(rng, nearest.house_number, nearest.street))


# --- Requests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """What will happen to one generated request: when it came in and how its story goes."""

    created_at: datetime
    service: dict[str, Any]
    channel: Channel


def _weighted(rng: random.Random, pairs: Iterable[tuple[Any, int]]) -> Any:
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights, k=1)[0]


def _is_in_season(service: dict[str, Any], month: int) -> bool:
    text = f"{service['name']} {service['group']}".lower()
    return all(month in months for word, months in SEASONAL_GROUP_WORDS.items() if word in text)


def _created_at(rng: random.Random, now: datetime) -> datetime:
    """A moment in the past year, mostly in working hours, fewer at night and at weekends."""
    while True:
        moment = now - timedelta(seconds=rng.uniform(0, 365 * 24 * 3600))
        local = timezone.localtime(moment)
        weight = 1.0 if 7 <= local.hour < 20 else 0.15
        if local.weekday() >= 5:
            weight *= 0.55
        if rng.random() < weight:
            return moment


def _plans(rng: random.Random, count: int, now: datetime) -> list[_Plan]:
    services = [(service, service["weight"]) for service in data.SERVICES]
    plans: list[_Plan] = []
    while len(plans) < count:
        created_at = _created_at(rng, now)
        service = _weighted(rng, services)
        if not _is_in_season(service, timezone.localtime(created_at).month):
            continue
        plans.append(
            _Plan(created_at=created_at, service=service, channel=_weighted(rng, CHANNEL_SHARES))
        )
    plans.sort(key=lambda plan: plan.created_at)
    return plans


def _answer(rng: random.Random, attribute: dict[str, Any], created_at: datetime) -> Any:
    datatype = attribute["datatype"]
    keys = [key for key, _name in attribute["values"]]
    if datatype == AttributeDatatype.SINGLEVALUELIST:
        return rng.choice(keys)
    if datatype == AttributeDatatype.MULTIVALUELIST:
        return rng.sample(keys, k=min(len(keys), rng.choice([1, 1, 2, 3])))
    if datatype == AttributeDatatype.NUMBER:
        return rng.choice([1, 1, 2, 2, 3, 4, 5, 7, 10, 14])
    if datatype == AttributeDatatype.DATETIME:
        return (created_at - timedelta(hours=rng.uniform(0.5, 72))).isoformat()
    if datatype == AttributeDatatype.STRING:
        return f"{rng.choice('ABCDEFGHJKLMNPRSTUVWXYZ')}{rng.randint(100, 9999)}"
    return rng.choice(
        [
            "It has been like this for a while.",
            "Please send someone soon, it is getting worse.",
            "Near the bus stop on the corner.",
            "Happy to answer questions if you call.",
        ]
    )


def _answers(rng: random.Random, service: dict[str, Any], created_at: datetime) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for attribute in service["attributes"]:
        if not attribute["variable"]:
            continue
        if attribute["required"] or rng.random() < 0.6:
            answers[attribute["code"]] = _answer(rng, attribute, created_at)
    return answers


def _address(rng: random.Random) -> str:
    number = rng.randint(1, 48) * 100 + rng.randint(0, 99)
    return f"{number} {rng.choice(data.STREET_NAMES)} {rng.choice(data.STREET_SUFFIXES)}"


def _resident(rng: random.Random, index: int, language: str) -> ContactDetails:
    first = data.FIRST_NAMES[index % len(data.FIRST_NAMES)]
    last = data.LAST_NAMES[(index * 7) % len(data.LAST_NAMES)]
    has_email = rng.random() < 0.75
    return ContactDetails(
        first_name=first,
        last_name=last,
        email=f"{first}.{last}.{index}@mail.example".lower().replace(" ", "") if has_email else "",
        phone=f"319-555-{index % 10000:04d}" if not has_email or rng.random() < 0.4 else "",
        language=language,
        wants_email_updates=has_email and rng.random() < 0.8,
        wants_sms_updates=rng.random() < 0.2,
    )


def _story(
    rng: random.Random, created_at: datetime, due_at: datetime | None, now: datetime
) -> list[tuple[Status, datetime]]:
    """The status changes a request went through by `now`, each with its moment."""
    span = (due_at - created_at) if due_at else timedelta(days=10)
    span = max(span, timedelta(hours=4))
    roll = rng.random()
    if roll < 0.04:
        return [(Status.CLOSED_DUPLICATE, created_at + span * rng.uniform(0.02, 0.2))]
    if roll < 0.06:
        return [(Status.CANCELLED, created_at + span * rng.uniform(0.05, 0.5))]
    if roll < 0.08:
        return [(Status.REFERRED, created_at + span * rng.uniform(0.05, 0.3))]
    # Time to resolve: log-normal around 70% of the SLA span; about one in five runs late.
    resolve_after = span * math.exp(rng.gauss(math.log(0.7), 0.55))
    acknowledge_after = min(resolve_after * 0.1, timedelta(hours=rng.uniform(1, 20)))
    start_after = resolve_after * rng.uniform(0.3, 0.7)
    steps: list[tuple[Status, datetime]] = [
        (Status.ACKNOWLEDGED, created_at + acknowledge_after),
        (Status.IN_PROGRESS, created_at + start_after),
    ]
    if rng.random() < 0.07:
        hold_at = created_at + start_after + (resolve_after - start_after) * 0.3
        steps += [
            (Status.ON_HOLD, hold_at),
            (Status.IN_PROGRESS, hold_at + (resolve_after - start_after) * 0.4),
        ]
    steps.append((Status.RESOLVED, created_at + resolve_after))
    steps.append((Status.CLOSED, created_at + resolve_after + timedelta(days=rng.uniform(3, 10))))
    return [(status, moment) for status, moment in steps if moment <= now]


def seed_requests(
    *,
    target: int,
    now: datetime,
    random_seed: int = 311,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Add generated requests until there are `target` in all; return how many were added."""
    existing = ServiceRequest.objects.count()
    missing = max(0, target - existing)
    if not missing:
        return 0
    rng = random.Random(f"{random_seed}:{existing}")
    plans = _plans(rng, missing, now)
    staff = {user.username: user for user in User.objects.filter(is_staff=True)}
    agents = [staff[name] for name in ("agent", "agent2") if name in staff]
    workers = [staff[name] for name in ("staff", "sanitation", "supervisor") if name in staff]
    services = {service.code: service for service in Service.objects.select_related("sla_policy")}
    languages = [("en", 85), ("es", 15)]
    residents = max(200, missing // 3)
    open_by_service: dict[str, list[ServiceRequest]] = {}
    created = 0
    for start in range(0, len(plans), BATCH_SIZE):
        with transaction.atomic():
            for plan in plans[start : start + BATCH_SIZE]:
                service = services[plan.service["code"]]
                location = _demo_location(rng, plan.channel)
                anonymous = plan.service["allows_anonymous"] and rng.random() < 0.3
                contact = (
                    None
                    if anonymous
                    else _resident(rng, rng.randrange(residents), _weighted(rng, languages))
                )
                is_agent_channel = plan.channel in {Channel.PHONE, Channel.WALK_IN}
                result = service_request_submit(
                    service_code=service.code,
                    description=rng.choice(plan.service["descriptions"]),
                    attributes=_answers(rng, plan.service, plan.created_at),
                    location=location,
                    channel=plan.channel,
                    contact=contact,
                    actor=rng.choice(agents) if is_agent_channel and agents else None,
                    now=plan.created_at,
                    interaction_started_at=plan.created_at - timedelta(seconds=rng.randint(90, 600))
                    if is_agent_channel
                    else None,
                    notify=False,
                )
                request = result.service_request
                _play_story(rng, request, now=now, workers=workers, open_by_service=open_by_service)
                created += 1
        if progress is not None:
            progress(min(BATCH_SIZE, len(plans) - start))
    _settle_updated_at()
    return created


def _play_story(
    rng: random.Random,
    request: ServiceRequest,
    *,
    now: datetime,
    workers: list[User],
    open_by_service: dict[str, list[ServiceRequest]],
) -> None:
    service_code = request.service.code
    for planned, moment in _story(rng, request.created_at, request.sla_due_at, now):
        actor = rng.choice(workers) if workers else None
        status = planned
        if planned == Status.CLOSED_DUPLICATE:
            earlier = [
                other
                for other in open_by_service.get(service_code, [])[-20:]
                if other.duplicate_of_id is None
                and (other.closed_at is None or other.closed_at > moment)
            ]
            if earlier:
                service_request_mark_duplicate(
                    service_request=request, original=rng.choice(earlier), actor=actor, now=moment
                )
                return
            status = Status.CANCELLED
        notes = data.STAFF_NOTES.get(status.value, [])
        service_request_change_status(
            service_request=request,
            to_status=status,
            actor=actor,
            now=moment,
            note=rng.choice(notes) if notes and rng.random() < 0.7 else "",
        )
    open_by_service.setdefault(service_code, []).append(request)


def _settle_updated_at() -> None:
    """Set each request's `updated_at` to its last event, as if it had lived through the year."""
    last_event = (
        ServiceRequestEvent.objects.filter(service_request=OuterRef("pk"))
        .values("service_request")
        .annotate(last=Max("occurred_at"))
        .values("last")
    )
    ServiceRequest.objects.update(updated_at=Subquery(last_event))
    service_requests_changed()
