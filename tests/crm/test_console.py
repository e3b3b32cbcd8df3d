"""The agent console, driven through Django's test client: what an agent sees and what each
outcome stores."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import AuditLogEntry, User
from civicdesk.catalog.models import Service
from civicdesk.crm.enums import Channel, IdentityKind, InteractionOutcome, InteractionReason
from civicdesk.crm.models import Contact, Interaction
from civicdesk.knowledge.models import Article
from civicdesk.service_requests.enums import EventType
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import Location
from tests.crm.conftest import file_request
from tests.factories import (
    ContactFactory,
    ContactIdentityFactory,
    InteractionFactory,
    ServiceCenterFactory,
    staff_user,
)
from tests.factories.knowledge import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent() -> User:
    return staff_user(Role.AGENT, first_name="Avery", last_name="Agent")


@pytest.fixture
def client_for(agent: User) -> Client:
    client = Client()
    client.force_login(agent)
    return client


@pytest.fixture
def rosa() -> Contact:
    contact = ContactFactory(first_name="Rosa", last_name="Park")
    ContactIdentityFactory(contact=contact, kind=IdentityKind.PHONE, value="+13195550123")
    ContactIdentityFactory(contact=contact, value="rosa@mail.example")
    return contact


def start(client: Client, channel: str = Channel.PHONE, **extra: Any) -> None:
    response = client.post(reverse("console:start"), {"start-channel": channel, **extra})
    assert response.status_code == 302


def test_screen_pop__known_number_opens_the_callers_record(
    client_for: Client, rosa: Contact
) -> None:
    response = client_for.get(
        reverse("console:call"), {"from": "+1 319 555 0123", "call_id": "c-77"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("console:contact", args=[rosa.pk])
    page = client_for.get(response["Location"]).content.decode()
    assert "Rosa Park" in page
    assert "call c-77" in page


def test_screen_pop__unknown_number_prefills_the_new_resident_form(client_for: Client) -> None:
    response = client_for.get(reverse("console:call"), {"from": "3195550999"}, follow=True)
    page = response.content.decode()
    assert "No resident on file matches" in page
    assert 'value="+13195550999"' in page


def test_search__finds_by_phone_and_writes_who_saw_which_residents(
    client_for: Client, agent: User, rosa: Contact
) -> None:
    ContactFactory(first_name="Rosa", last_name="Other")
    page = client_for.get(reverse("console:home"), {"q": "(319) 555-0123"}).content.decode()
    assert "Rosa Park" in page
    assert "Rosa Other" not in page
    entry = AuditLogEntry.objects.get(action="contact.searched")
    assert entry.actor == agent
    assert entry.data["contact_ids"] == [rosa.pk]


def test_contact_page__each_view_is_audited(client_for: Client, agent: User, rosa: Contact) -> None:
    client_for.get(reverse("console:contact", args=[rosa.pk]))
    client_for.get(reverse("console:contact", args=[rosa.pk]))
    entries = AuditLogEntry.objects.filter(action="contact.viewed", object_id=str(rosa.pk))
    assert entries.count() == 2
    assert {entry.actor for entry in entries} == {agent}


def test_contact_page__history_costs_the_same_queries_however_long(
    client_for: Client, rosa: Contact, pothole: Service
) -> None:
    article = ArticleFactory()
    InteractionFactory(contact=rosa, article=article)
    file_request(rosa)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client_for.get(reverse("console:contact", args=[rosa.pk]))
        assert response.status_code == 200
        return len(captured)

    few = queries()
    for _index in range(6):
        InteractionFactory(
            contact=rosa, article=ArticleFactory(), service_center=ServiceCenterFactory()
        )
        file_request(rosa)
    assert queries() == few
    assert few <= 25


def test_contact_page__shows_requests_with_status_and_interactions_across_channels(
    client_for: Client, rosa: Contact, pothole: Service
) -> None:
    service_request = file_request(rosa)
    InteractionFactory(
        contact=rosa,
        channel=Channel.SOCIAL,
        reason=InteractionReason.COMPLIMENT,
        outcome=InteractionOutcome.RECORDED,
        notes="Thanked the crew",
    )
    page = client_for.get(reverse("console:contact", args=[rosa.pk])).content.decode()
    assert service_request.public_id in page
    assert "New" in page
    assert "Social media" in page
    assert "Thanked the crew" in page
    assert "Web portal" in page


def test_knowledge_panel__finds_staff_articles_and_logs_the_search(
    client_for: Client, rosa: Contact
) -> None:
    from civicdesk.knowledge.enums import Audience
    from civicdesk.knowledge.models import SearchQuery

    ArticleFactory(title="Bulk trash pickup", body="Book a bulk pickup of furniture.")
    ArticleFactory(
        title="Bulk pickup script",
        body="Read this to callers: bulk pickup.",
        audience=Audience.STAFF,
    )
    page = client_for.get(
        reverse("console:knowledge", args=[rosa.pk]), {"kb": "bulk pickup"}
    ).content.decode()
    assert "Bulk trash pickup" in page
    assert "Bulk pickup script" in page
    assert SearchQuery.objects.get().source == "console"


def test_answer__logs_the_article_and_emails_it(
    client_for: Client,
    agent: User,
    rosa: Contact,
    django_capture_on_commit_callbacks: Any,
) -> None:
    article: Article = ArticleFactory(title="Bulk trash pickup", body="Book it by calling 311.")
    start(client_for)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for.post(
            reverse("console:answer", args=[rosa.pk]),
            {
                "answer-article": article.pk,
                "answer-reason": InteractionReason.QUESTION,
                "answer-send_by_email": "on",
                "answer-email": "rosa@mail.example",
                "answer-is_first_contact_resolution": "on",
            },
        )
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert (interaction.contact, interaction.agent, interaction.article) == (rosa, agent, article)
    assert (interaction.channel, interaction.outcome) == (
        Channel.PHONE,
        InteractionOutcome.ANSWERED,
    )
    assert interaction.article_sent_to == "rosa@mail.example"
    assert interaction.is_first_contact_resolution
    assert interaction.ended_at is not None
    assert interaction.ended_at >= interaction.started_at
    assert [message.to for message in mail.outbox] == [["rosa@mail.example"]]
    # The contact is over: the next one starts afresh.
    assert "Start a contact" in client_for.get(response["Location"]).content.decode()


def test_outcome__without_a_contact_in_progress_nothing_is_logged(
    client_for: Client, rosa: Contact
) -> None:
    response = client_for.post(
        reverse("console:log", args=[rosa.pk]),
        {"outcome-reason": "complaint", "outcome-outcome": "recorded"},
    )
    assert response.status_code == 400
    assert "Start the contact first" in response.content.decode()
    assert not Interaction.objects.exists()


def test_outcome__referral_says_where_to(client_for: Client, rosa: Contact) -> None:
    start(client_for)
    refused = client_for.post(
        reverse("console:log", args=[rosa.pk]),
        {"outcome-reason": "question", "outcome-outcome": "referred"},
    )
    assert refused.status_code == 400
    assert "Say where the resident was transferred or referred to." in refused.content.decode()
    client_for.post(
        reverse("console:log", args=[rosa.pk]),
        {
            "outcome-reason": "question",
            "outcome-outcome": "referred",
            "outcome-referred_to": "County Health Department",
        },
    )
    assert Interaction.objects.get().referred_to == "County Health Department"


def test_walk_in__new_resident_and_complaint_recorded_at_the_station(
    client_for: Client, agent: User
) -> None:
    station = ServiceCenterFactory(name="Northside Neighborhood Station")
    refused = client_for.post(reverse("console:start"), {"start-channel": Channel.WALK_IN})
    assert refused.status_code == 400
    start(client_for, Channel.WALK_IN, **{"start-service_center": station.pk})
    response = client_for.post(
        reverse("console:contact_new"),
        {
            "contact-first_name": "Mateo",
            "contact-last_name": "Alvarez",
            "contact-address": "18 Cedar Court",
            "contact-language": "es",
            "contact-preferred_contact_method": "phone",
        },
    )
    contact = Contact.objects.get(first_name="Mateo")
    assert response["Location"] == reverse("console:contact", args=[contact.pk])
    client_for.post(
        reverse("console:log", args=[contact.pk]),
        {
            "outcome-reason": "complaint",
            "outcome-outcome": "recorded",
            "outcome-notes": "Noise from the depot at night",
        },
    )
    interaction = Interaction.objects.get()
    assert (interaction.channel, interaction.service_center, interaction.agent) == (
        Channel.WALK_IN,
        station,
        agent,
    )
    assert interaction.reason == InteractionReason.COMPLAINT


def test_new_resident__phone_on_file_is_refused_with_the_owner(
    client_for: Client, rosa: Contact
) -> None:
    response = client_for.post(
        reverse("console:contact_new"),
        {
            "contact-first_name": "Someone",
            "contact-phone": "319-555-0123",
            "contact-language": "en",
            "contact-preferred_contact_method": "email",
        },
    )
    assert response.status_code == 400
    assert "Rosa Park" in response.content.decode()
    assert Contact.objects.count() == 1


def _request_data(**overrides: str) -> dict[str, str]:
    data = {
        "service": "POTHOLE",
        "attribute_size": "large",
        "description": "Deep hole by the bus stop",
        "address": "100 Main Street",
        "latitude": "41.881",
        "longitude": "-87.623",
        "is_first_contact_resolution": "on",
    }
    data.update(overrides)
    return data


def test_file_request__through_intake_with_the_agent_and_call(
    client_for: Client, agent: User, rosa: Contact, pothole: Service
) -> None:
    client_for.get(reverse("console:call"), {"from": "3195550123", "call_id": "c-9"})
    page = client_for.get(reverse("console:request_new", args=[rosa.pk]), {"service": "POTHOLE"})
    assert "How big is it?" in page.content.decode()
    response = client_for.post(reverse("console:request_new", args=[rosa.pk]), _request_data())
    assert response.status_code == 302
    service_request = ServiceRequest.objects.get()
    assert (service_request.requester, service_request.channel) == (rosa, Channel.PHONE)
    assert service_request.attributes == {"size": "large"}
    created = service_request.events.get(event_type=EventType.CREATED)
    assert created.actor == agent
    interaction = Interaction.objects.get()
    assert (interaction.service_request, interaction.agent, interaction.call_id) == (
        service_request,
        agent,
        "c-9",
    )
    assert interaction.outcome == InteractionOutcome.REQUEST_CREATED
    assert interaction.is_first_contact_resolution


def test_file_request__intake_problems_show_beside_the_fields(
    client_for: Client, rosa: Contact, pothole: Service
) -> None:
    start(client_for)
    response = client_for.post(
        reverse("console:request_new", args=[rosa.pk]), _request_data(attribute_size="")
    )
    assert response.status_code == 400
    assert "“How big is it?” is required." in response.content.decode()
    assert not ServiceRequest.objects.exists()


def test_file_request__nearby_open_request_is_offered_first(
    client_for: Client, rosa: Contact, pothole: Service
) -> None:
    earlier = file_request(ContactFactory())
    start(client_for)
    first = client_for.post(reverse("console:request_new", args=[rosa.pk]), _request_data())
    assert first.status_code == 400
    assert "Already reported?" in first.content.decode()
    assert earlier.public_id in first.content.decode()
    assert ServiceRequest.objects.count() == 1
    second = client_for.post(
        reverse("console:request_new", args=[rosa.pk]), _request_data(not_duplicate="True")
    )
    assert second.status_code == 302
    assert ServiceRequest.objects.count() == 2


def test_status__timeline_shown_and_status_given_logged(
    client_for: Client, agent: User, rosa: Contact, pothole: Service
) -> None:
    service_request = file_request(rosa)
    start(client_for)
    lookup = client_for.get(
        reverse("console:request_lookup", args=[rosa.pk]),
        {"number": service_request.public_id.replace("-0000000", "-")},
    )
    url = reverse("console:request_status", args=[rosa.pk, service_request.public_id])
    assert lookup["Location"] == url
    page = client_for.get(url).content.decode()
    assert "Request received" in page
    client_for.post(url, {"notes": "Told her the crew comes Monday"})
    interaction = Interaction.objects.filter(agent=agent).get()
    assert (interaction.reason, interaction.outcome, interaction.service_request) == (
        InteractionReason.STATUS_CHECK,
        InteractionOutcome.STATUS_GIVEN,
        service_request,
    )


def test_merge__supervisor_folds_a_duplicate_into_the_record(
    rosa: Contact, pothole: Service
) -> None:
    from tests.factories import DepartmentFactory

    supervisor = staff_user(Role.SUPERVISOR, department=DepartmentFactory())
    client = Client()
    client.force_login(supervisor)
    duplicate = ContactFactory(first_name="R.", last_name="Park")
    service_request = file_request(duplicate)
    response = client.post(
        reverse("console:contact_merge", args=[rosa.pk]), {"merge-other_contact": duplicate.pk}
    )
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
    assert ServiceRequest.objects.get(pk=service_request.pk).requester == rosa


def test_edit__adds_an_identity_and_changes_consent(client_for: Client, rosa: Contact) -> None:
    response = client_for.post(
        reverse("console:contact_edit", args=[rosa.pk]),
        {
            "contact-first_name": "Rosa",
            "contact-last_name": "Park",
            "contact-social_handle": "@rosa_p",
            "contact-language": "es",
            "contact-preferred_contact_method": "sms",
            "contact-has_sms_consent": "on",
        },
    )
    assert response.status_code == 302
    rosa.refresh_from_db()
    assert (rosa.preferred_language, rosa.has_sms_consent, rosa.has_email_consent) == (
        "es",
        True,
        False,
    )
    assert rosa.identities.filter(kind=IdentityKind.SOCIAL, value="@rosa_p").exists()


def test_end__a_caller_who_hung_up_is_logged_without_a_resident(
    client_for: Client, agent: User
) -> None:
    client_for.get(reverse("console:call"), {"from": "3195550999", "call_id": "c-1"})
    client_for.post(reverse("console:end"), {"why": "hung_up"})
    interaction = Interaction.objects.get()
    assert (interaction.contact, interaction.outcome, interaction.call_id, interaction.agent) == (
        None,
        InteractionOutcome.ABANDONED,
        "c-1",
        agent,
    )
    start(client_for)
    client_for.post(reverse("console:end"), {"why": "mistake"})
    assert Interaction.objects.count() == 1
    assert "Start a contact" in client_for.get(reverse("console:home")).content.decode()


def test_search__address_of_a_request_finds_who_reported_it(
    client_for: Client, rosa: Contact, pothole: Service
) -> None:
    file_request(rosa, location=Location(latitude=41.881, longitude=-87.623, address="77 Elm Row"))
    page = client_for.get(reverse("console:home"), {"q": "77 elm"}).content.decode()
    assert "Rosa Park" in page


def test_screen_pop__a_social_message_opens_the_record_of_its_handle(client_for: Client) -> None:
    mateo = ContactIdentityFactory(kind=IdentityKind.SOCIAL, value="x:@mateo_a").contact
    response = client_for.get(
        reverse("console:call"), {"from": "x:@Mateo_A", "channel": "social", "call_id": "m-5"}
    )
    assert response["Location"] == reverse("console:contact", args=[mateo.pk])
    client_for.post(
        reverse("console:log", args=[mateo.pk]),
        {"outcome-reason": "compliment", "outcome-outcome": "recorded"},
    )
    interaction = Interaction.objects.get()
    assert (interaction.channel, interaction.call_id) == (Channel.SOCIAL, "m-5")
