"""An agent in a real browser texts a knowledge-base article to a caller, who prefers Spanish:
the text message (kept by the in-memory SMS provider) carries the Spanish version's title,
summary and address, and the interaction records the number."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from civicdesk.accounts.enums import Role
from civicdesk.crm.enums import IdentityKind, InteractionOutcome
from civicdesk.crm.models import Interaction
from civicdesk.notifications import sms
from tests.browser import BrowserPage
from tests.crm.test_console_browser import sign_in
from tests.factories import ContactFactory, ContactIdentityFactory, staff_user
from tests.factories.knowledge import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def outbox(settings: Any) -> Iterator[list[sms.SmsMessage]]:
    settings.CIVICDESK = {
        **settings.CIVICDESK,
        "SMS_PROVIDER": "civicdesk.notifications.sms.LocmemSmsProvider",
    }
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def test_agent_texts_an_article_to_a_caller_in_their_language(
    browser_page: BrowserPage, outbox: list[sms.SmsMessage]
) -> None:
    agent = staff_user(Role.AGENT, username="avery")
    marisol = ContactFactory(
        first_name="Marisol", last_name="Vega", preferred_language="es", has_sms_consent=True
    )
    ContactIdentityFactory(contact=marisol, kind=IdentityKind.PHONE, value="+13195550170")
    english = ArticleFactory(
        slug="bulk-trash-pickup",
        title="Bulk trash pickup",
        summary="Furniture is picked up on your trash day if you book by Friday.",
        keywords="couch, sofa",
    )
    ArticleFactory(
        slug="recoleccion-de-voluminosos",
        title="Recolección de objetos voluminosos",
        summary="Los muebles se recogen el día de su basura si reserva antes del viernes.",
        language="es",
        translation_of=english,
    )
    page = browser_page.page

    sign_in(browser_page, "avery", "/console/call?from=%2B13195550170&call_id=CA-17")
    page.get_by_role("heading", name="Marisol Vega").wait_for()
    page.get_by_label("Search the knowledge base").fill("couch")
    page.locator("#id_kb_language").select_option("en")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("link", name="Bulk trash pickup").click()
    page.get_by_role("heading", name="Bulk trash pickup").wait_for()
    page.get_by_label("Text this article to the resident").check()
    assert page.get_by_label("Text to").input_value() == "+13195550170"
    browser_page.assert_accessible()
    page.get_by_role("button", name="Log: answered with this article").click()
    page.get_by_text("It is being texted to +13195550170.").wait_for()
    page.get_by_text("texted to +13195550170", exact=False).first.wait_for()
    browser_page.assert_accessible()
    browser_page.assert_no_console_errors()

    [message] = outbox
    assert message.to == "+13195550170"
    assert message.body.startswith("Recolección de objetos voluminosos:")
    assert "/help/recoleccion-de-voluminosos/" in message.body
    interaction = Interaction.objects.get()
    assert (interaction.contact, interaction.agent) == (marisol, agent)
    assert interaction.outcome == InteractionOutcome.ANSWERED
    assert interaction.article == english
    assert (interaction.article_texted_to, interaction.call_id) == ("+13195550170", "CA-17")
