"""A resident answers the survey on a phone, in Spanish: a missing answer is explained beside
the question, then the answers are taken; every step accessible and free of console errors."""

from __future__ import annotations

from typing import Any

import pytest

from civicdesk.service_requests.enums import Status
from civicdesk.surveys.models import SurveyInvitation, SurveyResponse
from tests.browser import BrowserPage
from tests.fieldwork.conftest import Streets
from tests.surveys.conftest import move, resident_pothole

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("surveys"),
]


def test_resident_answers_the_survey_on_a_phone_in_spanish(
    phone_page: BrowserPage, streets: Streets, django_capture_on_commit_callbacks: Any
) -> None:
    service_request = resident_pothole(email="ana@mail.example", language="es")
    move(
        streets,
        service_request,
        django_capture_on_commit_callbacks,
        Status.ACKNOWLEDGED,
        Status.IN_PROGRESS,
        Status.RESOLVED,
    )
    invitation = SurveyInvitation.objects.get()
    page = phone_page.page

    phone_page.goto(f"/survey/{invitation.token}/")
    page.get_by_role("heading", name="¿Cómo lo hicimos?").wait_for()
    assert page.get_by_text(f"Sobre la solicitud {service_request.public_id}").is_visible()
    phone_page.assert_accessible()
    # The send button fits the phone's screen without sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Sí").check()
    page.get_by_role("button", name="Enviar mis respuestas").click()
    page.get_by_text("Sus respuestas no se enviaron").wait_for()
    assert page.get_by_text("Por favor, responda esta pregunta.").first.is_visible()
    phone_page.assert_accessible()
    assert not SurveyResponse.objects.exists()

    page.get_by_label("4", exact=True).check()
    page.get_by_label("¿Algo más que quiera decirnos?").fill("Gracias por arreglarlo rápido.")
    page.get_by_role("button", name="Enviar mis respuestas").click()
    page.get_by_role("heading", name="Gracias").wait_for()
    phone_page.assert_accessible()
    phone_page.assert_no_console_errors()

    response = SurveyResponse.objects.get()
    assert response.rating == 4
    assert sorted(answer.choice or answer.text for answer in response.answers.all()) == [
        "",
        "Gracias por arreglarlo rápido.",
        "yes",
    ]
