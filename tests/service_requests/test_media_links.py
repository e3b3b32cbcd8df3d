"""Photo links (a photo held elsewhere, Open311's `media_url`): stored by intake with the request,
one of file or link per row, and shown as a link — never as an embedded picture, which the
Content Security Policy would block — on the portal, the /work/ request page and the crew page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.crm.enums import Channel
from civicdesk.fieldwork.models import Crew
from civicdesk.fieldwork.services import work_order_create
from civicdesk.service_requests.models import (
    ServiceRequest,
    ServiceRequestEvent,
    ServiceRequestMedia,
)
from civicdesk.service_requests.services.intake import Location, service_request_submit
from civicdesk.service_requests.services.media import (
    LinkedMedia,
    MediaValidationError,
    media_links_prepare,
)
from tests.factories import DepartmentFactory, ServiceFactory, staff_user

pytestmark = pytest.mark.django_db

LINK = "https://photos.example.org/p/42.jpg?from=app&x=%22y%22"


def _file(*, media: list[LinkedMedia] | None = None) -> ServiceRequest:
    department = DepartmentFactory(code="streets", name="Streets")
    ServiceFactory(code="POTHOLE", name="Pothole", department=department)
    return service_request_submit(
        service_code="POTHOLE",
        location=Location(latitude=42.4012, longitude=-92.8470, address="120 Alder Street"),
        channel=Channel.APP,
        now=timezone.now() - timedelta(hours=1),
        notify=False,
        media=media_links_prepare(urls=[LINK]) if media is None else media,
    ).service_request


def test_media_prepare__refuses_what_is_not_an_http_link() -> None:
    for bad in ("javascript:alert(1)", "ftp://x.example/a.jpg", "//x.example/a.jpg"):
        with pytest.raises(MediaValidationError) as refused:
            media_links_prepare(urls=[bad])
        assert list(refused.value.field_errors) == ["media_url"]
    assert media_links_prepare(urls=[f"  {LINK} ", ""]) == [LinkedMedia(LINK)]
    with pytest.raises(MediaValidationError):
        media_links_prepare(urls=[LINK, LINK], upload_count=4)


def test_submit__stores_the_link_with_the_request() -> None:
    service_request = _file()
    media = ServiceRequestMedia.objects.get(service_request=service_request)
    assert (media.external_url, media.file.name, media.is_public) == (LINK, "", True)
    assert media.url == LINK


def test_submit__bookkeeping_that_fails_takes_the_request_with_it() -> None:
    department = DepartmentFactory(code="streets", name="Streets")
    ServiceFactory(code="POTHOLE", name="Pothole", department=department)

    def refuse(_stored: ServiceRequest) -> None:
        raise RuntimeError("the channel's bookkeeping failed")

    with pytest.raises(RuntimeError):
        service_request_submit(
            service_code="POTHOLE",
            location=Location(latitude=42.4012, longitude=-92.8470),
            channel=Channel.APP,
            now=timezone.now(),
            media=[LinkedMedia(LINK)],
            on_stored=refuse,
        )
    assert ServiceRequest.objects.count() == 0
    assert ServiceRequestEvent.objects.count() == 0
    assert ServiceRequestMedia.objects.count() == 0


def test_submit__request_numbers_follow_one_another() -> None:
    first = _file(media=[])
    second = service_request_submit(
        service_code="POTHOLE",
        location=Location(latitude=42.4012, longitude=-92.8470),
        channel=Channel.APP,
        now=timezone.now(),
        notify=False,
    ).service_request
    year, number = first.public_id.split("-")
    assert second.public_id == f"{year}-{int(number) + 1:08d}"


def test_media_row__holds_a_file_or_a_link_never_both_nor_neither() -> None:
    service_request = _file(media=[])
    for fields in ({}, {"file": "requests/2026/11/a.jpg", "external_url": LINK}):
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceRequestMedia.objects.create(service_request=service_request, **fields)


def test_portal_track_page__shows_the_link_not_an_embedded_picture(client: Client) -> None:
    service_request = _file()
    response = client.get(f"/requests/{service_request.public_id}/")
    html = response.content.decode()
    assert 'href="https://photos.example.org/p/42.jpg?from=app&amp;x=%22y%22"' in html
    assert "on another website" in html
    assert "<img" not in html.split("Photos", 1)[-1]
    assert "photos.example.org" not in response["Content-Security-Policy"]


def test_work_request_page__department_staff_see_the_link() -> None:
    service_request = _file()
    client = Client()
    client.force_login(staff_user(Role.DEPARTMENT_STAFF, department=service_request.department))
    html = client.get(f"/work/requests/{service_request.public_id}/").content.decode()
    assert 'href="https://photos.example.org/p/42.jpg?from=app&amp;x=%22y%22"' in html
    assert "a link given by the reporter" in html


def test_crew_page__the_crew_sees_the_link() -> None:
    service_request = _file()
    department = service_request.department
    crew = Crew.objects.create(department=department, code="patch-1", name="Patch crew 1")
    member = staff_user(Role.CREW_MEMBER, department=department, username="carmen")
    crew.members.add(member)
    now = timezone.now()
    work_order = work_order_create(
        service_requests=[service_request],
        title="Pothole on Alder Street",
        actor=staff_user(Role.SUPERVISOR, department=department, username="sam"),
        now=now,
        crew=crew,
        scheduled_date=timezone.localdate(now),
    )
    client = Client()
    client.force_login(member)
    html = client.get(f"/crew/work-orders/{work_order.pk}/").content.decode()
    assert 'href="https://photos.example.org/p/42.jpg?from=app&amp;x=%22y%22"' in html
    assert 'class="crew-photo"' not in html
