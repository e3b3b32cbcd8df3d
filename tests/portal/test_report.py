"""Reporting a problem through the portal, as a resident would, checked on the server side."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from civicdesk.crm.enums import Channel
from civicdesk.service_requests.models import ServiceRequest
from tests.portal.conftest import ALDER_LATITUDE, City
from tests.portal.helpers import (
    fill_contact,
    fill_details,
    fill_location,
    png_bytes,
    report_pothole,
    send,
    skip_photos,
    speak_spanish,
)

pytestmark = pytest.mark.django_db


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def _error_of(html: str, field_id: str) -> str:
    """The error shown for a field: the element its aria-describedby points to."""
    match = re.search(rf'<p class="field__error" id="{field_id}-error">(.*?)</p>', html, re.S)
    assert match, f"no error shown for {field_id}"
    shown = re.sub(r'<span class="visually-hidden">.*?</span>', "", match.group(1))
    return re.sub(r"<[^>]+>", "", shown).strip()


def test_choose__services_are_listed_by_group_and_searchable(client: Client, city: City) -> None:
    html = _text(client.get("/report/"))
    assert "Streets &amp; Sidewalks" in html
    assert "Neighborhood &amp; Property" in html
    searched = _text(client.get("/report/", {"q": "road damage"}))
    assert "Pothole" in searched
    assert "Graffiti" not in searched


def test_choose__spanish_shows_translated_service_names(client: Client, city: City) -> None:
    speak_spanish(client)
    html = _text(client.get("/report/"))
    assert "Bache" in html
    assert "Calles y aceras" in html
    assert "Informar de un problema" in html
    # A service without a translation keeps its original name.
    assert "Noise complaint" in html


def test_details__form_asks_every_question_with_its_datatype(client: Client, city: City) -> None:
    html = _text(client.get("/report/POTHOLE/"))
    assert 'type="radio" name="attribute_pothole_size"' in html
    assert 'type="checkbox" name="attribute_lanes"' in html
    assert 'name="attribute_depth"' in html
    assert 'inputmode="decimal"' in html
    assert 'type="datetime-local" name="attribute_noticed_at"' in html
    assert '<textarea name="attribute_damage"' in html
    assert 'name="attribute_landmark"' in html
    # Required marks and help texts, tied to the inputs.
    assert 'How big is the pothole? <span class="field__required">(required)</span>' in html
    assert 'id="id_attribute_pothole_size-help">A rough guess is fine' in html
    assert 'aria-describedby="id_attribute_pothole_size-help"' in html
    # The informational attribute is shown, not asked.
    assert "If the pothole is dangerous right now, call 311." in html
    assert 'name="attribute_safety_note"' not in html


def test_details__errors_are_next_to_their_fields_and_input_is_kept(
    client: Client, city: City
) -> None:
    response = fill_details(
        client,
        "POTHOLE",
        attribute_depth="deep",
        attribute_landmark="By the library",
        attribute_lanes=["left"],
        description="Right by the bus stop",
    )
    html = _text(response)
    assert response.status_code == 200
    assert _error_of(html, "id_attribute_pothole_size") == "“How big is the pothole?” is required."
    assert "must be a number" in _error_of(html, "id_attribute_depth")
    assert 'aria-describedby="id_attribute_depth-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="deep"' in html
    assert 'value="By the library"' in html
    assert re.search(r'value="left"[^>]*checked', html)
    assert "Right by the bus stop" in html
    # An error summary links to each field.
    assert 'href="#id_attribute_pothole_size_0"' in html
    assert 'href="#id_attribute_depth"' in html


def test_details__errors_are_in_the_chosen_language(client: Client, city: City) -> None:
    speak_spanish(client)
    html = _text(fill_details(client, "POTHOLE", attribute_depth="hondo"))
    assert _error_of(html, "id_attribute_pothole_size") == (
        "“¿Qué tamaño tiene el bache?” es obligatorio."
    )
    assert "debe ser un número" in _error_of(html, "id_attribute_depth")
    assert "Basta con una idea aproximada" in html
    assert "Más pequeño que un plato" in html
    assert 'value="hondo"' in html


def test_location__nothing_given_is_an_error_next_to_the_address(
    client: Client, city: City
) -> None:
    fill_details(client, "POTHOLE", attribute_pothole_size="small")
    html = _text(fill_location(client, "POTHOLE", address="", latitude="42.4"))
    assert _error_of(html, "id_longitude") == "Give both latitude and longitude, or neither."
    html = _text(fill_location(client, "POTHOLE", address=""))
    assert "an address, or a point on the map" in _error_of(html, "id_address")


def test_location__a_step_cannot_be_skipped(client: Client, city: City) -> None:
    response = client.get("/report/POTHOLE/review/")
    assert response.status_code == 302
    assert response["Location"] == "/report/POTHOLE/"


def test_report__typed_address_files_a_request_with_answers_and_contact(
    client: Client, city: City, django_capture_on_commit_callbacks: Any
) -> None:
    fill_details(
        client,
        "POTHOLE",
        attribute_pothole_size="large",
        attribute_lanes=["left", "right"],
        attribute_depth="4.5",
        attribute_noticed_at="2026-11-20T08:15",
        attribute_landmark="Library",
        attribute_damage="A flat tire",
        description="Deep and growing",
    )
    fill_location(client, "POTHOLE", address="120 Alder Street")
    skip_photos(client, "POTHOLE")
    fill_contact(
        client,
        "POTHOLE",
        first_name="Ana",
        last_name="Reyes",
        email="Ana@Example.com",
        notify_by="email",
    )
    review = _text(client.get("/report/POTHOLE/review/"))
    assert "Bigger than a car tire" in review
    assert "Left lane, Right lane" in review
    assert "ana@example.com" in review.lower()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, "POTHOLE")
    assert response.status_code == 302
    stored = ServiceRequest.objects.get()
    assert response["Location"] == f"/report/done/{stored.public_id}/"
    assert stored.service.code == "POTHOLE"
    assert stored.channel == Channel.WEB
    assert stored.language == "en"
    assert stored.description == "Deep and growing"
    assert stored.attributes["pothole_size"] == "large"
    assert stored.attributes["lanes"] == ["left", "right"]
    assert stored.attributes["depth"] == 4.5
    assert stored.attributes["noticed_at"].startswith("2026-11-20T08:15")
    assert stored.latitude == pytest.approx(ALDER_LATITUDE)
    assert stored.address.startswith("120 Alder Street")
    assert stored.requester is not None
    assert stored.requester.first_name == "Ana"
    assert stored.requester.has_email_consent
    done = _text(client.get(response["Location"]))
    assert stored.public_id in done
    # The confirmation went out in the resident's language.
    assert any(stored.public_id in message.body for message in mail.outbox)
    # The draft is gone: a new report starts empty.
    assert "Deep and growing" not in _text(client.get("/report/POTHOLE/"))


def test_report__anonymous_report_has_no_requester(client: Client, city: City) -> None:
    response = report_pothole(client)
    assert response.status_code == 302
    stored = ServiceRequest.objects.get()
    assert stored.requester is None
    assert mail.outbox == []


def test_report__service_needing_contact_sends_resident_back_to_contact_step(
    client: Client, city: City
) -> None:
    fill_details(client, "NOISE")
    fill_location(client, "NOISE", address="120 Alder Street")
    skip_photos(client, "NOISE")
    fill_contact(client, "NOISE", first_name="Sam")
    response = send(client, "NOISE")
    assert response.status_code == 302
    assert response["Location"] == "/report/NOISE/contact/"
    html = _text(client.get(response["Location"]))
    assert "needs an e-mail address or phone number" in _error_of(html, "id_email")
    assert 'value="Sam"' in html
    assert not ServiceRequest.objects.exists()


def test_report__outside_the_city_is_shown_at_the_location_step_in_spanish(
    client: Client, city: City
) -> None:
    speak_spanish(client)
    fill_details(client, "POTHOLE", attribute_pothole_size="small")
    fill_location(client, "POTHOLE", latitude="41.0", longitude="-91.0")
    skip_photos(client, "POTHOLE")
    fill_contact(client, "POTHOLE")
    response = send(client, "POTHOLE")
    assert response["Location"] == "/report/POTHOLE/location/"
    html = _text(client.get(response["Location"]))
    assert 'value="41.0"' in html
    error = _error_of(html, "id_address")
    assert error
    assert "outside" not in error.lower()  # the message is in Spanish
    assert not ServiceRequest.objects.exists()


def test_contact__bad_email_and_phone_are_shown_next_to_them(client: Client, city: City) -> None:
    fill_details(client, "POTHOLE", attribute_pothole_size="small")
    fill_location(client, "POTHOLE", address="120 Alder Street")
    skip_photos(client, "POTHOLE")
    html = _text(
        fill_contact(client, "POTHOLE", email="ana@", phone="12", first_name="Ana", notify_by="sms")
    )
    assert _error_of(html, "id_email") == "Enter an e-mail address such as name@example.com."
    assert _error_of(html, "id_phone") == "Enter a phone number such as 319-555-0101."
    assert 'value="ana@"' in html
    assert 'value="Ana"' in html


def test_photos__a_photo_is_cleaned_and_stored_with_the_request(client: Client, city: City) -> None:
    fill_details(client, "POTHOLE", attribute_pothole_size="small")
    fill_location(client, "POTHOLE", address="120 Alder Street")
    upload = SimpleUploadedFile("hole.png", png_bytes(), content_type="image/png")
    response = client.post("/report/POTHOLE/photos/", {"photo": upload, "action": "upload"})
    assert response.status_code == 302
    page = _text(client.get("/report/POTHOLE/photos/"))
    thumbnail = re.search(r'<img src="(/report/POTHOLE/photos/[0-9a-f]+/)"', page)
    assert thumbnail
    assert client.get(thumbnail.group(1))["Content-Type"] == "image/png"
    # Another resident cannot see it.
    assert Client().get(thumbnail.group(1)).status_code == 404
    skip_photos(client, "POTHOLE")
    fill_contact(client, "POTHOLE")
    send(client, "POTHOLE")
    stored = ServiceRequest.objects.get()
    assert stored.media.count() == 1


def test_photos__a_file_that_is_not_an_image_is_refused_next_to_the_field(
    client: Client, city: City
) -> None:
    fill_details(client, "POTHOLE", attribute_pothole_size="small")
    fill_location(client, "POTHOLE", address="120 Alder Street")
    upload = SimpleUploadedFile("notes.txt", b"not a picture", content_type="text/plain")
    html = _text(client.post("/report/POTHOLE/photos/", {"photo": upload, "action": "upload"}))
    assert "is not a photo" in _error_of(html, "id_photo")


def test_photos__at_most_three(client: Client, city: City) -> None:
    fill_details(client, "POTHOLE", attribute_pothole_size="small")
    fill_location(client, "POTHOLE", address="120 Alder Street")
    for number in range(3):
        upload = SimpleUploadedFile(f"{number}.png", png_bytes(), content_type="image/png")
        client.post("/report/POTHOLE/photos/", {"photo": upload, "action": "upload"})
    html = _text(client.get("/report/POTHOLE/photos/"))
    assert html.count('<img src="/report/POTHOLE/photos/') == 3
    assert 'name="photo"' not in html
    assert "the most one report can have" in html


def test_photo_input_opens_the_camera_on_phones(client: Client, city: City) -> None:
    fill_details(client, "POTHOLE", attribute_pothole_size="small")
    fill_location(client, "POTHOLE", address="120 Alder Street")
    html = _text(client.get("/report/POTHOLE/photos/"))
    assert re.search(r'<input type="file" name="photo"[^>]*accept="image/\*"', html)
    assert 'capture="environment"' in html


def test_spam_trap__a_filled_trap_stores_nothing(client: Client, city: City) -> None:
    fill_details(client, "POTHOLE", attribute_pothole_size="small")
    fill_location(client, "POTHOLE", address="120 Alder Street")
    skip_photos(client, "POTHOLE")
    fill_contact(client, "POTHOLE")
    response = send(client, "POTHOLE", website="http://spam.example")
    assert response.status_code == 400
    assert not ServiceRequest.objects.exists()


def test_rate_limit__an_address_may_file_only_so_many_reports_an_hour(
    client: Client, city: City, settings: Any
) -> None:
    settings.CIVICDESK = {**settings.CIVICDESK, "PORTAL_REPORTS_PER_IP_PER_HOUR": 2}
    for _number in range(2):
        assert report_pothole(client).status_code == 302
    response = report_pothole(client)
    assert response.status_code == 429
    assert "try again later" in _text(response).lower()
    assert ServiceRequest.objects.count() == 2


def test_rate_limit__one_resident_from_several_addresses_is_limited_too(
    city: City, settings: Any
) -> None:
    settings.CIVICDESK = {**settings.CIVICDESK, "PORTAL_REPORTS_PER_CONTACT_PER_HOUR": 1}
    contact = {"email": "busy@example.com"}
    first = Client(REMOTE_ADDR="10.0.0.1")
    assert report_pothole(first, contact=contact).status_code == 302
    second = Client(REMOTE_ADDR="10.0.0.2")
    assert report_pothole(second, contact=contact).status_code == 429
    assert ServiceRequest.objects.count() == 1
    cache.clear()
