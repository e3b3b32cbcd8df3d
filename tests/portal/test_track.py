"""Tracking a request by its number, browsing requests, and following one: public pages that
show what anyone may see and nothing personal."""

from __future__ import annotations

import re
from datetime import timedelta
from html import escape
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.catalog.models import DepartmentTranslation
from civicdesk.crm.services import ContactDetails
from civicdesk.notifications.models import Subscription
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.services.lifecycle import (
    service_request_add_note,
    service_request_change_status,
)
from tests.factories import staff_user
from tests.portal.conftest import City
from tests.portal.helpers import fill_details, fill_location, speak_spanish
from tests.portal.requests import file_request

pytestmark = pytest.mark.django_db

PRIVATE = ContactDetails(
    first_name="Marisol", last_name="Quintero", email="marisol@example.com", phone="319-555-0142"
)


def _text(response: Any) -> str:
    return response.content.decode()


def test_track__shows_status_timeline_and_expected_date_but_nothing_personal(
    client: Client, city: City
) -> None:
    service_request = file_request(contact=PRIVATE, description="My neighbour Bob parks here")
    html = _text(client.get(f"/requests/{service_request.public_id}/"))
    assert f"Request {service_request.public_id}" in html
    assert "We have received the request" in html
    assert "Request received and sent to" in html
    assert "Expected to be done by" in html
    assert "Alder Street" in html
    for private in ("Marisol", "Quintero", "marisol@example.com", "555-0142", "Bob", "120 Alder"):
        assert private not in html


def test_track__staff_notes_and_status_changes_appear_in_plain_language(
    client: Client, city: City
) -> None:
    service_request = file_request()
    staff = staff_user(Role.DEPARTMENT_STAFF, department=service_request.department)
    service_request_change_status(
        service_request=service_request,
        to_status=Status.IN_PROGRESS,
        actor=staff,
        now=timezone.now(),
    )
    service_request_add_note(
        service_request=service_request,
        note="Crew scheduled for Tuesday.",
        is_public=True,
        actor=staff,
        now=timezone.now(),
    )
    service_request_add_note(
        service_request=service_request,
        note="Caller sounded upset.",
        is_public=False,
        actor=staff,
        now=timezone.now(),
    )
    html = _text(client.get(f"/requests/{service_request.public_id}/"))
    assert "A crew is working on it." in html
    assert "Status changed to “In progress”." in html
    assert "Crew scheduled for Tuesday." in html
    assert "Caller sounded upset." not in html


def test_track__in_spanish(client: Client, city: City) -> None:
    service_request = file_request()
    speak_spanish(client)
    html = _text(client.get(f"/requests/{service_request.public_id}/"))
    assert f"Solicitud {service_request.public_id}" in html
    assert "Recibimos la solicitud" in html
    assert "Bache" in html


def test_track__names_the_department_in_the_visitors_language(client: Client, city: City) -> None:
    service_request = file_request()
    department = service_request.department
    DepartmentTranslation.objects.create(department=department, language="es", name="Calles")
    english = _text(client.get(f"/requests/{service_request.public_id}/"))
    assert f"<dt>Handled by</dt><dd>{escape(department.name)}</dd>" in english
    speak_spanish(client)
    spanish = _text(client.get(f"/requests/{service_request.public_id}/"))
    assert "<dt>A cargo de</dt><dd>Calles</dd>" in spanish


def test_track__unknown_number_is_not_found(client: Client, city: City) -> None:
    assert client.get("/requests/26-99999999/").status_code == 404


def test_track_find__goes_to_the_request_or_says_there_is_none(client: Client, city: City) -> None:
    service_request = file_request()
    response = client.get("/requests/find/", {"number": f" {service_request.public_id.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{service_request.public_id}/"
    missing = client.get("/requests/find/", {"number": "26-00000999"})
    assert missing.status_code == 200
    assert "We found no request numbered 26-00000999." in _text(missing)
    assert 'aria-describedby="id_number-help id_number-error"' in _text(missing)


def test_list__filters_by_service_status_and_district_in_the_url(
    client: Client, city: City
) -> None:
    pothole = file_request()
    graffiti = file_request(service_code="GRAFFITI", longitude=-92.86)
    html = _text(client.get("/requests/"))
    assert pothole.public_id in html
    assert graffiti.public_id in html
    only_graffiti = _text(client.get("/requests/", {"service": "GRAFFITI"}))
    assert graffiti.public_id in only_graffiti
    assert pothole.public_id not in only_graffiti
    district_two = _text(client.get("/requests/", {"district": "2"}))
    assert pothole.public_id in district_two
    assert graffiti.public_id not in district_two
    closed = _text(client.get("/requests/", {"status": "closed"}))
    assert pothole.public_id not in closed
    assert "No requests match these filters." in closed


def test_list__pages_keep_the_filters(client: Client, city: City) -> None:
    for hours in range(22):
        file_request(now=timezone.now() - timedelta(hours=hours + 1))
    html = _text(client.get("/requests/", {"service": "POTHOLE", "status": "open"}))
    assert "22 requests" in html
    assert "Page 1 of 2" in html
    assert 'href="?service=POTHOLE&amp;status=open&amp;page=2"' in html


def test_list__shows_no_personal_data(client: Client, city: City) -> None:
    file_request(contact=PRIVATE, description="Bob's car")
    html = _text(client.get("/requests/"))
    for private in ("Marisol", "marisol@example.com", "Bob", "120 Alder"):
        assert private not in html


def test_duplicate__resident_is_shown_a_nearby_open_request_first(
    client: Client, city: City
) -> None:
    existing = file_request()
    fill_details(client, "POTHOLE", attribute_pothole_size="large")
    response = fill_location(client, "POTHOLE", address="122 Alder Street")
    assert response["Location"] == "/report/POTHOLE/already-reported/"
    html = _text(client.get(response["Location"]))
    assert existing.public_id in html
    assert f'href="/requests/{existing.public_id}/follow/?affected=1"' in html
    assert "None of these: continue my report" in html


def test_follow__me_too_follows_after_confirming_and_counts_the_resident(
    client: Client, city: City, django_capture_on_commit_callbacks: Any
) -> None:
    existing = file_request()
    url = f"/requests/{existing.public_id}/follow/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "Neighbour@Example.com", "affected": "1"})
    assert "Check your e-mail" in _text(response)
    subscription = Subscription.objects.get()
    assert subscription.email == "neighbour@example.com"
    assert subscription.is_affected
    assert not subscription.is_confirmed
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/follow/(\S+)/confirm/", mail.outbox[0].body)
    assert link
    token = link.group(1)
    # Opening the link (as a mail scanner would) changes nothing; the button does.
    assert client.get(f"/follow/{token}/confirm/").status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    confirmed = client.post(f"/follow/{token}/confirm/", follow=True)
    assert f"You now follow request {existing.public_id}." in _text(confirmed)
    subscription.refresh_from_db()
    assert subscription.is_confirmed
    assert "1 more resident" in _text(client.get(f"/requests/{existing.public_id}/"))
    # Unfollow with the link in the e-mail.
    client.post(f"/follow/{token}/stop/")
    subscription.refresh_from_db()
    assert subscription.cancelled_at is not None


def test_follow__errors_are_next_to_the_email_field_in_spanish(client: Client, city: City) -> None:
    existing = file_request()
    speak_spanish(client)
    html = _text(client.post(f"/requests/{existing.public_id}/follow/", {"email": "nope"}))
    assert "Escriba un correo electrónico como nombre@ejemplo.com." in html
    assert 'aria-describedby="id_email-help id_email-error"' in html
    assert 'value="nope"' in html
    assert not Subscription.objects.exists()


def test_follow__spam_trap_and_unknown_token(client: Client, city: City) -> None:
    existing = file_request()
    response = client.post(
        f"/requests/{existing.public_id}/follow/",
        {"email": "bot@example.com", "website": "x"},
    )
    assert response.status_code == 400
    assert not Subscription.objects.exists()
    assert client.get("/follow/not-a-token/confirm/").status_code == 404
    assert client.post("/follow/not-a-token/stop/").status_code == 404


def test_follow__one_address_may_ask_only_so_many_times_an_hour(
    client: Client, city: City, settings: Any
) -> None:
    settings.CIVICDESK = {**settings.CIVICDESK, "PORTAL_FOLLOWS_PER_IP_PER_HOUR": 1}
    existing = file_request()
    url = f"/requests/{existing.public_id}/follow/"
    assert client.post(url, {"email": "one@example.com"}).status_code == 200
    refused = client.post(url, {"email": "two@example.com"})
    assert refused.status_code == 429
    assert list(Subscription.objects.values_list("email", flat=True)) == ["one@example.com"]
