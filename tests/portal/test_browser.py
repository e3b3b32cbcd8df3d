"""The portal in a real browser, as residents use it: by mouse, by touch, by keyboard only, in
English and Spanish, with axe-core checking every page. Screenshots of the home, report and
track pages at phone and desktop widths land in var/screenshots/ (git-ignored)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from civicdesk.notifications.models import Subscription
from civicdesk.service_requests.models import ServiceRequest
from tests.browser import BrowserPage
from tests.portal.conftest import City
from tests.portal.helpers import png_bytes
from tests.portal.requests import file_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"  # type: ignore[misc]


def _screenshot(browser_page: BrowserPage, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser_page.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _check(browser_page: BrowserPage) -> None:
    browser_page.assert_accessible()
    browser_page.assert_no_console_errors()


def _console(browser_page: BrowserPage) -> None:
    browser_page.assert_no_console_errors()


def _continue(browser_page: BrowserPage, name: str = "Continue") -> None:
    browser_page.page.get_by_role("button", name=name, exact=True).click()


def test_resident_reports_a_pothole_by_typing_an_address(
    browser_page: BrowserPage, city: City
) -> None:
    page = browser_page.page
    browser_page.goto("/")
    _console(browser_page)
    _screenshot(browser_page, "home-desktop")
    page.get_by_role("link", name="Report a problem").first.click()
    page.get_by_role("link", name="Pothole").click()
    page.get_by_label("Smaller than a dinner plate").check()
    page.get_by_label("Describe the problem").fill("Deep hole by the bus stop")
    _console(browser_page)
    _screenshot(browser_page, "report-desktop")
    _continue(browser_page)
    address = page.get_by_label("Address or nearest intersection")
    address.press_sequentially("120 Alder St", delay=10)
    # The city's geocoder suggests the full address; choosing it fills in the coordinates.
    page.locator("#address-suggestions option[value='120 Alder Street, 52840']").wait_for(
        state="attached"
    )
    address.fill("120 Alder Street, 52840")
    address.dispatch_event("change")
    assert page.get_by_label("Latitude").input_value().startswith("42.401")
    _check(browser_page)
    _continue(browser_page)
    page.get_by_role("heading", name="Add photos").wait_for()
    _continue(browser_page, "Continue without photos")
    page.get_by_label("E-mail address").fill("ana@example.com")
    page.get_by_label("By e-mail").check()
    _continue(browser_page)
    page.get_by_role("heading", name="Check your report").wait_for()
    _console(browser_page)
    _continue(browser_page, "Send report")
    page.get_by_role("heading", name="Thank you, your report was sent").wait_for()
    number = page.locator("[data-request-number]").inner_text()
    stored = ServiceRequest.objects.get(public_id=number)
    assert stored.service.code == "POTHOLE"
    assert stored.address.startswith("120 Alder Street")
    assert stored.attributes == {"pothole_size": "small"}
    assert stored.requester is not None
    _console(browser_page)


def test_resident_reports_graffiti_by_tapping_the_map_with_a_photo_anonymously(
    phone_page: BrowserPage, city: City
) -> None:
    page = phone_page.page
    phone_page.goto("/report/GRAFFITI/")
    _continue(phone_page)
    map_area = page.locator("[data-map=pick]")
    map_area.wait_for()
    page.locator(".leaflet-overlay-pane path").first.wait_for(state="attached")
    map_area.tap(position={"x": 150, "y": 120})
    assert page.get_by_label("Latitude").input_value() != ""
    _check(phone_page)
    _screenshot(phone_page, "report-location-phone")
    _continue(phone_page)
    page.get_by_label("Add a photo").set_input_files(
        files=[{"name": "wall.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="Upload photo").tap()
    page.get_by_role("img", name="Photo 1 of your report").wait_for()
    _console(phone_page)
    _continue(phone_page)
    _continue(phone_page)
    _continue(phone_page, "Send report")
    page.get_by_role("heading", name="Thank you, your report was sent").wait_for()
    stored = ServiceRequest.objects.get(
        public_id=page.locator("[data-request-number]").inner_text()
    )
    assert stored.service.code == "GRAFFITI"
    assert stored.latitude is not None
    assert 42.36 < stored.latitude < 42.44
    assert stored.requester is None
    assert stored.media.count() == 1


def test_resident_finds_it_already_reported_and_follows_it_instead(
    browser_page: BrowserPage, city: City
) -> None:
    existing = file_request()
    page = browser_page.page
    browser_page.goto("/report/POTHOLE/")
    page.get_by_label("Bigger than a car tire").check()
    _continue(browser_page)
    page.get_by_label("Address or nearest intersection").fill("122 Alder Street")
    _continue(browser_page)
    page.get_by_role("heading", name="Has someone already reported it?").wait_for()
    _check(browser_page)
    page.get_by_role("link", name=f"This is my problem: follow {existing.public_id}").click()
    page.get_by_label("Your e-mail address").fill("neighbour@example.com")
    _console(browser_page)
    page.get_by_role("button", name="Follow").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    _console(browser_page)
    subscription = Subscription.objects.get()
    assert subscription.service_request == existing
    assert subscription.is_affected
    assert ServiceRequest.objects.count() == 1


def test_resident_tracks_a_request_by_its_number(browser_page: BrowserPage, city: City) -> None:
    existing = file_request()
    page = browser_page.page
    browser_page.goto("/")
    page.get_by_label("Request number").fill(existing.public_id)
    page.get_by_role("button", name="Track", exact=True).click()
    page.get_by_role("heading", name=f"Request {existing.public_id}").wait_for()
    assert page.locator("[data-status]").inner_text() == "New"
    page.locator(".leaflet-overlay-pane path").first.wait_for(state="attached")
    _check(browser_page)
    _screenshot(browser_page, "track-desktop")
    browser_page.goto("/requests/")
    page.get_by_role("link", name=existing.public_id).wait_for()
    _console(browser_page)


def test_resident_switches_to_spanish_and_completes_a_report(
    phone_page: BrowserPage, city: City
) -> None:
    page = phone_page.page
    phone_page.goto("/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").tap()
    page.get_by_role("heading", name="¿En qué necesita ayuda?").wait_for()
    _check(phone_page)
    _screenshot(phone_page, "home-phone")
    page.get_by_role("link", name="Bache").first.tap()
    _continue(phone_page, "Continuar")
    # The error is next to the question, in Spanish.
    page.get_by_text("“¿Qué tamaño tiene el bache?” es obligatorio.").first.wait_for()
    _console(phone_page)
    _screenshot(phone_page, "report-phone")
    page.get_by_label("Más grande que una llanta").check()
    _continue(phone_page, "Continuar")
    page.get_by_label("Dirección o cruce más cercano").fill("118 Alder Street")
    _continue(phone_page, "Continuar")
    _continue(phone_page, "Continuar sin fotos")
    _console(phone_page)
    _continue(phone_page, "Continuar")
    _console(phone_page)
    _continue(phone_page, "Enviar reporte")
    page.get_by_role("heading", name="Gracias, su reporte fue enviado").wait_for()
    number = page.locator("[data-request-number]").inner_text()
    stored = ServiceRequest.objects.get(public_id=number)
    assert stored.language == "es"
    assert stored.attributes == {"pothole_size": "large"}
    page.get_by_role("link", name="Consultar esta solicitud").tap()
    page.get_by_text("Recibimos la solicitud. Alguien la revisará pronto.").wait_for()
    _console(phone_page)
    _screenshot(phone_page, "track-phone")


def _tab_to(browser_page: BrowserPage, selector: str, *, limit: int = 40) -> None:
    """Press Tab until the element is focused: proof that the keyboard can reach it."""
    page = browser_page.page
    for _press in range(limit):
        if page.evaluate(
            "selector => document.activeElement === document.querySelector(selector)", selector
        ):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} cannot be reached with Tab")


def test_keyboard_only__a_whole_report(browser_page: BrowserPage, city: City) -> None:
    page = browser_page.page
    keyboard = page.keyboard
    browser_page.goto("/report/")
    # The skip link comes first and leads to the content.
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    keyboard.press("Enter")
    _tab_to(browser_page, "a[href='/report/POTHOLE/']")
    keyboard.press("Enter")
    page.wait_for_url("**/report/POTHOLE/")
    _tab_to(browser_page, "#id_attribute_pothole_size_0")
    keyboard.press("Space")
    _tab_to(browser_page, "#id_description")
    keyboard.type("Reported with the keyboard")
    _tab_to(browser_page, "form.report-form button[type=submit]")
    keyboard.press("Enter")
    page.wait_for_url("**/location/")
    _tab_to(browser_page, "#id_address")
    keyboard.type("120 Alder Street")
    # The map can be passed by, without a trap, to the coordinates and the button.
    _tab_to(browser_page, "#id_latitude")
    _tab_to(browser_page, "form.report-form button[type=submit]")
    keyboard.press("Enter")
    page.wait_for_url("**/photos/")
    _tab_to(browser_page, "button[value=continue]")
    keyboard.press("Enter")
    page.wait_for_url("**/contact/")
    _tab_to(browser_page, "#id_first_name")
    keyboard.type("Kim")
    _tab_to(browser_page, "form.report-form button[type=submit]")
    keyboard.press("Enter")
    page.wait_for_url("**/review/")
    _tab_to(browser_page, "form.report-form button[type=submit]")
    keyboard.press("Enter")
    page.get_by_role("heading", name="Thank you, your report was sent").wait_for()
    stored = ServiceRequest.objects.get()
    assert stored.description == "Reported with the keyboard"
    assert stored.attributes == {"pothole_size": "small"}


def _speak(browser_page: BrowserPage, language: str) -> None:
    browser_page.page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": browser_page.base_url}]
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_public_page_passes_axe(browser_page: BrowserPage, city: City, language: str) -> None:
    existing = file_request()
    _speak(browser_page, language)
    for path in (
        "/",
        "/?q=pothole",
        "/report/",
        f"/requests/{existing.public_id}/",
        "/requests/?status=open",
        "/requests/find/?number=26-99999999",
        f"/requests/{existing.public_id}/follow/",
    ):
        browser_page.goto(path)
        _check(browser_page)
    page = browser_page.page
    page.locator("#id_email").fill("resident@example.com")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    _check(browser_page)
    token = Subscription.objects.get().token
    for path in (f"/follow/{token}/confirm/", f"/follow/{token}/stop/"):
        browser_page.goto(path)
        _check(browser_page)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_step_of_the_report_passes_axe(
    browser_page: BrowserPage, city: City, language: str
) -> None:
    file_request()
    _speak(browser_page, language)
    page = browser_page.page
    browser_page.goto("/report/POTHOLE/")
    _check(browser_page)
    # A step with errors, then each following step.
    page.locator("form.report-form button[type=submit]").click()
    page.locator("[data-error-summary]").wait_for()
    _check(browser_page)
    page.locator("#id_attribute_pothole_size_0").check()
    page.locator("form.report-form button[type=submit]").click()
    page.locator("#id_address").wait_for()
    _check(browser_page)
    page.locator("#id_address").fill("122 Alder Street")
    page.locator("form.report-form button[type=submit]").click()
    page.wait_for_url("**/already-reported/")
    _check(browser_page)
    browser_page.goto("/report/POTHOLE/photos/")
    _check(browser_page)
    page.locator("button[value=continue]").click()
    page.locator("#id_email").fill("not-an-address")
    page.locator("form.report-form button[type=submit]").click()
    page.locator("[data-error-summary]").wait_for()
    _check(browser_page)
    page.locator("#id_email").fill("")
    page.locator("form.report-form button[type=submit]").click()
    page.wait_for_url("**/review/")
    _check(browser_page)
    page.locator("form.report-form button[type=submit]").click()
    page.locator("[data-request-number]").wait_for()
    _check(browser_page)
