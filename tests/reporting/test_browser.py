"""The reporting pages in a real browser, under the real Content Security Policy."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from civicdesk.accounts.enums import Role
from civicdesk.reporting.services import rollups_refresh
from tests.browser import BrowserPage
from tests.factories import RoleAssignmentFactory, staff_user
from tests.factories.accounts import PASSWORD
from tests.factories.reporting import NOW, FixtureCity, fixture_city

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MAY = "start=2026-05-01&end=2026-05-31"


@pytest.fixture
def browser_city() -> FixtureCity:
    city = fixture_city()
    rollups_refresh(now=NOW)
    return city


def _sign_in(browser_page: BrowserPage, username: str, next_path: str) -> None:
    page = browser_page.page
    browser_page.goto(f"/admin/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_performance__is_accessible_and_prints_without_navigation(
    browser_page: BrowserPage, browser_city: FixtureCity
) -> None:
    browser_page.goto(f"/performance/?{MAY}")
    page = browser_page.page
    page.get_by_role("heading", name="How we are doing").wait_for()
    assert page.get_by_text("Up 6 requests from the previous 31 days.").is_visible()
    browser_page.assert_accessible()
    browser_page.assert_no_console_errors()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.get_by_role("heading", name="District by district").is_visible()


def test_dashboard__supervisor_filters_drills_down_and_exports_csv(
    browser_page: BrowserPage, browser_city: FixtureCity, tmp_path: Path
) -> None:
    supervisor = staff_user(Role.SUPERVISOR, department=browser_city.streets, username="sam")
    RoleAssignmentFactory(user=supervisor, role=Role.SUPERVISOR, department=browser_city.parks)
    _sign_in(browser_page, "sam", f"/dashboard/?{MAY}")
    page = browser_page.page
    page.get_by_role("heading", name="Performance dashboard").wait_for()
    browser_page.assert_accessible()

    page.get_by_label("Department", exact=True).select_option(label="Parks")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**department=parks**")
    departments = page.locator("#departments-table")
    assert departments.locator("tbody tr").count() == 1
    assert departments.locator("tbody th").inner_text() == "Parks"

    departments.get_by_role("link", name="Parks").click()
    page.get_by_role("heading", name="Requests received in the period").wait_for()
    listed = page.locator("#drilldown-table tbody th").all_inner_texts()
    assert sorted(listed) == sorted(
        browser_city.requests[key].public_id for key in ("R4", "R5", "R6")
    )

    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “By department” as CSV").click()
    target = tmp_path / "departments.csv"
    download_info.value.save_as(target)
    rows = list(csv.reader(io.StringIO(target.read_text())))
    assert rows[0][0] == "Department"
    assert [row[:2] for row in rows[1:]] == [["Parks", "3"]]
    browser_page.assert_no_console_errors()


def test_dashboard__fits_a_phone_screen(phone_page: BrowserPage, browser_city: FixtureCity) -> None:
    staff_user(Role.ADMINISTRATOR, username="ada")
    _sign_in(phone_page, "ada", f"/dashboard/?{MAY}")
    page = phone_page.page
    page.get_by_role("heading", name="Performance dashboard").wait_for()
    page.wait_for_load_state("load")  # the layout is measured with the stylesheets applied
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    phone_page.assert_no_console_errors()
