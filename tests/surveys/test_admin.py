"""Surveys in the admin: administrators write them and read every response; a supervisor reads
only their departments' responses and cannot change surveys; agents do not reach the admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.enums import Role
from civicdesk.service_requests.enums import Status
from civicdesk.surveys.models import Survey, SurveyInvitation
from tests.factories import DepartmentFactory, staff_user
from tests.fieldwork.conftest import Streets
from tests.surveys.conftest import move, resident_pothole
from tests.surveys.test_survey_page import _answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("surveys")]

RESPONSES = reverse("admin:surveys_surveyresponse_changelist")


@pytest.fixture
def answered(streets: Streets, django_capture_on_commit_callbacks: Any) -> SurveyInvitation:
    service_request = resident_pothole(email="ben@mail.example")
    move(
        streets,
        service_request,
        django_capture_on_commit_callbacks,
        Status.ACKNOWLEDGED,
        Status.IN_PROGRESS,
        Status.RESOLVED,
    )
    invitation = SurveyInvitation.objects.get()
    Client().post(
        reverse("surveys:survey", args=[invitation.token]), _answers(invitation, rating="2")
    )
    return invitation


def test_administrator__reads_responses_and_edits_surveys(
    client: Client, answered: SurveyInvitation
) -> None:
    client.force_login(staff_user(Role.ADMINISTRATOR))
    listing = client.get(RESPONSES)
    assert listing.status_code == 200
    assert answered.service_request is not None
    assert answered.service_request.public_id in listing.content.decode()
    survey = Survey.objects.get(code="request-closed")
    page = client.get(reverse("admin:surveys_survey_change", args=[survey.pk]))
    assert page.status_code == 200
    assert "¿Cómo lo hicimos?" in page.content.decode()


def test_supervisor__reads_only_their_departments_responses(
    client: Client, streets: Streets, answered: SurveyInvitation
) -> None:
    assert answered.service_request is not None
    number = answered.service_request.public_id
    client.force_login(streets.supervisor)
    assert number in client.get(RESPONSES).content.decode()
    survey = Survey.objects.get(code="request-closed")
    assert client.get(reverse("admin:surveys_survey_change", args=[survey.pk])).status_code == 403

    other = staff_user(Role.SUPERVISOR, department=DepartmentFactory(code="parks"))
    client.force_login(other)
    assert number not in client.get(RESPONSES).content.decode()


@pytest.mark.parametrize("role", [Role.AGENT, Role.DEPARTMENT_STAFF, None])
def test_others__do_not_reach_the_responses(
    client: Client, streets: Streets, answered: SurveyInvitation, role: Role | None
) -> None:
    user = (
        staff_user(role, department=streets.department)
        if role == Role.DEPARTMENT_STAFF
        else staff_user(role)
        if role is not None
        else None
    )
    if user is not None:
        client.force_login(user)
    response = client.get(RESPONSES)
    assert response.status_code in {302, 403}
    assert answered.service_request is not None
    assert answered.service_request.public_id not in response.content.decode()
