"""Writes of the surveys app: inviting a resident (once per request or interaction), taking
their answers (once per invitation), and a resident's "no more surveys".

Invitations go out after the commit of what triggered them (`surveys.tasks`), by e-mail or text
message in the resident's language, only to residents who agreed to surveys and to the channel.
The invitation row is written (claimed) before anything is sent, so a task that runs twice sends
once; a failed send is recorded and retried with the notifications' back-off.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from civicdesk.core.errors import ApplicationError
from civicdesk.crm.enums import Channel, ContactMethod, IdentityKind, InteractionOutcome
from civicdesk.crm.models import Contact, Interaction
from civicdesk.crm.selectors import contact_identity_primary
from civicdesk.notifications.delivery import retry_delay
from civicdesk.notifications.sms import sms_provider
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.surveys.enums import (
    RATING_MAX,
    RATING_MIN,
    InvitationChannel,
    InvitationStatus,
    QuestionKind,
    SurveyTrigger,
)
from civicdesk.surveys.models import (
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
)
from civicdesk.surveys.selectors import SurveyForm, survey_form_for, survey_get_active

logger = logging.getLogger(__name__)

TEXT_ANSWER_MAX_LENGTH = 2000
# Interactions whose resident is not asked about them: nobody was helped.
UNSURVEYED_OUTCOMES = frozenset({InteractionOutcome.ABANDONED})
# Requests whose resident is asked about them: the work is done.
SURVEYED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})


class SurveyAnswerError(ApplicationError):
    code = "invalid_survey_answer"


class SurveyClosedError(ApplicationError):
    code = "survey_closed"


# --- Where and in which language ------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyAddress:
    channel: InvitationChannel
    recipient: str


def survey_address_for(contact: Contact | None) -> SurveyAddress | None:
    """Where to ask `contact` for a survey: None unless they agreed to surveys; then their
    preferred way among the channels they agreed to (a text when they prefer texts, else an
    e-mail, else a text)."""
    if contact is None or not contact.has_survey_consent:
        return None
    if contact.preferred_contact_method == ContactMethod.NONE:
        return None
    email = ""
    if contact.has_email_consent:
        email = contact_identity_primary(contact, IdentityKind.EMAIL)
    phone = contact_identity_primary(contact, IdentityKind.PHONE) if contact.has_sms_consent else ""
    if contact.preferred_contact_method == ContactMethod.SMS and phone:
        return SurveyAddress(InvitationChannel.SMS, phone)
    if email:
        return SurveyAddress(InvitationChannel.EMAIL, email)
    if phone:
        return SurveyAddress(InvitationChannel.SMS, phone)
    return None


def _language(*candidates: str) -> str:
    languages = dict(settings.LANGUAGES)
    for language in candidates:
        if language in languages:
            return language
    return str(settings.LANGUAGE_CODE)


def survey_url(token: str) -> str:
    return f"{str(settings.CIVICDESK['PUBLIC_URL']).rstrip('/')}/survey/{token}/"


# --- Inviting -----------------------------------------------------------------------------------


def _claim(invitation: SurveyInvitation) -> SurveyInvitation | None:
    """Write the invitation, message included, before sending; None when this request or
    interaction already has one (sent, being sent, or waiting for its retry)."""
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        return None
    return invitation


def _render(invitation: SurveyInvitation, form: SurveyForm) -> tuple[str, str]:
    """(subject, body) of the invitation, in its language."""
    civic = settings.CIVICDESK
    contact = invitation.contact
    context = {
        "contact": contact,
        "city_name": civic["CITY_NAME"],
        "survey_title": form.title,
        "public_id": form.public_id,
        "service_name": form.service_name,
        "is_about_request": invitation.interaction_id is None,
        "survey_url": survey_url(invitation.token),
        "stop_url": f"{survey_url(invitation.token)}stop/",
        "valid_days": invitation.survey.valid_days,
    }
    with translation.override(invitation.language):
        subject = render_to_string("surveys/invitation_subject.txt", context).strip()
        template = (
            "surveys/invitation_sms.txt"
            if invitation.channel == InvitationChannel.SMS
            else "surveys/invitation_body.txt"
        )
        body = render_to_string(template, context).strip() + "\n"
    return subject, body


def _transmit(invitation: SurveyInvitation, *, now: datetime) -> bool:
    """Send a claimed invitation; record the outcome (and the next attempt after a failure)."""
    try:
        if invitation.channel == InvitationChannel.SMS:
            sms_provider().send(to=invitation.recipient, body=invitation.body)
        else:
            EmailMultiAlternatives(
                subject=invitation.subject, body=invitation.body, to=[invitation.recipient]
            ).send()
    except Exception as error:  # noqa: BLE001 - any backend or provider error: record, retry
        attempts = invitation.attempts + 1
        delay = retry_delay(attempts)
        SurveyInvitation.objects.filter(pk=invitation.pk).update(
            status=InvitationStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            attempts=attempts,
            next_attempt_at=now + delay if delay is not None else None,
        )
        logger.warning(
            "Survey invitation %s failed (attempt %d): %s", invitation.pk, attempts, error
        )
        return False
    SurveyInvitation.objects.filter(pk=invitation.pk).update(
        status=InvitationStatus.SENT, sent_at=now, error="", next_attempt_at=None
    )
    return True


def _invite(
    *,
    trigger: SurveyTrigger,
    contact: Contact | None,
    language_hint: str,
    now: datetime,
    service_request: ServiceRequest | None = None,
    interaction: Interaction | None = None,
) -> SurveyInvitation | None:
    survey = survey_get_active(trigger=trigger)
    address = survey_address_for(contact)
    if survey is None or contact is None or address is None:
        return None
    invitation = SurveyInvitation(
        survey=survey,
        token=secrets.token_urlsafe(24),
        contact=contact,
        service_request=service_request,
        interaction=interaction,
        channel=address.channel,
        recipient=address.recipient,
        language=_language(contact.preferred_language, language_hint),
        status=InvitationStatus.SENDING,
        expires_at=now + timedelta(days=survey.valid_days),
        created_at=now,
    )
    subject, body = _render(invitation, survey_form_for(invitation))
    invitation.subject = subject[:300]
    invitation.body = body
    if _claim(invitation) is None:
        return None
    _transmit(invitation, now=now)
    invitation.refresh_from_db()
    return invitation


def survey_invitation_send_for_request(
    *, service_request_id: int, now: datetime
) -> SurveyInvitation | None:
    """Ask the requester how it went, once per request, after it was resolved or closed.

    None when nobody is asked: no active survey, an anonymous request, a resident who did not
    agree to surveys, a request still open, or one already asked about."""
    service_request = (
        ServiceRequest.objects.select_related("requester", "service")
        .filter(pk=service_request_id)
        .first()
    )
    if service_request is None or service_request.status not in SURVEYED_STATUSES:
        # Open requests are not over yet; duplicates, cancelled and referred requests were not
        # worked by the city.
        return None
    return _invite(
        trigger=SurveyTrigger.REQUEST_CLOSED,
        contact=service_request.requester,
        language_hint=service_request.language,
        now=now,
        service_request=service_request,
    )


def survey_invitation_send_for_interaction(
    *, interaction_id: int, now: datetime
) -> SurveyInvitation | None:
    """Ask the resident how a contact-center interaction went, once per interaction."""
    interaction = (
        Interaction.objects.select_related("contact", "service_request")
        .filter(pk=interaction_id)
        .first()
    )
    if interaction is None or interaction.outcome in UNSURVEYED_OUTCOMES:
        return None
    return _invite(
        trigger=SurveyTrigger.INTERACTION,
        contact=interaction.contact,
        language_hint="",
        now=now,
        service_request=interaction.service_request,
        interaction=interaction,
    )


def survey_invitation_retry_one(*, invitation_id: int, now: datetime) -> bool:
    """Send a failed invitation again if it is due and no one else took it."""
    claimed = SurveyInvitation.objects.filter(
        pk=invitation_id,
        status=InvitationStatus.FAILED,
        next_attempt_at__isnull=False,
        next_attempt_at__lte=now,
    ).update(status=InvitationStatus.SENDING, next_attempt_at=None)
    if not claimed:
        return False
    return _transmit(SurveyInvitation.objects.get(pk=invitation_id), now=now)


def survey_invitations_retry_due(*, now: datetime, limit: int = 500) -> int:
    """Send every failed invitation whose next attempt is due; return how many went out."""
    due = list(
        SurveyInvitation.objects.filter(
            status=InvitationStatus.FAILED, next_attempt_at__isnull=False, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(survey_invitation_retry_one(invitation_id=pk, now=now) for pk in due)


# --- Answering ----------------------------------------------------------------------------------


def survey_invitation_is_open(*, invitation: SurveyInvitation, now: datetime) -> bool:
    return invitation.answered_at is None and now < invitation.expires_at


def survey_closed_reason(invitation: SurveyInvitation, now: datetime) -> str:
    if invitation.answered_at is not None:
        return _("You have already answered this survey. Thank you!")
    if now >= invitation.expires_at:
        return _("This survey has closed: answers were taken until %(date)s.") % {
            "date": formats.date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
        }
    return ""


def _read_answers(
    form: SurveyForm, raw: dict[str, str]
) -> tuple[list[SurveyAnswer], dict[str, list[str]]]:
    """The answers as rows (not saved), and the problems keyed by field name."""
    rows: list[SurveyAnswer] = []
    errors: dict[str, list[str]] = {}
    for question in form.questions:
        value = (raw.get(question.field_name) or "").strip()
        if not value:
            if question.is_required:
                errors[question.field_name] = [_("Please answer this question.")]
            continue
        answer = SurveyAnswer(question_id=question.id)
        if question.kind == QuestionKind.RATING:
            if not value.isdigit() or not RATING_MIN <= int(value) <= RATING_MAX:
                errors[question.field_name] = [_("Choose a rating from 1 to 5.")]
                continue
            answer.rating = int(value)
        elif question.kind == QuestionKind.CHOICE:
            if value not in {key for key, _label in question.choices}:
                errors[question.field_name] = [_("Choose one of the answers given.")]
                continue
            answer.choice = value
        else:
            if len(value) > TEXT_ANSWER_MAX_LENGTH:
                errors[question.field_name] = [
                    _("Please keep your answer under %(count)d characters.")
                    % {"count": TEXT_ANSWER_MAX_LENGTH}
                ]
                continue
            answer.text = value
        rows.append(answer)
    if not rows and not errors:
        errors["__all__"] = [_("Please answer at least one question.")]
    return rows, errors


def _dimensions(invitation: SurveyInvitation) -> dict[str, object]:
    """What the satisfaction figures are cut by, from the request (or the interaction)."""
    service_request = invitation.service_request
    if service_request is not None:
        return {
            "service_id": service_request.service_id,
            "department_id": service_request.department_id,
            "district": service_request.district,
            "channel": service_request.channel
            if invitation.interaction is None
            else invitation.interaction.channel,
        }
    interaction = invitation.interaction
    return {"channel": interaction.channel if interaction is not None else ""}


@transaction.atomic
def survey_response_submit(
    *, invitation: SurveyInvitation, answers: dict[str, str], now: datetime
) -> SurveyResponse:
    """Record the resident's answers to `invitation`: once, before it expires.

    `answers` maps each question's field name (`SurveyQuestion.field_name`) to what was sent.
    A request's survey writes an internal `service_request.survey_answered` event with the
    rating, which the reporting facts read. Raises `SurveyClosedError` for an answered or
    expired invitation and `SurveyAnswerError` (with field errors) for bad answers; error
    messages are in the active language.
    """
    locked = (
        SurveyInvitation.objects.select_for_update(of=("self",))
        .select_related("survey", "service_request", "interaction")
        .get(pk=invitation.pk)
    )
    reason = survey_closed_reason(locked, now)
    if reason:
        raise SurveyClosedError(reason)
    form = survey_form_for(locked)
    rows, errors = _read_answers(form, answers)
    if errors:
        raise SurveyAnswerError(
            _("Your answers were not sent. Please correct the questions marked below."),
            field_errors=errors,
        )
    kinds = {question.id: question.kind for question in form.questions}
    rating = next(
        (row.rating for row in rows if kinds[row.question_id] == QuestionKind.RATING), None
    )
    response = SurveyResponse(
        invitation=locked,
        survey=locked.survey,
        submitted_at=now,
        language=locked.language,
        rating=rating,
        created_at=now,
        **_dimensions(locked),
    )
    response.full_clean()
    response.save()
    for row in rows:
        row.response = response
    SurveyAnswer.objects.bulk_create(rows)
    locked.answered_at = now
    locked.save(update_fields=["answered_at", "updated_at"])
    if locked.service_request is not None and locked.interaction is None:
        _timeline_write(locked.service_request, rating=rating, now=now)
    return response


def _timeline_write(service_request: ServiceRequest, *, rating: int | None, now: datetime) -> None:
    from civicdesk.service_requests.enums import EventType
    from civicdesk.service_requests.services.lifecycle import service_request_event_write

    with translation.override(settings.LANGUAGE_CODE):
        note = (
            _("The resident answered the survey: %(rating)d of 5.") % {"rating": rating}
            if rating is not None
            else _("The resident answered the survey.")
        )
    service_request_event_write(
        service_request=service_request,
        event_type=EventType.SURVEY_ANSWERED,
        now=now,
        actor=None,
        channel=Channel.WEB,
        is_public=False,
        note=note,
        data={"score": rating} if rating is not None else {},
    )
    # The reporting refresh reads the requests whose `updated_at` moved.
    ServiceRequest.objects.filter(pk=service_request.pk).update(updated_at=now)


@transaction.atomic
def contact_surveys_stop(*, contact: Contact, now: datetime) -> Contact:
    """The resident followed "no more surveys": withdraw their consent to surveys."""
    if not contact.has_survey_consent:
        return contact
    contact.has_survey_consent = False
    contact.save(update_fields=["has_survey_consent", "updated_at"])
    return contact
