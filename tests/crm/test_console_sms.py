"""Texting a knowledge-base article from the agent console: to one of the resident's phone
numbers, in their language's version of the article, only with their consent; and the
resident's surveys in the record's history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civicdesk.accounts.enums import Role
from civicdesk.crm.enums import ContactMethod, IdentityKind, InteractionReason
from civicdesk.crm.models import Contact, Interaction
from civicdesk.knowledge.enums import Audience
from civicdesk.knowledge.models import Article
from civicdesk.notifications import sms
from civicdesk.surveys.enums import InvitationChannel, SurveyTrigger
from civicdesk.surveys.models import (
    Question,
    QuestionTranslation,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
)
from tests.factories import ContactFactory, ContactIdentityFactory, InteractionFactory, staff_user
from tests.factories.knowledge import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings: Any) -> Iterator[list[sms.SmsMessage]]:
    settings.CIVICDESK = {
        **settings.CIVICDESK,
        "SMS_PROVIDER": "civicdesk.notifications.sms.LocmemSmsProvider",
    }
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def agent_client() -> Client:
    client = Client()
    client.force_login(staff_user(Role.AGENT, first_name="Avery"))
    return client


@pytest.fixture
def marisol() -> Contact:
    contact = ContactFactory(
        first_name="Marisol",
        last_name="Vega",
        preferred_language="es",
        has_sms_consent=True,
    )
    ContactIdentityFactory(contact=contact, kind=IdentityKind.PHONE, value="+13195550170")
    ContactIdentityFactory(
        contact=contact, kind=IdentityKind.PHONE, value="+13195550171", is_primary=False
    )
    return contact


@pytest.fixture
def bulk_trash() -> Article:
    english = ArticleFactory(
        slug="bulk-trash-pickup",
        title="Bulk trash pickup",
        summary="Furniture is picked up on your trash day if you book by Friday.",
    )
    ArticleFactory(
        slug="recoleccion-de-voluminosos",
        title="Recolección de objetos voluminosos",
        summary="Los muebles se recogen el día de su basura si reserva antes del viernes.",
        language="es",
        translation_of=english,
    )
    return english


def _answer(client: Client, contact: Contact, article: Article, **fields: str) -> Any:
    client.post(reverse("console:start"), {"start-channel": "phone"})
    return client.post(
        reverse("console:answer", args=[contact.pk]),
        {
            "answer-article": article.pk,
            "answer-reason": InteractionReason.QUESTION,
            "answer-is_first_contact_resolution": "on",
            **fields,
        },
    )


def test_text__goes_in_spanish_to_the_chosen_number_and_is_recorded(
    agent_client: Client,
    marisol: Contact,
    bulk_trash: Article,
    outbox: list[sms.SmsMessage],
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = agent_client.get(
        reverse("console:contact", args=[marisol.pk]), {"article": bulk_trash.slug}
    ).content.decode()
    assert "Text this article to the resident" in page
    assert '<option value="+13195550170"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(
            agent_client,
            marisol,
            bulk_trash,
            **{"answer-send_by_text": "on", "answer-phone": "+13195550171"},
        )
    assert response.status_code == 302
    [message] = outbox
    assert message.to == "+13195550171"
    assert message.body.startswith("Recolección de objetos voluminosos: Los muebles")
    assert "/help/recoleccion-de-voluminosos/" in message.body
    assert "Más información:" in message.body
    interaction = Interaction.objects.get()
    assert (interaction.article, interaction.article_texted_to) == (bulk_trash, "+13195550171")
    assert interaction.article_sent_to == ""
    record = agent_client.get(response["Location"]).content.decode()
    assert "It is being texted to +13195550171." in record
    assert "texted to +13195550171" in record


def test_text__english_speaker_gets_the_english_version_at_the_primary_number(
    agent_client: Client,
    marisol: Contact,
    bulk_trash: Article,
    outbox: list[sms.SmsMessage],
    django_capture_on_commit_callbacks: Any,
) -> None:
    marisol.preferred_language = "en"
    marisol.save()
    with django_capture_on_commit_callbacks(execute=True):
        _answer(agent_client, marisol, bulk_trash, **{"answer-send_by_text": "on"})
    [message] = outbox
    assert message.to == "+13195550170"
    assert message.body.startswith("Bulk trash pickup: Furniture")
    assert "/help/bulk-trash-pickup/" in message.body


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("no_phone", "has no phone number on file"),
        ("no_consent", "has not agreed to text messages"),
        ("do_not_contact", "asked not to be contacted"),
    ],
)
def test_text__refused_with_a_clear_reason_and_nothing_logged_or_sent(  # noqa: PLR0917 - parametrized
    agent_client: Client,
    marisol: Contact,
    bulk_trash: Article,
    outbox: list[sms.SmsMessage],
    django_capture_on_commit_callbacks: Any,
    change: str,
    message: str,
) -> None:
    if change == "no_phone":
        marisol.identities.all().delete()
    elif change == "no_consent":
        marisol.has_sms_consent = False
    else:
        marisol.preferred_contact_method = ContactMethod.NONE
    marisol.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(agent_client, marisol, bulk_trash, **{"answer-send_by_text": "on"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Interaction.objects.exists()
    assert outbox == []


def test_text__staff_only_article_is_refused(
    agent_client: Client, marisol: Contact, outbox: list[sms.SmsMessage]
) -> None:
    internal = ArticleFactory(title="Escalation contacts", audience=Audience.STAFF)
    response = _answer(agent_client, marisol, internal, **{"answer-send_by_text": "on"})
    assert response.status_code == 400
    assert "is for staff only" in response.content.decode()
    assert not Interaction.objects.exists()
    assert outbox == []


def test_record__shows_the_residents_surveys_with_rating_and_comment(
    agent_client: Client, marisol: Contact
) -> None:
    survey = Survey.objects.create(code="contact-center", trigger=SurveyTrigger.INTERACTION)
    rating = Question.objects.create(survey=survey, position=1, kind="rating")
    comment = Question.objects.create(survey=survey, position=2, kind="text")
    solved = Question.objects.create(
        survey=survey, position=3, kind="choice", choice_keys="yes\npartly\nno"
    )
    QuestionTranslation.objects.create(
        question=solved, language="en", text="Was it solved?", choice_labels="Yes\nPartly\nNo"
    )
    now = timezone.now()
    answered = SurveyInvitation.objects.create(
        survey=survey,
        token="answered-token",
        contact=marisol,
        interaction=InteractionFactory(contact=marisol),
        channel=InvitationChannel.SMS,
        recipient="+13195550170",
        language="es",
        sent_at=now - timedelta(days=2),
        expires_at=now + timedelta(days=20),
        answered_at=now - timedelta(days=1),
    )
    response = SurveyResponse.objects.create(
        invitation=answered, survey=survey, submitted_at=now, language="es", rating=2
    )
    SurveyAnswer.objects.create(response=response, question=rating, rating=2)
    SurveyAnswer.objects.create(response=response, question=comment, text="Esperé 20 minutos.")
    SurveyAnswer.objects.create(response=response, question=solved, choice="partly")
    SurveyInvitation.objects.create(
        survey=survey,
        token="waiting-token",
        contact=marisol,
        interaction=InteractionFactory(contact=marisol),
        channel=InvitationChannel.SMS,
        recipient="+13195550170",
        language="es",
        expires_at=now + timedelta(days=20),
    )
    page = agent_client.get(reverse("console:contact", args=[marisol.pk])).content.decode()
    surveys = page[page.index('id="surveys-heading"') :]
    assert "2 of 5" in surveys
    assert "Esperé 20 minutos." in surveys
    assert "Partly" in surveys  # the answer's label, not its key
    assert "partly" not in surveys
    assert "Not answered" in surveys
    assert "answered-token" not in page  # the resident's link is theirs alone


def test_history__surveys_cost_the_same_queries_however_many(
    marisol: Contact, django_assert_num_queries: Any
) -> None:
    from civicdesk.crm.selectors import contact_history

    survey = Survey.objects.create(code="contact-center", trigger=SurveyTrigger.INTERACTION)
    question = Question.objects.create(survey=survey, position=1, kind="rating")
    now = timezone.now()
    for index in range(5):
        invitation = SurveyInvitation.objects.create(
            survey=survey,
            token=f"token-{index}",
            contact=marisol,
            interaction=InteractionFactory(contact=marisol),
            channel=InvitationChannel.SMS,
            recipient="+13195550170",
            language="es",
            expires_at=now + timedelta(days=20),
            answered_at=now if index % 2 else None,
        )
        if index % 2:
            response = SurveyResponse.objects.create(
                invitation=invitation, survey=survey, submitted_at=now, language="es", rating=3
            )
            SurveyAnswer.objects.create(response=response, question=question, rating=3)
    with django_assert_num_queries(5):
        history = contact_history(contact=marisol)
        ratings = [
            answer.rating
            for invitation in history.surveys
            if invitation.answered_at
            for answer in invitation.response.answers.all()
        ]
    assert ratings == [3, 3]
    assert len(history.surveys) == 5
