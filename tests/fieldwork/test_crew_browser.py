"""A crew member completes a work order on a phone-sized screen, with a photo taken there."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from civicdesk.fieldwork.enums import WorkOrderStatus
from civicdesk.fieldwork.services import work_order_create
from civicdesk.service_requests.enums import Status
from tests.browser import BrowserPage
from tests.factories.accounts import PASSWORD
from tests.fieldwork.conftest import Streets, file_pothole, jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"


def test_crew__member_completes_a_work_order_on_a_phone_with_a_photo(
    phone_page: BrowserPage, streets: Streets
) -> None:
    requests = [
        file_pothole(
            latitude=42.4012,
            longitude=-92.8470,
            email="ana@mail.example",
            language="es",
            address="120 Alder Street",
        ),
        file_pothole(
            latitude=42.4016,
            longitude=-92.8455,
            email="ben@mail.example",
            address="150 Alder Street",
        ),
    ]
    now = timezone.now()
    work_order = work_order_create(
        service_requests=requests,
        title="Potholes on Alder Street",
        actor=streets.supervisor,
        now=now,
        crew=streets.crew,
        scheduled_date=timezone.localdate(now),
    )
    mail.outbox.clear()
    page = phone_page.page
    phone_page.goto("/crew/")
    page.get_by_label("Username").fill("carmen")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Today's work").wait_for()
    page.locator("#crew-map .crew-marker").first.wait_for()
    assert page.locator("#crew-map .crew-marker").count() == 1
    phone_page.assert_accessible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "crew-day-phone.png"), full_page=True)

    page.get_by_role("link", name="Potholes on Alder Street").click()
    page.get_by_role("heading", name="Potholes on Alder Street").wait_for()
    assert "150 Alder Street" in page.content()
    page.get_by_role("button", name="Start work").click()
    page.get_by_text("Work order started.").wait_for()
    page.get_by_label("Quantity").fill("2")
    page.get_by_label("Material", exact=True).fill("Cold patch")
    page.get_by_label("Unit").fill("bags")
    page.get_by_role("button", name="Record material").click()
    page.get_by_text("Material recorded.").wait_for()

    upload = jpeg("finished.jpg")
    page.get_by_label("Photo of the finished work").set_input_files(
        {"name": "finished.jpg", "mimeType": "image/jpeg", "buffer": upload.read()}
    )
    page.get_by_label("What was done (the residents read this)").fill("Both holes patched.")
    phone_page.assert_accessible()
    page.screenshot(path=str(SCREENSHOTS / "crew-work-order-phone.png"), full_page=True)
    page.get_by_role("button", name="Complete and resolve the requests").click()
    page.get_by_text("Work order completed; the residents are told.").wait_for()
    page.get_by_text("No work orders for your crew today.").wait_for()
    phone_page.assert_no_console_errors()

    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.COMPLETED
    for service_request in requests:
        service_request.refresh_from_db()
        assert service_request.status == Status.RESOLVED
        assert service_request.media.filter(is_public=True).count() == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@mail.example",
        "ben@mail.example",
    ]
