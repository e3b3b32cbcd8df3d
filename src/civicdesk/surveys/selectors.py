"""Reads of the surveys app shared by the public survey page, the messages, the agent console
and the request's staff page."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from civicdesk.crm.models import Contact
from civicdesk.surveys.enums import QuestionKind, SurveyTrigger
from civicdesk.surveys.models import (
    Question,
    QuestionTranslation,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    SurveyTranslation,
)


def survey_get_active(*, trigger: SurveyTrigger) -> Survey | None:
    """The survey sent after `trigger`, if one is active and has questions."""
    return (
        Survey.objects.filter(trigger=trigger, is_active=True, questions__isnull=False)
        .distinct()
        .first()
    )


@dataclass(frozen=True)
class SurveyQuestion:
    id: int
    kind: str
    text: str
    is_required: bool
    choices: tuple[tuple[str, str], ...]

    @property
    def field_name(self) -> str:
        return f"q{self.id}"

    @property
    def is_rating(self) -> bool:
        return self.kind == QuestionKind.RATING

    @property
    def is_choice(self) -> bool:
        return self.kind == QuestionKind.CHOICE

    @property
    def is_text(self) -> bool:
        return self.kind == QuestionKind.TEXT


@dataclass(frozen=True)
class SurveyForm:
    """A survey as one resident sees it: in the invitation's language, about their request
    (only its number and service are shown; nothing else about them)."""

    title: str
    introduction: str
    language: str
    questions: tuple[SurveyQuestion, ...]
    public_id: str
    service_name: str


def _pick(translations: list[object], language: str) -> object | None:
    """The translation in `language`, else in the site's language, else any."""
    by_language = {getattr(item, "language", ""): item for item in translations}
    for wanted in (language, str(settings.LANGUAGE_CODE)):
        if wanted in by_language:
            return by_language[wanted]
    return translations[0] if translations else None


def survey_form_for(invitation: SurveyInvitation) -> SurveyForm:
    language = invitation.language
    survey = (
        Survey.objects.prefetch_related(
            Prefetch("translations", queryset=SurveyTranslation.objects.order_by("language")),
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position", "pk").prefetch_related(
                    Prefetch(
                        "translations", queryset=QuestionTranslation.objects.order_by("language")
                    )
                ),
            ),
        )
        .filter(pk=invitation.survey_id)
        .get()
    )
    text = _pick(list(survey.translations.all()), language)
    questions = []
    for question in survey.questions.all():
        wording = _pick(list(question.translations.all()), language)
        labels = wording.labels if isinstance(wording, QuestionTranslation) else []
        keys = question.keys
        choices = tuple(
            (key, labels[index] if index < len(labels) else key) for index, key in enumerate(keys)
        )
        questions.append(
            SurveyQuestion(
                id=question.pk,
                kind=question.kind,
                text=wording.text if isinstance(wording, QuestionTranslation) else "",
                is_required=question.is_required,
                choices=choices,
            )
        )
    service_request = invitation.service_request
    service_name = ""
    if service_request is not None:
        from civicdesk.catalog.models import ServiceTranslation

        translated = (
            ServiceTranslation.objects.filter(
                service_id=service_request.service_id, language=language
            )
            .exclude(name="")
            .values_list("name", flat=True)
            .first()
        )
        service_name = translated or service_request.service.name
    return SurveyForm(
        title=text.title if isinstance(text, SurveyTranslation) else survey.code,
        introduction=text.introduction if isinstance(text, SurveyTranslation) else "",
        language=language,
        questions=tuple(questions),
        public_id=service_request.public_id if service_request is not None else "",
        service_name=service_name,
    )


def survey_invitation_get_by_token(*, token: str) -> SurveyInvitation | None:
    if not token or len(token) > 64:
        return None
    return (
        SurveyInvitation.objects.select_related(
            "survey", "service_request__service", "interaction", "contact"
        )
        .filter(token=token)
        .first()
    )


def survey_invitation_list_for_contact(
    *, contact: Contact, limit: int = 100
) -> list[SurveyInvitation]:
    """The surveys a resident was sent, newest first, with their answers: for the agent
    console's history. Three queries, however many."""
    return list(
        SurveyInvitation.objects.filter(contact=contact)
        .select_related("survey", "service_request", "interaction", "response")
        .prefetch_related(
            Prefetch(
                "response__answers",
                queryset=SurveyAnswer.objects.select_related("question")
                .prefetch_related("question__translations")
                .order_by("question__position", "pk"),
            )
        )
        .order_by("-created_at", "-pk")[:limit]
    )


def survey_response_list_for_request(*, service_request_id: int) -> QuerySet[SurveyResponse]:
    return (
        SurveyResponse.objects.filter(invitation__service_request_id=service_request_id)
        .select_related("survey", "invitation")
        .prefetch_related("answers__question")
        .order_by("-submitted_at")
    )
