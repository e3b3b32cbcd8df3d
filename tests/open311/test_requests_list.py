"""GET requests and requests/<id>: filters with their precedence, windows, paging, extensions,
and no personal data anywhere."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.catalog.models import Service
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services.lifecycle import (
    service_request_add_note,
    service_request_change_status,
)
from tests.factories import ServiceFactory, staff_user
from tests.open311.conftest import CHICAGO, City, Submit, errors_of, get, parse

FORMATS = ["json", "xml"]


def ids(response: Any) -> list[str]:
    body = parse(response)
    if isinstance(body, list):
        return [item["service_request_id"] for item in body]
    return [request.findtext("service_request_id") or "" for request in body.findall("request")]


@pytest.fixture
def recent(city: City, submit: Submit) -> list[ServiceRequest]:
    """Five requests over the last five days, newest last; two potholes, one closed."""
    now = timezone.now()
    made = []
    for days_ago, service in ((5, city.graffiti), (4, city.pothole), (3, city.graffiti)):
        attributes = {"WHERE": "STREET"} if service == city.pothole else {}
        made.append(
            submit(now=now - timedelta(days=days_ago), service=service, attributes=attributes)
        )
    made.append(
        submit(now=now - timedelta(days=2), service=city.pothole, attributes={"WHERE": "ALLEY"})
    )
    made.append(submit(now=now - timedelta(days=1), email="ada@example.com"))
    agent = staff_user(Role.ADMINISTRATOR)
    service_request_change_status(
        service_request=made[0],
        to_status=Status.CANCELLED,
        actor=agent,
        now=now,
        note="Painted over",
    )
    return made


@pytest.mark.parametrize("fmt", FORMATS)
def test_list__newest_first_within_the_last_90_days(
    client: Client, city: City, submit: Submit, recent: list[ServiceRequest], fmt: str
) -> None:
    submit(now=timezone.now() - timedelta(days=91))
    response = get(client, f"requests.{fmt}")
    assert response.status_code == 200
    assert ids(response) == [r.public_id for r in reversed(recent)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_list__filters_by_service_code_and_status_lists(
    client: Client, recent: list[ServiceRequest], fmt: str
) -> None:
    assert ids(get(client, f"requests.{fmt}", service_code="POT")) == [
        recent[3].public_id,
        recent[1].public_id,
    ]
    assert ids(get(client, f"requests.{fmt}", status="closed")) == [recent[0].public_id]
    assert len(ids(get(client, f"requests.{fmt}", status="open,closed"))) == 5
    assert ids(get(client, f"requests.{fmt}", service_code="GRAF,POT", status="closed")) == [
        recent[0].public_id
    ]


def test_list__service_request_id_overrides_every_other_filter(
    client: Client, recent: list[ServiceRequest]
) -> None:
    wanted = f"{recent[0].public_id},{recent[3].public_id}"
    response = get(
        client,
        "requests.json",
        service_request_id=wanted,
        service_code="NOPE",
        status="open",
        start_date="2001-01-01",
    )
    assert sorted(ids(response)) == sorted([recent[0].public_id, recent[3].public_id])


def test_list__start_and_end_dates_bound_requested_datetime(
    client: Client, recent: list[ServiceRequest]
) -> None:
    start = timezone.localtime(recent[1].created_at) - timedelta(minutes=1)
    end = timezone.localtime(recent[2].created_at) + timedelta(minutes=1)
    response = get(
        client,
        "requests.json",
        # the form chicagorequests sends: a space, fractions and an offset
        start_date=start.isoformat(sep=" "),
        end_date=end.strftime("%Y-%m-%dT%H:%M:%S.999999%z"),
    )
    assert ids(response) == [recent[2].public_id, recent[1].public_id]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2024-02-30T00:00:00Z"}, "end_date"),
        ({"updated_after": "soon"}, "updated_after"),
        ({"start_date": "2024-01-01T00:00:00Z", "end_date": "2024-04-01T00:00:01Z"}, "90 days"),
        ({"start_date": "2024-05-01", "end_date": "2024-04-01"}, "after"),
        ({"status": "pending"}, "status"),
        ({"page_size": "5000"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"lat": "41.8"}, "long"),
        ({"end_date": "0001-01-01T00:00:00Z"}, "range"),
    ],
    ids=[
        "word-date",
        "impossible-date",
        "bad-updated",
        "span-over-90-days",
        "start-after-end",
        "unknown-status",
        "page-size-too-big",
        "page-zero",
        "lat-without-long",
        "date-out-of-range",
    ],
)
def test_list__bad_arguments_are_400_naming_the_problem(
    client: Client, city: City, fmt: str, arguments: dict[str, str], named: str
) -> None:
    response = get(client, f"requests.{fmt}", **arguments)
    assert response.status_code == 400
    descriptions = " ".join(description for _code, description in errors_of(response, fmt))
    assert named in descriptions


def test_list__a_plus_sign_sent_unencoded_still_reads_as_an_offset(
    client: Client, recent: list[ServiceRequest]
) -> None:
    start = timezone.localtime(recent[0].created_at, timezone=CHICAGO) - timedelta(hours=1)
    raw = start.strftime("%Y-%m-%dT%H:%M:%S") + "+" + "00:00"
    response = client.get(f"/open311/v2/requests.json?start_date={raw}")
    assert response.status_code == 200


def test_list__pages_are_full_except_the_last(client: Client, recent: list[ServiceRequest]) -> None:
    newest_first = [r.public_id for r in reversed(recent)]
    pages = [ids(get(client, "requests.json", page=page, page_size=2)) for page in (1, 2, 3, 4)]
    assert pages == [newest_first[0:2], newest_first[2:4], newest_first[4:5], []]


def test_list__updated_after_alone_is_a_change_feed_without_the_90_day_window(
    client: Client, submit: Submit, recent: list[ServiceRequest]
) -> None:
    old = submit(now=timezone.now() - timedelta(days=200))
    ServiceRequest.objects.filter(pk=old.pk).update(updated_at=timezone.now())
    ServiceRequest.objects.exclude(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=30))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert ids(get(client, "requests.json", updated_after=since)) == [old.public_id]


def test_list__radius_search_keeps_requests_within_the_distance(
    client: Client, city: City, submit: Submit
) -> None:
    now = timezone.now() - timedelta(hours=1)
    near = submit(now=now, latitude=41.8800, longitude=-87.6300)
    submit(now=now, latitude=41.8900, longitude=-87.6300)  # about 1.1 km north
    response = get(client, "requests.json", lat="41.8805", long="-87.6300", radius="200")
    assert ids(response) == [near.public_id]


@pytest.mark.parametrize("fmt", FORMATS)
def test_list__extensions_add_detailed_status_channel_and_public_notes_only(
    client: Client, recent: list[ServiceRequest], fmt: str
) -> None:
    cancelled = recent[0]
    agent = staff_user(Role.ADMINISTRATOR)
    service_request_add_note(
        service_request=cancelled,
        note="Internal: caller is a neighbour of the councillor",
        is_public=False,
        actor=agent,
        now=timezone.now(),
    )
    response = get(client, f"requests/{cancelled.public_id}.{fmt}", extensions="true")
    content = response.content.decode()
    assert "Internal" not in content
    body = parse(response)
    if fmt == "json":
        record = body[0]
        assert record["status"] == "closed"
        extended = record["extended_attributes"]
        assert extended["detailed_status"] == "cancelled"
        assert extended["channel"] == "phone"
        assert [note["type"] for note in record["notes"]] == ["submitted", "closed"]
        assert record["notes"][1]["description"] == "Painted over"
    else:
        record = body.find("request")
        assert record.findtext("extended_attributes/detailed_status") == "cancelled"
        assert [n.findtext("type") for n in record.findall("notes/note")] == [
            "submitted",
            "closed",
        ]


def test_list__without_extensions_is_strictly_core(
    client: Client, recent: list[ServiceRequest]
) -> None:
    record = parse(get(client, "requests.json"))[0]
    assert list(record) == [
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    ]
    assert isinstance(record["lat"], float)
    assert record["requested_datetime"][-6:] in {"-06:00", "-05:00"}
    assert "." not in record["requested_datetime"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_personal_data_in_any_response(
    client: Client, city: City, recent: list[ServiceRequest], fmt: str
) -> None:
    client.post(
        f"/open311/v2/requests.{fmt}",
        {
            "api_key": city.api_key,
            "service_code": "GRAF",
            "address_string": "1 Elm St",
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace@example.com",
            "phone": "+13125550199",
        },
    )
    everything = "".join(
        get(client, path).content.decode()
        for path in (
            f"requests.{fmt}",
            f"requests.{fmt}?extensions=true",
            f"requests/{recent[-1].public_id}.{fmt}?extensions=true",
            f"servicerequestupdates.{fmt}",
        )
    )
    for personal in ("Ada", "Lovelace", "ada@example.com", "Grace", "Hopper", "grace@", "5550199"):
        assert personal not in everything


@pytest.mark.parametrize("fmt", FORMATS)
def test_detail__unknown_id_is_404(client: Client, city: City, fmt: str) -> None:
    response = get(client, f"requests/26-99999999.{fmt}")
    assert response.status_code == 404
    assert "26-99999999" in errors_of(response, fmt)[0][1]


def test_list__a_page_costs_a_fixed_number_of_queries(
    client: Client, city: City, submit: Submit
) -> None:
    now = timezone.now() - timedelta(hours=2)
    for minute in range(3):
        submit(now=now + timedelta(minutes=minute))
    with CaptureQueriesContext(connection) as few:
        get(client, "requests.json", extensions="true")
    for minute in range(3, 30):
        submit(now=now + timedelta(minutes=minute))
    with CaptureQueriesContext(connection) as many:
        response = get(client, "requests.json", extensions="true")
    assert len(parse(response)) == 30
    assert len(many.captured_queries) == len(few.captured_queries) <= 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_updates__poll_status_changes_with_fixmystreet_statuses(
    client: Client, recent: list[ServiceRequest], fmt: str
) -> None:
    start = (timezone.now() - timedelta(days=6)).isoformat()
    end = timezone.now().isoformat()
    body = parse(get(client, f"servicerequestupdates.{fmt}", start_date=start, end_date=end))
    if fmt == "json":
        updates = [(u["service_request_id"], u["status"]) for u in body]
    else:
        assert body.tag == "service_request_updates"
        updates = [
            (u.findtext("service_request_id"), u.findtext("status"))
            for u in body.findall("request_update")
        ]
    assert updates[0] == (recent[0].public_id, "open")
    assert updates[-1] == (recent[0].public_id, "cancelled")
    assert len(updates) == 6


@pytest.mark.parametrize("fmt", FORMATS)
def test_updates__span_over_90_days_is_400(client: Client, city: City, fmt: str) -> None:
    response = get(
        client, f"servicerequestupdates.{fmt}", start_date="2024-01-01", end_date="2024-06-01"
    )
    assert response.status_code == 400
    assert "90 days" in errors_of(response, fmt)[0][1]


def test_list__without_paging_the_first_page_is_capped(
    client: Client, recent: list[ServiceRequest], monkeypatch: pytest.MonkeyPatch
) -> None:
    from civicdesk.open311 import selectors

    assert selectors.DEFAULT_PAGE_SIZE == 1000
    monkeypatch.setattr(selectors, "DEFAULT_PAGE_SIZE", 3)
    assert ids(get(client, "requests.json")) == [r.public_id for r in reversed(recent)][:3]


def test_list__service_code_filter_reads_the_catalog_once_and_sees_a_new_service(
    client: Client, city: City, submit: Submit
) -> None:
    submit(
        now=timezone.now() - timedelta(hours=1),
        service=city.pothole,
        attributes={"WHERE": "STREET"},
    )
    assert len(parse(get(client, "requests.json", service_code="POT"))) == 1
    with CaptureQueriesContext(connection) as again:
        listed = parse(get(client, "requests.json", service_code="POT,GRAF"))
    assert [item["service_code"] for item in listed] == ["POT"]
    assert len(again.captured_queries) == 2  # the page and its photos; no catalog look-up
    ServiceFactory(code="TREE", name="Fallen tree", department=city.graffiti.department)
    submit(now=timezone.now() - timedelta(minutes=30), service=Service.objects.get(code="TREE"))
    listed = parse(get(client, "requests.json", service_code="TREE"))
    assert [item["service_code"] for item in listed] == ["TREE"]
