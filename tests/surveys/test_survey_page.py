"""The resident's survey page at /survey/<token>/: no sign-in, in the invitation's language,
nothing personal shown, one answer per invitation, clear pages for answered, expired and unknown
links, CSRF, and rate limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civicdesk.reporting.selectors import MetricFilters, request_summary, rollup_version_forget
from civicdesk.reporting.services import rollups_refresh
from civicdesk.service_requests.enums import EventType, Status
from civicdesk.surveys import views
from civicdesk.surveys.models import SurveyAnswer, SurveyInvitation, SurveyResponse
from civicdesk.surveys.selectors import survey_form_for
from tests.fieldwork.conftest import Streets
from tests.surveys.conftest import move, resident_pothole

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("surveys")]


@pytest.fixture
def invitation(streets: Streets, django_capture_on_commit_callbacks: Any) -> SurveyInvitation:
    """Ana's pothole, resolved; she prefers Spanish."""
    service_request = resident_pothole(email="ana.lopez@mail.example", language="es")
    contact = service_request.requester
    assert contact is not None
    contact.first_name, contact.last_name = "Ana", "López"
    contact.save()
    move(
        streets,
        service_request,
        django_capture_on_commit_callbacks,
        Status.ACKNOWLEDGED,
        Status.IN_PROGRESS,
        Status.RESOLVED,
    )
    return SurveyInvitation.objects.select_related("service_request").get()


def _answers(invitation: SurveyInvitation, **by_kind: str) -> dict[str, str]:
    """Form data: by_kind maps "rating", "choice", "text" to the answer for that question."""
    form = survey_form_for(invitation)
    return {
        question.field_name: by_kind[question.kind]
        for question in form.questions
        if question.kind in by_kind
    }


def test_page__in_spanish_with_the_request_number_and_nothing_personal(
    invitation: SurveyInvitation,
) -> None:
    response = Client().get(reverse("surveys:survey", args=[invitation.token]))
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    page = response.content.decode()
    assert '<html lang="es"' in page
    assert "¿Cómo lo hicimos?" in page
    assert "¿Se resolvió el problema?" in page
    assert invitation.service_request is not None
    assert invitation.service_request.public_id in page
    for personal in ("Ana", "López", "ana.lopez@mail.example", "120 Alder Street"):
        assert personal not in page


def test_answering__stores_the_answers_once_and_writes_the_timeline(
    invitation: SurveyInvitation,
) -> None:
    client = Client()
    url = reverse("surveys:survey", args=[invitation.token])
    data = _answers(invitation, rating="4", choice="partly", text="El bache volvió a abrirse.")
    response = client.post(url, data)
    assert response.status_code == 302
    thanks = client.get(url)
    assert "Recibimos sus respuestas" in thanks.content.decode()

    stored = SurveyResponse.objects.get()
    assert (stored.rating, stored.language) == (4, "es")
    assert invitation.service_request is not None
    assert stored.service_id == invitation.service_request.service_id
    assert stored.department_id == invitation.service_request.department_id
    assert [
        (answer.rating, answer.choice, answer.text)
        for answer in SurveyAnswer.objects.order_by("question__position")
    ] == [(4, "", ""), (None, "partly", ""), (None, "", "El bache volvió a abrirse.")]
    event = invitation.service_request.events.get(event_type=EventType.SURVEY_ANSWERED)
    assert (event.is_public, event.data) == (False, {"score": 4})
    assert "El bache" not in event.note  # the resident's words stay in the survey

    # A second answer is refused; the first stands.
    again = client.post(url, _answers(invitation, rating="1"))
    assert again.status_code == 200
    assert "Recibimos sus respuestas" in again.content.decode()
    assert SurveyResponse.objects.get().rating == 4


def test_answer__counts_in_the_reporting_satisfaction_after_a_refresh(
    invitation: SurveyInvitation,
) -> None:
    rollups_refresh(now=timezone.now())  # the request's figures, before the answer
    assert request_summary(filters=MetricFilters()).survey_count == 0
    rollup_version_forget()
    Client().post(
        reverse("surveys:survey", args=[invitation.token]), _answers(invitation, rating="5")
    )
    rollups_refresh(now=timezone.now())
    summary = request_summary(filters=MetricFilters())
    assert (summary.survey_count, summary.satisfaction_average) == (1, 5.0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"choice": "yes"}, "Por favor, responda esta pregunta."),
        ({"rating": "9"}, "Elija una calificación del 1 al 5."),
        ({"rating": "3", "choice": "maybe"}, "Elija una de las respuestas ofrecidas."),
        ({"rating": "3", "text": "x" * 2001}, "menos de 2000 caracteres"),
    ],
)
def test_bad_answers__explained_in_spanish_and_nothing_stored(
    invitation: SurveyInvitation, data: dict[str, str], message: str
) -> None:
    response = Client().post(
        reverse("surveys:survey", args=[invitation.token]), _answers(invitation, **data)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sus respuestas no se enviaron" in page
    assert message in page
    assert 'aria-invalid="true"' in page or "field--error" in page
    assert not SurveyResponse.objects.exists()
    invitation.refresh_from_db()
    assert invitation.answered_at is None


def test_expired_link__says_the_survey_closed_and_takes_nothing(
    invitation: SurveyInvitation,
) -> None:
    SurveyInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    url = reverse("surveys:survey", args=[invitation.token])
    assert Client().get(url).status_code == 410
    response = Client().post(url, _answers(invitation, rating="5"))
    assert response.status_code == 410
    assert "Esta encuesta está cerrada" in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_unknown_link__not_found_with_a_clear_message_then_rate_limited(
    invitation: SurveyInvitation,
) -> None:
    client = Client()
    response = client.get(reverse("surveys:survey", args=["no-such-token"]))
    assert response.status_code == 404
    assert "This survey link is not valid" in response.content.decode()
    for attempt in range(views.UNKNOWN_TOKENS_PER_HOUR - 1):
        client.get(reverse("surveys:survey", args=[f"guess-{attempt}"]))
    # Guessing is cut off for this address, even for a real link.
    assert client.get(reverse("surveys:survey", args=[invitation.token])).status_code == 429


def test_answers_without_the_csrf_token__refused(invitation: SurveyInvitation) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("surveys:survey", args=[invitation.token]), _answers(invitation, rating="5")
    )
    assert response.status_code == 403
    assert not SurveyResponse.objects.exists()


def test_posts__rate_limited_per_address(invitation: SurveyInvitation) -> None:
    client = Client()
    url = reverse("surveys:survey", args=[invitation.token])
    for _attempt in range(views.POSTS_PER_HOUR):
        assert "Sus respuestas no se enviaron" in client.post(url, {}).content.decode()
    response = client.post(url, _answers(invitation, rating="5"))
    assert response.status_code == 429
    assert not SurveyResponse.objects.exists()


def test_no_more_surveys__asks_then_withdraws_consent(invitation: SurveyInvitation) -> None:
    url = reverse("surveys:stop", args=[invitation.token])
    contact = invitation.contact
    assert contact is not None
    page = Client().get(url)
    assert "¿Dejar de recibir las encuestas" in page.content.decode()
    contact.refresh_from_db()
    assert contact.has_survey_consent  # opening the link changes nothing
    done = Client().post(url)
    assert "ya no le enviaremos encuestas" in done.content.decode()
    contact.refresh_from_db()
    assert not contact.has_survey_consent
    assert contact.wants_status_updates  # status updates are a separate choice


def test_answer__shows_on_the_requests_staff_page_with_the_rating(
    invitation: SurveyInvitation, streets: Streets
) -> None:
    Client().post(
        reverse("surveys:survey", args=[invitation.token]),
        _answers(invitation, rating="4", text="Muy rápido."),
    )
    assert invitation.service_request is not None
    staff = Client()
    staff.force_login(streets.supervisor)
    page = staff.get(
        reverse("routing:request", args=[invitation.service_request.public_id])
    ).content.decode()
    assert "Survey answered" in page
    assert "The resident answered the survey: 4 of 5." in page
