"""Routing rules: precedence, fallbacks, boundaries, answers, channels, referrals at intake."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from civicdesk.catalog.enums import AttributeDatatype
from civicdesk.catalog.models import Service
from civicdesk.crm.enums import Channel
from civicdesk.geo.models import Boundary
from civicdesk.routing.enums import RoutingSource
from civicdesk.routing.resolve import routing_resolve, routing_table
from civicdesk.service_requests.enums import EventType, Priority, Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import Location, service_request_submit
from tests.factories import (
    DepartmentFactory,
    ServiceAttributeFactory,
    ServiceAttributeValueFactory,
    ServiceFactory,
)
from tests.factories.geo import BoundaryFactory, square
from tests.factories.routing import (
    QueueFactory,
    ReferralAgencyFactory,
    RoutingRuleFactory,
    ServiceRouteFactory,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
# Two districts side by side, and a north service area across both.
WEST = Location(latitude=42.38, longitude=-92.88)
EAST = Location(latitude=42.38, longitude=-92.82)
NORTH_EAST = Location(latitude=42.43, longitude=-92.82)


@pytest.fixture
def pothole() -> Service:
    return ServiceFactory(code="POTHOLE", name="Pothole")


@pytest.fixture
def districts() -> None:
    BoundaryFactory(layer="districts", code="1", geometry=square(-92.90, 42.36, -92.85, 42.44))
    BoundaryFactory(layer="districts", code="2", geometry=square(-92.85, 42.36, -92.80, 42.44))
    BoundaryFactory(
        kind="service_area",
        layer="street-maintenance",
        code="north",
        name="North yard",
        geometry=square(-92.90, 42.42, -92.80, 42.44),
    )


def submit(service: Service, location: Location, **extra: Any) -> ServiceRequest:
    return service_request_submit(
        service_code=service.code, location=location, channel=Channel.WEB, now=NOW, **extra
    ).service_request


def test_resolve__no_rule_no_default_goes_to_the_service_department(pothole: Service) -> None:
    route = routing_resolve(service=pothole)

    assert (route.department, route.queue, route.priority, route.source) == (
        pothole.department,
        None,
        Priority.NORMAL,
        RoutingSource.DEPARTMENT,
    )


def test_resolve__falls_back_to_the_department_default_queue(pothole: Service) -> None:
    QueueFactory(department=pothole.department, is_default=False)
    default = QueueFactory(department=pothole.department, is_default=True)

    route = routing_resolve(service=pothole)

    assert (route.queue, route.source) == (default, RoutingSource.DEPARTMENT_DEFAULT)


def test_resolve__service_default_beats_the_department_default(pothole: Service) -> None:
    QueueFactory(department=pothole.department, is_default=True)
    streets = QueueFactory(department=pothole.department, code="streets")
    ServiceRouteFactory(service=pothole, queue=streets, priority=Priority.HIGH)

    route = routing_resolve(service=pothole)

    assert (route.queue, route.priority, route.source) == (
        streets,
        Priority.HIGH,
        RoutingSource.SERVICE_DEFAULT,
    )


def test_resolve__first_matching_rule_by_position_wins(pothole: Service) -> None:
    ServiceRouteFactory(service=pothole, queue=QueueFactory(department=pothole.department))
    first = QueueFactory(department=pothole.department, code="first")
    second = QueueFactory(department=pothole.department, code="second")
    RoutingRuleFactory(name="later", position=20, service=pothole, queue=second)
    rule = RoutingRuleFactory(name="earlier", position=10, service=pothole, queue=first)
    RoutingRuleFactory(name="inactive", position=1, service=pothole, queue=second, is_active=False)

    route = routing_resolve(service=pothole)

    assert (route.queue, route.rule, route.source) == (first, rule, RoutingSource.RULE)


def test_resolve__reads_the_shared_version_stamps_once_per_request(
    pothole: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A rule that sends the request on to its own queue goes through every fallback.
    rule_queue = QueueFactory(department=pothole.department, is_active=False)
    QueueFactory(department=pothole.department, is_default=True)
    RoutingRuleFactory(service=pothole, queue=rule_queue, priority=Priority.HIGH)
    routing_resolve(service=pothole)  # the table is loaded
    reads: list[str] = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args: reads.append(key) or real_get(key, *args))

    route = routing_resolve(service=pothole)

    assert (route.source, route.priority) == (RoutingSource.RULE, Priority.HIGH)
    assert sorted(reads) == ["catalog:version", "routing:version"]


def test_resolve__a_table_read_beforehand_answers_as_the_rules_were(pothole: Service) -> None:
    # The history import reads the table once per batch and routes a thousand requests with it.
    before = routing_table()
    queue = QueueFactory(department=pothole.department)
    RoutingRuleFactory(service=pothole, queue=queue)

    assert routing_resolve(service=pothole, table=before).source == RoutingSource.DEPARTMENT
    assert routing_resolve(service=pothole).queue == queue
    assert routing_resolve(service=pothole, table=routing_table()).queue == queue


def test_resolve__rule_for_another_service_does_not_match(pothole: Service) -> None:
    other = ServiceFactory(department=pothole.department)
    RoutingRuleFactory(service=other, queue=QueueFactory(department=pothole.department))

    assert routing_resolve(service=pothole).source == RoutingSource.DEPARTMENT


def test_resolve__priority_only_rule_keeps_the_default_queue(pothole: Service) -> None:
    streets = QueueFactory(department=pothole.department)
    ServiceRouteFactory(service=pothole, queue=streets)
    RoutingRuleFactory(service=pothole, channel=Channel.PHONE, priority=Priority.URGENT)

    by_phone = routing_resolve(service=pothole, channel=Channel.PHONE)
    by_web = routing_resolve(service=pothole, channel=Channel.WEB)

    assert (by_phone.queue, by_phone.priority) == (streets, Priority.URGENT)
    assert (by_web.queue, by_web.priority, by_web.source) == (
        streets,
        Priority.NORMAL,
        RoutingSource.SERVICE_DEFAULT,
    )


def test_resolve__rule_can_send_to_another_department(pothole: Service) -> None:
    parks = DepartmentFactory(code="parks")
    parks_default = QueueFactory(department=parks, is_default=True)
    RoutingRuleFactory(
        service=pothole, attribute_code="in_park", attribute_value="true", department=parks
    )

    route = routing_resolve(service=pothole, attributes={"in_park": True})
    other = routing_resolve(service=pothole, attributes={"in_park": False})

    assert (route.department, route.queue) == (parks, parks_default)
    assert other.department == pothole.department


def test_resolve__answer_in_a_multivalue_list_matches(pothole: Service) -> None:
    hazards = QueueFactory(department=pothole.department)
    RoutingRuleFactory(attribute_code="hazards", attribute_value="gas", queue=hazards)

    assert routing_resolve(service=pothole, attributes={"hazards": ["water", "gas"]}).queue == (
        hazards
    )
    assert routing_resolve(service=pothole, attributes={"hazards": ["water"]}).queue is None


def test_rule__must_do_something_and_queue_must_be_in_department() -> None:
    with pytest.raises(ValidationError) as nothing:
        RoutingRuleFactory.build(name="empty").full_clean()
    assert "queue" in nothing.value.message_dict

    queue = QueueFactory()
    mismatched = RoutingRuleFactory.build(name="x", queue=queue, department=DepartmentFactory())
    with pytest.raises(ValidationError) as wrong:
        mismatched.full_clean()
    assert "queue" in wrong.value.message_dict


def test_intake__routes_by_district_boundary(pothole: Service, districts: None) -> None:
    east_queue = QueueFactory(department=pothole.department, code="east")
    west_queue = QueueFactory(department=pothole.department, code="west", is_default=True)
    RoutingRuleFactory(
        service=pothole,
        boundary=Boundary.objects.get(layer="districts", code="2"),
        queue=east_queue,
    )

    east = submit(pothole, EAST)
    west = submit(pothole, WEST)

    assert (east.district, east.queue) == ("2", east_queue)
    assert (west.district, west.queue) == ("1", west_queue)
    created = east.events.get(event_type=EventType.CREATED)
    assert created.data["routing"]["queue"] == "east"
    assert created.data["routing"]["source"] == "rule"


def test_intake__routes_by_service_area_before_district(pothole: Service, districts: None) -> None:
    north = QueueFactory(department=pothole.department, code="north-yard")
    east_queue = QueueFactory(department=pothole.department, code="east")
    RoutingRuleFactory(
        position=1,
        boundary=Boundary.objects.get(layer="street-maintenance", code="north"),
        queue=north,
        priority=Priority.HIGH,
    )
    RoutingRuleFactory(position=2, boundary=Boundary.objects.get(code="2"), queue=east_queue)

    in_north = submit(pothole, NORTH_EAST)
    in_south = submit(pothole, EAST)

    assert (in_north.queue, in_north.priority) == (north, Priority.HIGH)
    assert (in_south.queue, in_south.priority) == (east_queue, Priority.NORMAL)


def test_intake__routes_by_attribute_answer(pothole: Service) -> None:
    depth = ServiceAttributeFactory(
        service=pothole, code="depth", datatype=AttributeDatatype.SINGLEVALUELIST
    )
    ServiceAttributeValueFactory(attribute=depth, key="shallow", name="Shallow")
    ServiceAttributeValueFactory(attribute=depth, key="deep", name="Deep")
    urgent = QueueFactory(department=pothole.department, code="urgent")
    RoutingRuleFactory(
        service=pothole,
        attribute_code="depth",
        attribute_value="deep",
        queue=urgent,
        priority=Priority.URGENT,
    )

    deep = submit(pothole, WEST, attributes={"depth": "deep"})
    shallow = submit(pothole, WEST, attributes={"depth": "shallow"})

    assert (deep.queue, deep.priority) == (urgent, Priority.URGENT)
    assert (shallow.queue, shallow.priority) == (None, Priority.NORMAL)


def test_intake__referral_rule_closes_the_request_and_tells_the_resident_where_to_go(
    pothole: Service, districts: None
) -> None:
    agency = ReferralAgencyFactory(name="State DOT", phone="+1 515 555 0100")
    RoutingRuleFactory(boundary=Boundary.objects.get(code="north"), refer_to=agency)

    referred = submit(pothole, NORTH_EAST)
    kept = submit(pothole, EAST)

    assert referred.status == Status.REFERRED
    assert referred.open311_status == "closed"
    event = referred.events.get(event_type=EventType.STATUS_CHANGED)
    assert event.is_public
    assert "State DOT" in event.note
    assert "+1 515 555 0100" in event.note
    assert event.data["referred_to"]["name"] == "State DOT"
    assert kept.status == Status.NEW


def test_resolve__rules_are_read_once_and_a_change_is_seen_at_once(pothole: Service) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = QueueFactory(department=pothole.department, code="first")
    second = QueueFactory(department=pothole.department, code="second")
    rule = RoutingRuleFactory(name="to first", position=10, service=pothole, queue=first)
    assert routing_resolve(service=pothole).queue == first
    with CaptureQueriesContext(connection) as queries:
        assert routing_resolve(service=pothole).queue == first
    assert len(queries) == 0

    rule.queue = second
    rule.save()
    assert routing_resolve(service=pothole).queue == second
    first_again = RoutingRuleFactory(name="first again", position=1, service=pothole, queue=first)
    assert routing_resolve(service=pothole).rule == first_again
    first_again.delete()
    assert routing_resolve(service=pothole).queue == second
