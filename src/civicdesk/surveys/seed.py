"""The default surveys, in English and Spanish, and the demo city's answers to them.

`seed_surveys()` writes (or brings up to date) one active survey per trigger; `seed_demo`
calls it, then `seed_survey_responses(…)` to answer the survey for some of the demo's finished
requests, back-dated to a day after each was closed. Both are safe to run again.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from civicdesk.crm.enums import IdentityKind
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.surveys.enums import InvitationChannel, InvitationStatus, QuestionKind, SurveyTrigger
from civicdesk.surveys.models import (
    Question,
    QuestionTranslation,
    Survey,
    SurveyInvitation,
    SurveyTranslation,
)

_RATING_TEXTS = {
    SurveyTrigger.REQUEST_CLOSED: {
        "en": "How satisfied are you with how the city handled your request?",
        "es": "¿Qué tan satisfecho está con la forma en que la ciudad atendió su solicitud?",
    },
    SurveyTrigger.INTERACTION: {
        "en": "How satisfied are you with the help you got from 311?",
        "es": "¿Qué tan satisfecho está con la ayuda que recibió del 311?",
    },
}

SURVEYS: dict[SurveyTrigger, dict[str, Any]] = {
    SurveyTrigger.REQUEST_CLOSED: {
        "code": "request-closed",
        "texts": {
            "en": (
                "How did we do?",
                "Three quick questions about your request. It takes less than a minute.",
            ),
            "es": (
                "¿Cómo lo hicimos?",
                "Tres preguntas rápidas sobre su solicitud. Le tomará menos de un minuto.",
            ),
        },
        "questions": [
            (QuestionKind.RATING, True, "", _RATING_TEXTS[SurveyTrigger.REQUEST_CLOSED]),
            (
                QuestionKind.CHOICE,
                False,
                "yes\npartly\nno",
                {
                    "en": ("Was the problem fixed?", "Yes\nPartly\nNo"),
                    "es": ("¿Se resolvió el problema?", "Sí\nEn parte\nNo"),
                },
            ),
            (
                QuestionKind.TEXT,
                False,
                "",
                {
                    "en": "Anything else you would like to tell us?",
                    "es": "¿Algo más que quiera decirnos?",
                },
            ),
        ],
    },
    SurveyTrigger.INTERACTION: {
        "code": "contact-center",
        "texts": {
            "en": ("How was your call?", "Two quick questions about your contact with 311."),
            "es": ("¿Cómo fue su llamada?", "Dos preguntas rápidas sobre su contacto con el 311."),
        },
        "questions": [
            (QuestionKind.RATING, True, "", _RATING_TEXTS[SurveyTrigger.INTERACTION]),
            (
                QuestionKind.TEXT,
                False,
                "",
                {"en": "How could we do better?", "es": "¿Cómo podríamos mejorar?"},
            ),
        ],
    },
}


@transaction.atomic
def seed_surveys() -> dict[str, int]:
    """One active survey per trigger with its questions in English and Spanish."""
    created = 0
    for trigger, definition in SURVEYS.items():
        survey, was_created = Survey.objects.get_or_create(
            code=definition["code"],
            defaults={
                "trigger": trigger,
                "is_active": not Survey.objects.filter(trigger=trigger, is_active=True).exists(),
            },
        )
        created += int(was_created)
        for language, (title, introduction) in definition["texts"].items():
            SurveyTranslation.objects.update_or_create(
                survey=survey,
                language=language,
                defaults={"title": title, "introduction": introduction},
            )
        for position, (kind, is_required, keys, texts) in enumerate(
            definition["questions"], start=1
        ):
            question, _created = Question.objects.update_or_create(
                survey=survey,
                position=position,
                defaults={"kind": kind, "is_required": is_required, "choice_keys": keys},
            )
            for language, wording in texts.items():
                text, labels = wording if isinstance(wording, tuple) else (wording, "")
                QuestionTranslation.objects.update_or_create(
                    question=question,
                    language=language,
                    defaults={"text": text, "choice_labels": labels},
                )
    return {"surveys": len(SURVEYS), "created": created}


_RATINGS = (5, 5, 5, 5, 4, 4, 4, 3, 3, 2, 1)
_COMMENTS = (
    "Fast and friendly, thank you.",
    "Took longer than I hoped.",
    "",
    "",
    "The crew cleaned up afterwards. Great job.",
)


def seed_survey_responses(*, now: datetime, count: int = 60, random_seed: int = 311) -> int:
    """Answer the request survey for up to `count` of the most recently finished requests
    that have a requester with an e-mail address; returns how many were added."""
    from civicdesk.surveys.selectors import survey_form_for
    from civicdesk.surveys.services import survey_response_submit

    survey = Survey.objects.filter(trigger=SurveyTrigger.REQUEST_CLOSED, is_active=True).first()
    if survey is None:
        return 0
    rng = random.Random(random_seed)  # noqa: S311 - demo data, not security
    candidates = (
        ServiceRequest.objects.filter(
            status__in=[Status.RESOLVED, Status.CLOSED],
            requester__isnull=False,
            closed_at__isnull=False,
            closed_at__lte=now - timedelta(days=2),
            survey_invitations__isnull=True,
        )
        .select_related("requester")
        .order_by("-closed_at")[: count * 2]
    )
    added = 0
    for service_request in candidates:
        if added >= count:
            break
        contact = service_request.requester
        email = (
            contact.identities.filter(kind=IdentityKind.EMAIL)
            .values_list("value", flat=True)
            .first()
            if contact is not None
            else None
        )
        if contact is None or not email or service_request.closed_at is None:
            continue
        sent_at = service_request.closed_at
        invitation = SurveyInvitation.objects.create(
            survey=survey,
            token=secrets.token_urlsafe(24),
            contact=contact,
            service_request=service_request,
            channel=InvitationChannel.EMAIL,
            recipient=email,
            language=contact.preferred_language,
            status=InvitationStatus.SENT,
            sent_at=sent_at,
            expires_at=sent_at + timedelta(days=survey.valid_days),
            created_at=sent_at,
        )
        answers: dict[str, str] = {}
        for question in survey_form_for(invitation).questions:
            if question.is_rating:
                answers[question.field_name] = str(rng.choice(_RATINGS))
            elif question.is_choice:
                answers[question.field_name] = rng.choice(question.choices)[0]
            else:
                answers[question.field_name] = rng.choice(_COMMENTS)
        survey_response_submit(
            invitation=invitation,
            answers=answers,
            now=sent_at + timedelta(hours=rng.randint(1, 47)),
        )
        added += 1
    return added
