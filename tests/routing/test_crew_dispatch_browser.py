"""A staff member sends requests to a crew from the queue; the crew then sees the work order
at /crew/. In a real browser."""

from __future__ import annotations

import pytest

from civicdesk.accounts.enums import Role
from civicdesk.fieldwork.enums import WorkOrderStatus
from civicdesk.fieldwork.models import WorkOrder
from civicdesk.service_requests.enums import EventType
from tests.browser import BrowserPage
from tests.factories import staff_user
from tests.factories.accounts import PASSWORD
from tests.fieldwork.conftest import Streets, file_pothole

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser_page: BrowserPage, path: str, username: str) -> None:
    page = browser_page.page
    browser_page.goto(path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_work__staff_sends_requests_to_a_crew_and_the_crew_sees_them(
    browser_page: BrowserPage, crew_streets: Streets
) -> None:
    staff_user(Role.DEPARTMENT_STAFF, crew_streets.department, username="luis")
    first = file_pothole(latitude=42.4012, longitude=-92.8470, address="120 Alder Street")
    second = file_pothole(latitude=42.4016, longitude=-92.8455, address="150 Alder Street")
    page = browser_page.page

    sign_in(browser_page, "/work/", "luis")
    page.get_by_role("heading", name="Work queue").wait_for()
    page.get_by_label(f"Select {first.public_id}").check()
    page.get_by_label("With the selected requests").select_option("crew")
    page.get_by_label("Crew", exact=True).select_option(label="Patch crew 1 (Streets)")
    browser_page.assert_accessible()
    page.get_by_role("button", name="Apply to selected").click()
    page.get_by_text("1 request sent to Patch crew 1").wait_for()
    work_order = WorkOrder.objects.get()

    # The second goes to the same crew from its own page, onto the same work order.
    page.get_by_role("link", name=second.public_id).click()
    page.get_by_role("heading", name="Send to a crew").wait_for()
    page.get_by_label("Crew", exact=True).select_option(label="Patch crew 1 (Streets)")
    page.get_by_role("button", name="Send to the crew").click()
    page.get_by_text(f"added to Patch crew 1's work order {work_order.number}").wait_for()
    assert work_order.number in page.locator("#request-work-orders").inner_text()
    assert "Patch crew 1" in page.locator(".work-timeline").inner_text()
    browser_page.assert_accessible()
    browser_page.assert_no_console_errors()

    page.context.clear_cookies()
    sign_in(browser_page, "/crew/", crew_streets.crew_member.username)
    page.get_by_role("heading", name="Today's work").wait_for()
    page.get_by_role("link", name="Pothole: 120 Alder Street").click()
    page.get_by_role("heading", name="Pothole: 120 Alder Street").wait_for()
    content = page.content()
    assert first.public_id in content
    assert second.public_id in content
    browser_page.assert_no_console_errors()

    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.SCHEDULED
    assert set(work_order.service_requests.all()) == {first, second}
    for request in (first, second):
        assert request.events.filter(event_type=EventType.ASSIGNED, is_public=True).exists()
