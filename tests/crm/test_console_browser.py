"""An agent at work in a real browser: a question answered from the knowledge base and e-mailed
(received by a real SMTP server), a caller found by number whose pothole is filed for them, a
status check, and a walk-in who is new to the city's records."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from civicdesk.accounts.enums import Role
from civicdesk.catalog.models import Service
from civicdesk.crm.enums import Channel, IdentityKind, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Contact, Interaction
from civicdesk.service_requests.models import ServiceRequest
from tests.browser import BrowserPage
from tests.crm.conftest import file_request
from tests.factories import (
    ContactFactory,
    ContactIdentityFactory,
    ServiceCenterFactory,
    ServiceFactory,
    staff_user,
)
from tests.factories.accounts import PASSWORD
from tests.factories.geo import AddressPointFactory
from tests.factories.knowledge import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Inbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self._arrived:
            message = message_from_bytes(envelope.content, policy=policy.default)
            assert isinstance(message, EmailMessage)
            self.messages.append((list(envelope.rcpt_tos), message))
            self._arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 10.0) -> list[tuple[list[str], EmailMessage]]:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.messages) < count and time.monotonic() < deadline:
                self._arrived.wait(deadline - time.monotonic())
        return list(self.messages)


@pytest.fixture
def smtp_inbox() -> Iterator[Inbox]:
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield inbox
    finally:
        controller.stop()


def sign_in(browser_page: BrowserPage, username: str, path: str = "/console/") -> None:
    page = browser_page.page
    browser_page.goto(path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_agent_answers_a_question_from_the_knowledge_base_and_emails_it(
    browser_page: BrowserPage, smtp_inbox: Inbox
) -> None:
    agent = staff_user(Role.AGENT, username="avery")
    lee = ContactFactory(first_name="Lee", last_name="Okafor")
    ContactIdentityFactory(contact=lee, value="lee.okafor@mail.example")
    ArticleFactory(
        slug="bulk-trash-pickup",
        title="Bulk trash pickup",
        summary="Furniture and appliances are picked up on your trash day if you book by Friday.",
        body="Call 311 or book online by **Friday noon**; put items at the curb by 6 a.m.",
        keywords="couch, sofa, mattress",
    )
    ArticleFactory(title="Parking permits", body="Residential parking permits cost $25 a year.")
    page = browser_page.page

    sign_in(browser_page, "avery")
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Find a resident").fill("Okafor")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Lee Okafor").click()
    page.get_by_role("heading", name="Lee Okafor").wait_for()

    page.get_by_label("Search the knowledge base").fill("pick up my old couch")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Bulk trash pickup").click()
    page.get_by_role("heading", name="Bulk trash pickup").wait_for()
    assert "/console/contacts/" in page.url  # the panel changed; the record stayed in view
    page.get_by_label("E-mail this article to the resident").check()
    assert page.get_by_label("Send to").input_value() == "lee.okafor@mail.example"
    page.get_by_role("button", name="Log: answered with this article").click()
    page.get_by_text("Logged: answered with “Bulk trash pickup”").wait_for()
    browser_page.assert_accessible()
    browser_page.assert_no_console_errors()

    [(recipients, message)] = smtp_inbox.wait_for(1)
    assert recipients == ["lee.okafor@mail.example"]
    assert "Bulk trash pickup" in message["Subject"]
    body = message.get_content()
    assert "Hello Lee," in body
    assert "Friday noon" in body
    assert "/help/bulk-trash-pickup/" in body

    interaction = Interaction.objects.get()
    assert (interaction.contact, interaction.agent, interaction.channel) == (
        lee,
        agent,
        Channel.PHONE,
    )
    assert (interaction.reason, interaction.outcome) == (
        InteractionReason.QUESTION,
        InteractionOutcome.ANSWERED,
    )
    assert interaction.article is not None
    assert interaction.article.slug == "bulk-trash-pickup"
    assert interaction.article_sent_to == "lee.okafor@mail.example"
    assert interaction.is_first_contact_resolution
    assert not ServiceRequest.objects.exists()


@pytest.fixture
def pothole_with_address(pothole: Service) -> Service:
    AddressPointFactory(
        house_number="120", street="Alder Street", latitude=42.4012, longitude=-92.847
    )
    return pothole


def test_caller_found_by_phone_number_has_a_pothole_filed_for_them(
    browser_page: BrowserPage, pothole_with_address: Service
) -> None:
    agent = staff_user(Role.AGENT, username="avery")
    rosa = ContactFactory(first_name="Rosa", last_name="Park")
    ContactIdentityFactory(contact=rosa, kind=IdentityKind.PHONE, value="+13195550123")
    page = browser_page.page

    # The phone system opens the console on the caller; the agent signs in first.
    sign_in(browser_page, "avery", f"/console/call?from={quote('+1 319-555-0123')}&call_id=CA-881")
    page.get_by_role("heading", name="Rosa Park").wait_for()
    page.get_by_text("call CA-881").wait_for()
    page.get_by_role("link", name="File a request").click()
    page.get_by_label("Service").select_option(label="Pothole")
    page.get_by_role("button", name="Show its questions").click()
    browser_page.assert_accessible()
    page.get_by_label("Large").check()
    page.get_by_label("Describe the problem").fill("Deep hole in the bike lane")
    # The city's address points are suggested as the agent types; choosing one places it.
    page.get_by_label("Address or nearest intersection").fill("120 Alder Street")
    suggestion = page.locator("#address-suggestions option").first
    suggestion.wait_for(state="attached")
    page.get_by_label("Address or nearest intersection").fill(
        suggestion.get_attribute("value") or ""
    )
    assert page.get_by_label("Latitude").input_value() == "42.4012"
    page.get_by_role("button", name="File the request").click()
    page.get_by_text("Logged: request").wait_for()
    browser_page.assert_accessible()
    browser_page.assert_no_console_errors()

    service_request = ServiceRequest.objects.get()
    assert page.get_by_role("link", name=service_request.public_id).is_visible()
    assert (service_request.requester, service_request.channel) == (rosa, Channel.PHONE)
    assert service_request.service == pothole_with_address
    assert service_request.attributes == {"size": "large"}
    assert (service_request.latitude, service_request.longitude) == (42.4012, -92.847)
    assert service_request.address_id != ""
    interaction = Interaction.objects.get()
    assert (interaction.contact, interaction.agent, interaction.call_id) == (rosa, agent, "CA-881")
    assert (interaction.reason, interaction.outcome, interaction.service_request) == (
        InteractionReason.REQUEST,
        InteractionOutcome.REQUEST_CREATED,
        service_request,
    )
    assert interaction.ended_at is not None
    assert interaction.started_at < interaction.ended_at


def test_agent_gives_the_status_of_a_request(browser_page: BrowserPage, pothole: Service) -> None:
    agent = staff_user(Role.AGENT, username="avery")
    rosa = ContactFactory(first_name="Rosa", last_name="Park")
    service_request = file_request(rosa)
    page = browser_page.page

    sign_in(browser_page, "avery")
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Find a resident").fill(service_request.public_id)
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Rosa Park").click()
    page.get_by_role("link", name=service_request.public_id).click()
    page.get_by_role("heading", name=f"Request {service_request.public_id}: Pothole").wait_for()
    page.get_by_text("Request received").wait_for()
    browser_page.assert_accessible()
    page.get_by_label("Notes").fill("Told her it is in the queue for this week")
    page.get_by_role("button", name="Log: status given").click()
    page.get_by_text(f"Logged: status of {service_request.public_id} given (New).").wait_for()
    browser_page.assert_no_console_errors()

    interaction = Interaction.objects.get(agent=agent)
    assert (interaction.contact, interaction.service_request) == (rosa, service_request)
    assert (interaction.reason, interaction.outcome) == (
        InteractionReason.STATUS_CHECK,
        InteractionOutcome.STATUS_GIVEN,
    )
    assert interaction.notes == "Told her it is in the queue for this week"
    # Only the interaction was added: the request itself is as it was.
    assert ServiceRequest.objects.get() == service_request
    assert ServiceRequest.objects.get().status == service_request.status


def test_walk_in_at_a_neighborhood_station_becomes_a_new_contact(
    browser_page: BrowserPage,
) -> None:
    agent = staff_user(Role.AGENT, username="avery")
    station = ServiceCenterFactory(name="Northside Neighborhood Station")
    ServiceFactory(code="DUMPING", name="Illegal dumping", group="Sanitation")
    AddressPointFactory(house_number="18", street="Cedar Court", latitude=42.405, longitude=-92.851)
    page = browser_page.page

    sign_in(browser_page, "avery")
    page.get_by_label("Walk-in", exact=True).check()
    page.get_by_label("Walk-in desk or neighborhood station").select_option(label=station.name)
    page.get_by_role("button", name="Start").click()
    page.get_by_text("Northside Neighborhood Station").first.wait_for()
    page.get_by_label("Find a resident").fill("Mateo Alvarez")
    page.get_by_role("button", name="Find").click()
    page.get_by_text("No resident on file matches").wait_for()
    browser_page.assert_accessible()
    page.get_by_label("First name").fill("Mateo")
    page.get_by_label("Last name").fill("Alvarez")
    page.get_by_label("Phone").fill("(319) 555-0142")
    page.get_by_label("Address", exact=True).fill("18 Cedar Court")
    page.get_by_label("Preferred language").select_option(label="Español")
    page.get_by_role("button", name="Add the resident").click()
    page.get_by_role("heading", name="Mateo Alvarez").wait_for()
    browser_page.assert_accessible()

    page.get_by_role("link", name="File a request").click()
    page.get_by_label("Service").select_option(label="Illegal dumping")
    page.get_by_role("button", name="Show its questions").click()
    page.get_by_label("Describe the problem").fill("Mattresses dumped behind the station")
    page.get_by_label("Address or nearest intersection").fill("18 Cedar Court")
    page.get_by_role("button", name="File the request").click()
    page.get_by_text("Logged: request").wait_for()
    browser_page.assert_no_console_errors()

    contact = Contact.objects.get()
    assert (contact.first_name, contact.last_name, contact.preferred_language) == (
        "Mateo",
        "Alvarez",
        "es",
    )
    assert list(contact.identities.values_list("value", flat=True)) == ["+13195550142"]
    assert list(contact.addresses.values_list("address", flat=True)) == ["18 Cedar Court"]
    service_request = ServiceRequest.objects.get()
    assert (service_request.requester, service_request.channel, service_request.language) == (
        contact,
        Channel.WALK_IN,
        "es",
    )
    interaction = Interaction.objects.get()
    assert (interaction.contact, interaction.agent, interaction.service_center) == (
        contact,
        agent,
        station,
    )
    assert (interaction.channel, interaction.service_request) == (Channel.WALK_IN, service_request)
    # Geocoded by intake from the typed address, as on the portal.
    assert (service_request.latitude, service_request.longitude) == (42.405, -92.851)
