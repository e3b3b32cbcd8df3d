"""Who may see what. Portal pages are public; what belongs to one resident — the photos of
their unfinished report, their confirmation page, their follow links — is reachable only by
them (their session, or the secret link we e-mailed), and no staff role changes that."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from civicdesk.accounts.enums import Role
from civicdesk.notifications.following import service_request_follow
from civicdesk.notifications.models import Subscription
from tests.factories import DepartmentFactory, UserFactory, staff_user
from tests.factories.accounts import PASSWORD
from tests.portal.conftest import City
from tests.portal.helpers import fill_details, fill_location, png_bytes, report_pothole
from tests.portal.requests import file_request

pytestmark = pytest.mark.django_db


def _anonymous() -> Client:
    return Client()


def _resident() -> Client:
    """Another resident, with a report of their own under way."""
    client = Client()
    fill_details(client, "POTHOLE", attribute_pothole_size="large")
    return client


def _staff(role: Role | None) -> Callable[[], Client]:
    def make() -> Client:
        if role is None:
            user = UserFactory(is_staff=True)
        elif role == Role.DEPARTMENT_STAFF:
            user = staff_user(role, department=DepartmentFactory())
        else:
            user = staff_user(role)
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return make


VISITORS = {
    "anonymous": _anonymous,
    "resident": _resident,
    "staff without a role": _staff(None),
    "agent": _staff(Role.AGENT),
    "department staff": _staff(Role.DEPARTMENT_STAFF),
    "administrator": _staff(Role.ADMINISTRATOR),
}


@pytest.mark.parametrize("visitor", VISITORS)
def test_public_pages_are_open_to_everyone(client: Client, city: City, visitor: str) -> None:
    existing = file_request()
    other = VISITORS[visitor]()
    for path in (
        "/",
        "/report/",
        "/report/POTHOLE/",
        "/requests/",
        f"/requests/{existing.public_id}/",
    ):
        assert other.get(path).status_code == 200, path


@pytest.mark.parametrize("visitor", VISITORS)
def test_draft_photos_are_only_for_the_resident_writing_the_report(
    client: Client, city: City, visitor: str
) -> None:
    fill_details(client, "POTHOLE", attribute_pothole_size="small")
    fill_location(client, "POTHOLE", address="120 Alder Street")
    upload = SimpleUploadedFile("hole.png", png_bytes(), content_type="image/png")
    client.post("/report/POTHOLE/photos/", {"photo": upload, "action": "upload"})
    page = client.get("/report/POTHOLE/photos/").content.decode()
    found = re.search(r'<img src="(/report/POTHOLE/photos/[0-9a-f]+/)"', page)
    assert found
    url = found.group(1)
    assert client.get(url).status_code == 200
    assert VISITORS[visitor]().get(url).status_code == 404
    # Refusing changed nothing: the photo is still in the owner's draft.
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("visitor", VISITORS)
def test_the_confirmation_page_is_only_for_the_resident_who_sent_it(
    client: Client, city: City, visitor: str
) -> None:
    done = report_pothole(client)["Location"]
    assert "Thank you, your report was sent" in client.get(done).content.decode()
    other = VISITORS[visitor]().get(done)
    assert other.status_code == 302
    assert other["Location"].startswith("/requests/")


@pytest.mark.parametrize("visitor", VISITORS)
def test_following_changes_only_with_the_emailed_link(city: City, visitor: str) -> None:
    from django.utils import timezone

    existing = file_request()
    subscription = service_request_follow(
        service_request=existing,
        email="owner@example.com",
        language="en",
        is_affected=False,
        now=timezone.now(),
    ).subscription
    other = VISITORS[visitor]()
    guessed = subscription.token[:-2] + ("AA" if not subscription.token.endswith("AA") else "BB")
    assert other.post(f"/follow/{guessed}/confirm/").status_code == 404
    assert other.post(f"/follow/{guessed}/stop/").status_code == 404
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    assert subscription.cancelled_at is None
    assert Subscription.objects.count() == 1
