"""The real PyPI Open311 clients, unchanged, against a live CivicDesk: civicbot (all six methods,
JSON), georeport (the four GETs, JSON and XML) and chicagorequests (paging, extensions=true,
updated_after/before with the datetimes it really sends)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from civicdesk.service_requests.models import ServiceRequest
from tests.open311.conftest import CHICAGO, City, Submit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def base_url(live_server: Any) -> str:
    return f"{live_server.url}/open311/v2"


def test_civicbot__every_method_including_a_post_with_multi_value_attributes(
    base_url: str, city: City, submit: Submit
) -> None:
    from civicbot.http import HttpError, HttpTransport, RateLimiter
    from civicbot.open311 import Open311Client
    from civicbot.registry import Endpoint

    earlier = submit(now=timezone.now() - timedelta(days=1))
    endpoint = Endpoint(id="local", name="Local", base_url=base_url, write=True)
    client = Open311Client(
        endpoint,
        transport=HttpTransport(rate_limiter=RateLimiter(min_interval=0)),
        jurisdiction_id="alderport.example",
    )
    services = client.list_services()
    assert [service["service_code"] for service in services] == ["BULKY", "GRAF", "POT"]
    definition = client.get_service_definition("POT")
    assert [attribute["code"] for attribute in definition["attributes"]] == [
        "WHERE",
        "SIDES",
        "NOTICE",
    ]
    prepared = client.create_request(
        "POT",
        lat=41.88,
        lng=-87.63,
        description="Hole",
        attributes={"WHERE": "STREET", "SIDES": ["N", "S"]},
        media_url="https://photos.example.org/hole.jpg?w=800&h=600",
        email="a@example.com",
        api_key=city.api_key,
        validate_remote=True,
        dry_run=False,
        confirm="SEND",
    )
    new_id = prepared.response[0]["service_request_id"]
    stored = ServiceRequest.objects.get(public_id=new_id)
    assert stored.attributes == {"WHERE": "STREET", "SIDES": ["N", "S"]}
    listed = client.list_requests(
        status="open", page_size=50, service_request_ids=[earlier.public_id, new_id]
    )
    assert sorted(item["service_request_id"] for item in listed) == sorted(
        [earlier.public_id, new_id]
    )
    one = client.get_request(new_id)
    assert one is not None
    assert one["service_code"] == "POT"
    assert one["lat"] == pytest.approx(41.88)
    assert one["media_url"] == "https://photos.example.org/hole.jpg?w=800&h=600"
    batch = client.create_request(
        "BULKY",
        address_string="5 Elm St",
        api_key=city.api_key,
        dry_run=False,
        confirm="SEND",
    )
    token = batch.response[0]["token"]
    assert (
        client.get_token(token)[0]["service_request_id"].startswith("26-")
        or client.get_token(token)[0]["service_request_id"]
    )
    with pytest.raises(HttpError) as refused:
        client.create_request(
            "POT", lat=41.88, lng=-87.63, api_key="wrong", dry_run=False, confirm="SEND"
        )
    assert refused.value.status == 403
    assert json.loads(refused.value.body)[0]["code"] == 403


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport__the_four_gets_in_json_and_xml(
    base_url: str, city: City, submit: Submit, fmt: str
) -> None:
    from georeport import GeoReport

    made = submit(
        now=datetime(2024, 2, 1, 9, 30, tzinfo=CHICAGO),
        service=city.pothole,
        attributes={"WHERE": "STREET"},
    )
    submit(
        now=datetime(2024, 2, 2, 9, 30, tzinfo=CHICAGO),
        service=city.pothole,
        attributes={"WHERE": "ALLEY"},
    )
    submit(now=datetime(2024, 2, 3, 9, 30, tzinfo=CHICAGO))  # another service
    client = GeoReport(base_url, jurisdiction="alderport.example", output_format=fmt)
    services = client.get_service_list()
    assert [service["service_code"] for service in services] == ["BULKY", "GRAF", "POT"]
    if fmt == "xml":
        assert services[2]["metadata"] == "true"
    definition = client.get_service_definition("POT")
    attributes = (
        definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    )
    assert [attribute["code"] for attribute in attributes] == ["WHERE", "SIDES", "NOTICE"]
    found = client.get_service_requests(
        status="open,closed",
        service_code="POT",
        start_date="2024-01-01T00:00:00Z",
        end_date="2024-03-01T00:00:00Z",
    )
    assert [record["service_request_id"] for record in found] == [
        "24-00000002",
        made.public_id,
    ]
    one = client.get_service_request(made.public_id)
    assert one["service_request_id"] == made.public_id
    assert one["requested_datetime"] == "2024-02-01T09:30:00-06:00"
    assert str(one["lat"]) == "41.88"


def test_chicagorequests__downloads_every_page_of_each_day_with_extensions(
    live_server: Any, city: City, submit: Submit
) -> None:
    import chicagorequests
    from click.testing import CliRunner

    first_day = datetime(2024, 5, 1, 8, 0, tzinfo=CHICAGO)
    template = submit(now=first_day, description="Template")
    # 201 requests on 1 May (a full page of 200 and one more), 2 on 2 May, 1 on 3 May.
    clones = []
    for minute in range(1, 201):
        clone = ServiceRequest.objects.get(pk=template.pk)
        clone.pk = None
        clone.public_id = f"24-9{minute:07d}"
        clone.created_at = first_day + timedelta(minutes=minute)
        clones.append(clone)
    ServiceRequest.objects.bulk_create(clones)
    second = [submit(now=first_day + timedelta(days=1, hours=hour)) for hour in (1, 2)]
    submit(now=first_day + timedelta(days=2))
    for service_request in ServiceRequest.objects.all():
        ServiceRequest.objects.filter(pk=service_request.pk).update(
            updated_at=service_request.created_at + timedelta(hours=1)
        )
    chicagorequests.Downloader.BASE_URL = f"{live_server.url}/open311/v2/requests.json"
    result = CliRunner().invoke(
        chicagorequests.main,
        [
            "-s",
            "2024-05-01",
            "-e",
            "2024-05-02",
            "--updated-start-date",
            "2024-05-01",
            "--updated-end-date",
            "2024-05-02",
        ],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    ids = {record["service_request_id"] for record in records}
    assert len(records) == len(ids) == 203
    assert {service_request.public_id for service_request in second} <= ids
    assert all("extended_attributes" in record for record in records)
    assert records[0]["extended_attributes"]["channel"] == "phone"
