"""Browser testing support: Debian's Chromium driven by Playwright, and axe-core checks.

Tests that use these fixtures are marked `browser`. When Chromium is missing they are skipped
with a message saying how to get it (`make test` installs it when run as root).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page

CHROMIUM = Path(os.environ.get("CIVICDESK_CHROMIUM", "/usr/bin/chromium"))
# Headless, and quiet on a machine whose only network is loopback.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"Chromium is not installed at {CHROMIUM}: run `make test` as root to install "
            "Debian's chromium, or set CIVICDESK_CHROMIUM to a Chromium binary."
        )
    # Playwright's sync API keeps an event loop in this thread; the live server's database
    # work happens in its own thread, and the test's own ORM calls are plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserPage:
    """A page in a fresh browser context on the live server, recording what a person would
    not see but should care about: console errors and Content-Security-Policy violations."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def assert_accessible(self, *, disabled_rules: tuple[str, ...] = ()) -> None:
        """No axe-core violations of WCAG 2.1 A/AA rules on the page as it is now."""
        from axe_playwright_python.sync_playwright import Axe

        options: dict[str, Any] = {
            "resultTypes": ["violations"],
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        }
        if disabled_rules:
            options["rules"] = {rule: {"enabled": False} for rule in disabled_rules}
        results = Axe().run(self.page, options=options)
        assert results.violations_count == 0, results.generate_report()

    def assert_no_console_errors(self) -> None:
        assert self.console_errors == []


@pytest.fixture
def browser_page(chromium: Browser, live_server: Any) -> Iterator[BrowserPage]:
    context = chromium.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield BrowserPage(page, live_server.url)
    context.close()


@pytest.fixture
def phone_page(chromium: Browser, live_server: Any) -> Iterator[BrowserPage]:
    """The same, on a phone-sized touch screen."""
    context = chromium.new_context(
        locale="en-US",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield BrowserPage(page, live_server.url)
    context.close()
