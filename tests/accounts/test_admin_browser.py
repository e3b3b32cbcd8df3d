"""An administrator signs in to the admin in a real browser, under the real security headers."""

from __future__ import annotations

import pytest

from civicdesk.accounts.enums import Role
from tests.browser import BrowserPage
from tests.factories import DepartmentFactory, staff_user
from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(browser_page: BrowserPage, username: str) -> None:
    page = browser_page.page
    browser_page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_admin__administrator_signs_in_and_sees_the_catalog(browser_page: BrowserPage) -> None:
    staff_user(Role.ADMINISTRATOR, username="avery")
    _sign_in(browser_page, "avery")
    page = browser_page.page
    page.get_by_role("heading", name="Run the city's 311 service").wait_for()
    page.get_by_role("link", name="Services").first.click()
    page.get_by_role("heading", name="Select service to change").wait_for()
    # The admin's own scripts run under our Content Security Policy without being blocked.
    browser_page.assert_no_console_errors()


def test_admin__department_staff_is_refused_at_the_door(browser_page: BrowserPage) -> None:
    staff_user(Role.DEPARTMENT_STAFF, department=DepartmentFactory(), username="luis")
    _sign_in(browser_page, "luis")
    page = browser_page.page
    page.get_by_text("Please enter the correct username and password").wait_for()
    assert page.url.endswith("/admin/login/?next=/admin/")
