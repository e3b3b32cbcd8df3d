"""POST requests: through intake, with the key, the location rule and attributes in every form;
each refusal in JSON and XML, with nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from civicdesk.accounts.models import ApiKey
from civicdesk.accounts.services import api_key_revoke
from civicdesk.crm.enums import Channel
from civicdesk.crm.models import Contact, ContactIdentity, Interaction
from civicdesk.service_requests.models import (
    ServiceRequest,
    ServiceRequestEvent,
    ServiceRequestMedia,
)
from tests.open311.conftest import BASE, City, errors_of, get, parse

FORMATS = ["json", "xml"]


def stored() -> dict[str, int]:
    return {
        "requests": ServiceRequest.objects.count(),
        "events": ServiceRequestEvent.objects.count(),
        "media": ServiceRequestMedia.objects.count(),
        "contacts": Contact.objects.count(),
        "interactions": Interaction.objects.count(),
    }


def post(client: Client, fmt: str, data: dict[str, Any], **extra: Any) -> Any:
    return client.post(f"{BASE}/requests.{fmt}", data, **extra)


def pothole(city: City, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "api_key": city.api_key,
        "service_code": "POT",
        "lat": "41.8801",
        "long": "-87.6302",
        "description": "Deep hole\r\nnear the bus stop",
        "attribute[WHERE]": "STREET",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("fmt", FORMATS)
def test_post__files_the_request_through_intake_and_answers_its_id(
    client: Client, city: City, fmt: str
) -> None:
    response = post(
        client,
        fmt,
        pothole(
            city,
            email="ada@example.com",
            first_name="Ada",
            last_name="Lovelace",
            phone="+1 312 555 0101",
            **{"attribute[SIDES][]": ["N", "S"]},
        ),
    )
    assert response.status_code == 200
    service_request = ServiceRequest.objects.get()
    body = parse(response)
    if fmt == "json":
        assert body == [
            {
                "service_request_id": service_request.public_id,
                "service_notice": None,
                "account_id": None,
            }
        ]
    else:
        assert body.findtext("request/service_request_id") == service_request.public_id
        assert body.find("request/token") is None
    assert service_request.channel == Channel.APP
    assert service_request.attributes == {"WHERE": "STREET", "SIDES": ["N", "S"]}
    assert service_request.description == "Deep hole\nnear the bus stop"
    assert service_request.latitude == pytest.approx(41.8801)
    assert service_request.sla_due_at is not None
    assert service_request.requester is not None
    assert service_request.requester.first_name == "Ada"
    assert set(
        ContactIdentity.objects.filter(contact=service_request.requester).values_list(
            "value", flat=True
        )
    ) == {"ada@example.com", "+13125550101"}
    assert Interaction.objects.get().service_request_id == service_request.pk


@pytest.mark.parametrize(
    "form",
    [
        {"attribute[SIDES][]": ["N", "E"]},
        {"attribute[SIDES]": ["N", "E"]},
        {"attribute[SIDES]": "N,E"},
        {"attribute[SIDES][0]": "N", "attribute[SIDES][1]": "E"},
    ],
    ids=["brackets", "repeated", "comma-list", "indexed"],
)
def test_post__multi_value_attributes_arrive_in_every_form_clients_send(
    client: Client, city: City, form: dict[str, Any]
) -> None:
    response = post(client, "json", pothole(city, **form))
    assert response.status_code == 200, response.content
    assert ServiceRequest.objects.get().attributes["SIDES"] == ["N", "E"]


def test_post__api_key_and_jurisdiction_may_come_in_the_query_string(
    client: Client, city: City
) -> None:
    response = client.post(
        f"{BASE}/requests.json?api_key={city.api_key}&jurisdiction_id=alderport.example",
        pothole(city, api_key=None),
    )
    assert response.status_code == 200
    assert ServiceRequest.objects.count() == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_post__address_alone_is_a_location(client: Client, city: City, fmt: str) -> None:
    response = post(
        client, fmt, pothole(city, lat=None, long=None, address_string="100 Main St, Alderport")
    )
    assert response.status_code == 200
    assert ServiceRequest.objects.get().address == "100 Main St, Alderport"


@pytest.mark.parametrize("fmt", FORMATS)
def test_post__batch_service_answers_a_token_that_leads_to_the_request(
    client: Client, city: City, fmt: str
) -> None:
    response = post(
        client,
        "json",
        {"api_key": city.api_key, "service_code": "BULKY", "address_string": "5 Elm St"},
    )
    answer = parse(response)[0]
    assert "service_request_id" not in answer
    token = answer["token"]
    body = parse(get(client, f"tokens/{token}.{fmt}"))
    public_id = ServiceRequest.objects.get().public_id
    if fmt == "json":
        assert body == [{"service_request_id": public_id, "token": token}]
    else:
        assert body.findtext("request/service_request_id") == public_id
        assert body.findtext("request/token") == token


@pytest.mark.parametrize("fmt", FORMATS)
def test_tokens__a_forged_token_is_404(client: Client, city: City, fmt: str) -> None:
    response = get(client, f"tokens/IjI2LTAwMDAwMDAxIg:1xVpb5:forged.{fmt}")
    assert response.status_code == 404
    assert errors_of(response, fmt)[0][0] == 404


# --- Refusals ------------------------------------------------------------------------------------


REFUSALS: list[tuple[str, dict[str, Any], int, str]] = [
    ("missing key", {"api_key": None}, 403, "api_key"),
    ("wrong key", {"api_key": "cd_00000000_not-a-real-secret"}, 403, "api_key"),
    ("unknown service", {"service_code": "NOPE"}, 404, "NOPE"),
    ("missing service", {"service_code": ""}, 400, "service_code"),
    ("missing location", {"lat": None, "long": None}, 400, "location"),
    ("half a point", {"long": None}, 400, "location"),
    ("latitude not a number", {"lat": "north"}, 400, "lat"),
    ("latitude out of range", {"lat": "91"}, 400, "lat"),
    ("required attribute missing", {"attribute[WHERE]": None}, 400, "attribute[WHERE]"),
    ("not a choice", {"attribute[WHERE]": "ROOF"}, 400, "ROOF"),
    ("unknown attribute", {"attribute[COLOUR]": "red"}, 400, "COLOUR"),
    ("answer to information", {"attribute[NOTICE]": "ok"}, 400, "NOTICE"),
    ("description too long", {"description": "x" * 4001}, 400, "description"),
    ("bad e-mail", {"email": "not-an-address"}, 400, "email"),
    ("other jurisdiction", {"jurisdiction_id": "elsewhere.example"}, 404, "jurisdiction"),
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("change", "status", "named"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_post__refusal_names_the_problem_and_stores_nothing(  # noqa: PLR0917 - parametrized
    client: Client, city: City, fmt: str, change: dict[str, Any], status: int, named: str
) -> None:
    before = stored()
    response = post(client, fmt, pothole(city, **change))
    assert response.status_code == status
    errors = errors_of(response, fmt)
    assert errors
    assert all(code == status for code, _description in errors)
    assert any(named in description for _code, description in errors), errors
    assert stored() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_post__several_problems_come_back_together(client: Client, city: City, fmt: str) -> None:
    response = post(client, fmt, pothole(city, lat=None, long=None, **{"attribute[WHERE]": None}))
    descriptions = " ".join(description for _code, description in errors_of(response, fmt))
    assert response.status_code == 400
    assert "WHERE" in descriptions
    assert "location" in descriptions


@pytest.mark.parametrize("fmt", FORMATS)
def test_post__revoked_key_is_refused(client: Client, city: City, fmt: str) -> None:
    api_key_revoke(api_key=ApiKey.objects.get(), actor=None, now=timezone.now())
    response = post(client, fmt, pothole(city))
    assert response.status_code == 403
    assert ServiceRequest.objects.count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_suffix__is_404_in_the_format_the_client_accepts(
    client: Client, city: City, fmt: str
) -> None:
    accept = "application/json" if fmt == "json" else "text/xml"
    before = stored()
    for path in ("requests.yaml", "services.html", "requests"):
        response = client.post(f"{BASE}/{path}", pothole(city), HTTP_ACCEPT=accept)
        assert response.status_code == 404
        assert errors_of(response, fmt)[0][0] == 404
    assert stored() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_wrong_method__is_405_with_allow(client: Client, city: City, fmt: str) -> None:
    response = client.delete(f"{BASE}/requests.{fmt}")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert errors_of(response, fmt)[0][0] == 405


@pytest.mark.parametrize("who", ["anonymous", "staff without a role", "administrator"])
def test_access__a_signed_in_session_is_no_substitute_for_an_api_key(
    client: Client, city: City, who: str
) -> None:
    from civicdesk.accounts.enums import Role
    from tests.factories import UserFactory, staff_user

    if who == "staff without a role":
        client.force_login(UserFactory(is_staff=True))
    elif who == "administrator":
        client.force_login(staff_user(Role.ADMINISTRATOR))
    before = stored()
    assert get(client, "requests.json").status_code == 200
    assert get(client, "services.xml").status_code == 200
    response = post(client, "json", pothole(city, api_key=None))
    assert response.status_code == 403
    assert stored() == before
