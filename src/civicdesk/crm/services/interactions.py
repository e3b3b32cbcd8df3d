"""Writes for interactions: every contact with a resident, whatever the channel, and its outcome."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from civicdesk.core.errors import ApplicationError
from civicdesk.core.inserts import model_insert
from civicdesk.crm.enums import (
    Channel,
    ContactMethod,
    IdentityKind,
    InteractionOutcome,
    InteractionReason,
)
from civicdesk.crm.models import Contact, ContactIdentity, Interaction, ServiceCenter
from civicdesk.crm.services.contacts import (
    ContactDetailsError,
    _identity_add,
    email_normalize,
    phone_normalize,
)

if TYPE_CHECKING:
    from civicdesk.accounts.models import User
    from civicdesk.knowledge.models import Article
    from civicdesk.service_requests.models import ServiceRequest


class InteractionError(ApplicationError):
    code = "invalid_interaction"


def interaction_record(
    *,
    channel: Channel,
    reason: InteractionReason,
    outcome: InteractionOutcome,
    started_at: datetime,
    contact: Contact | None = None,
    service_request_id: int | None = None,
    agent_id: int | None = None,
    ended_at: datetime | None = None,
    is_first_contact_resolution: bool = False,
    notes: str = "",
    article_id: int | None = None,
    service_center_id: int | None = None,
    call_id: str = "",
    referred_to: str = "",
    article_sent_to: str = "",
    article_texted_to: str = "",
) -> Interaction:
    """Log one contact. Call inside the transaction of whatever the contact changed."""
    interaction = Interaction(
        contact=contact,
        channel=channel,
        reason=reason,
        outcome=outcome,
        service_request_id=service_request_id,
        agent_id=agent_id,
        article_id=article_id,
        service_center_id=service_center_id,
        call_id=call_id.strip()[:100],
        referred_to=referred_to.strip()[:200],
        article_sent_to=article_sent_to,
        article_texted_to=article_texted_to,
        started_at=started_at,
        ended_at=ended_at,
        is_first_contact_resolution=is_first_contact_resolution,
        notes=notes,
        created_at=started_at,
    )
    # clean() already checks what the table's constraint does (it ends after it starts);
    # re-running the constraint in Python would cost a savepoint and a query for nothing. The
    # related rows come from the callers' own objects and the foreign keys are enforced by the
    # database, so checking that each exists would be a query apiece, on every intake, for
    # nothing.
    interaction.full_clean(
        exclude=["contact", "service_request", "agent", "article", "service_center"],
        validate_constraints=False,
    )
    model_insert(interaction)  # as save() does, without compiling the INSERT each time
    return interaction


# Written contacts, whose time to first response the contact center's SLA measures.
FIRST_RESPONSE_CHANNELS = frozenset({Channel.EMAIL, Channel.CHAT, Channel.SOCIAL, Channel.SMS})

# Outcomes an agent logs in the console; a filed request is logged by intake itself.
LOGGED_OUTCOMES = frozenset(InteractionOutcome) - {InteractionOutcome.REQUEST_CREATED}


def _check_outcome(
    *,
    outcome: InteractionOutcome,
    article: Article | None,
    service_request: ServiceRequest | None,
    referred_to: str,
    send_article_to: str,
    errors: dict[str, list[str]],
) -> str:
    """Check what the outcome needs; return the normalised address to send the article to."""
    if outcome not in LOGGED_OUTCOMES:
        errors["outcome"] = [_("File a new request with the request form.")]
    if outcome == InteractionOutcome.STATUS_GIVEN and service_request is None:
        errors["service_request"] = [_("Choose the request whose status you gave.")]
    if (
        outcome in {InteractionOutcome.TRANSFERRED, InteractionOutcome.REFERRED}
        and not referred_to.strip()
    ):
        errors["referred_to"] = [_("Say where the resident was transferred or referred to.")]
    address = ""
    if send_article_to.strip():
        if article is None:
            errors["article"] = [_("Choose the article to send.")]
        elif not article.is_public or not article.is_published:
            errors["article"] = [
                _("“%(title)s” is for staff only; it cannot be sent to a resident.")
                % {"title": article.title}
            ]
        try:
            address = email_normalize(send_article_to)
        except ContactDetailsError:
            errors["send_article_to"] = [_("Enter an e-mail address such as name@example.com.")]
    return address


def _check_article_sendable(article: Article | None, errors: dict[str, list[str]]) -> None:
    if article is None:
        errors["article"] = [_("Choose the article to send.")]
    elif not article.is_public or not article.is_published:
        errors["article"] = [
            _("“%(title)s” is for staff only; it cannot be sent to a resident.")
            % {"title": article.title}
        ]


def _check_text_to(
    *,
    contact: Contact | None,
    article: Article | None,
    text_article_to: str,
    errors: dict[str, list[str]],
) -> str:
    """Check that the article may be texted to `text_article_to`, one of the resident's phone
    numbers, with their consent; return the number (E.164)."""
    if contact is None:
        errors["text_article_to"] = [_("Find the resident's record before texting them.")]
        return ""
    phones = list(
        contact.identities.filter(kind=IdentityKind.PHONE)
        .order_by("-is_primary", "pk")
        .values_list("value", flat=True)
    )
    name = contact.full_name or _("This resident")
    if not phones:
        errors["text_article_to"] = [
            _("%(name)s has no phone number on file: add one with “Edit the record” first.")
            % {"name": name}
        ]
        return ""
    try:
        phone = phone_normalize(text_article_to) if text_article_to.strip() else phones[0]
    except ContactDetailsError:
        phone = ""
    if phone not in phones:
        errors["text_article_to"] = [_("Choose one of the resident's phone numbers.")]
        return ""
    if contact.preferred_contact_method == ContactMethod.NONE:
        errors["text_article_to"] = [
            _("%(name)s asked not to be contacted; the article cannot be texted.") % {"name": name}
        ]
    elif not contact.has_sms_consent:
        errors["text_article_to"] = [
            _(
                "%(name)s has not agreed to text messages. Ask them, and record their consent "
                "with “Edit the record” first."
            )
            % {"name": name}
        ]
    if "article" not in errors:
        _check_article_sendable(article, errors)
    return phone


@transaction.atomic
def interaction_log(
    *,
    contact: Contact | None,
    channel: Channel,
    reason: InteractionReason,
    outcome: InteractionOutcome,
    started_at: datetime,
    actor: User,
    now: datetime,
    article: Article | None = None,
    service_request: ServiceRequest | None = None,
    service_center: ServiceCenter | None = None,
    call_id: str = "",
    referred_to: str = "",
    notes: str = "",
    is_first_contact_resolution: bool = False,
    send_article_to: str = "",
    text_article_to: str = "",
    send_article_by_text: bool = False,
) -> Interaction:
    """Log the outcome of a contact an agent handled, and e-mail or text the article if asked.

    An address the resident gives for the article that is new to their record is added to it;
    the e-mail goes out after the commit. A text goes to one of the resident's phone numbers
    (`text_article_to`, else their primary one), only with their consent to text messages, in
    their language's version of the article; it also goes out after the commit. The resident
    is then asked for a survey about the contact, if they agreed to surveys.
    """
    errors: dict[str, list[str]] = {}
    address = _check_outcome(
        outcome=outcome,
        article=article,
        service_request=service_request,
        referred_to=referred_to,
        send_article_to=send_article_to,
        errors=errors,
    )
    phone = ""
    if send_article_by_text:
        phone = _check_text_to(
            contact=contact, article=article, text_article_to=text_article_to, errors=errors
        )
    if address and contact is not None:
        owner = ContactIdentity.objects.filter(kind=IdentityKind.EMAIL, value=address).first()
        if owner is not None and owner.contact_id != contact.pk:
            errors["send_article_to"] = [
                _("%(email)s belongs to another resident's record.") % {"email": address}
            ]
    if errors:
        raise InteractionError(
            _("The contact was not logged. Please correct the highlighted answers."),
            field_errors=errors,
        )
    if address and contact is not None:
        _identity_add(contact, IdentityKind.EMAIL, address, now=now)
    interaction = interaction_record(
        contact=contact,
        channel=channel,
        reason=reason,
        outcome=outcome,
        started_at=min(started_at, now),
        ended_at=now,
        agent_id=actor.pk,
        article_id=article.pk if article is not None else None,
        service_request_id=service_request.pk if service_request is not None else None,
        service_center_id=service_center.pk if service_center is not None else None,
        call_id=call_id,
        referred_to=referred_to,
        notes=notes.strip(),
        is_first_contact_resolution=is_first_contact_resolution,
        article_sent_to=address,
        article_texted_to=phone,
    )
    if channel in FIRST_RESPONSE_CHANNELS:
        # The resident wrote at `started_at`; the answer logged now is the first response, so
        # the contact center's own SLA (time to first response) is measured on it.
        from civicdesk.routing.services import (
            interaction_first_response_record,
            interaction_sla_start,
        )

        if interaction_sla_start(interaction=interaction, now=now) is not None:
            interaction_first_response_record(interaction=interaction, actor=actor, now=now)
    if address:
        from civicdesk.crm.tasks import interaction_article_email_send

        interaction_id = interaction.pk
        transaction.on_commit(
            lambda: interaction_article_email_send.enqueue(interaction_id=interaction_id)
        )
    if phone:
        from civicdesk.crm.tasks import interaction_article_sms_send

        texted_id = interaction.pk
        transaction.on_commit(
            lambda: interaction_article_sms_send.enqueue(interaction_id=texted_id)
        )
    from civicdesk.surveys.dispatch import survey_after_interaction

    survey_after_interaction(interaction=interaction)
    return interaction


@transaction.atomic
def interaction_complete(
    *,
    interaction: Interaction,
    service_center: ServiceCenter | None = None,
    call_id: str = "",
    notes: str = "",
    is_first_contact_resolution: bool = False,
) -> Interaction:
    """Add what the console knows about a contact to the interaction intake recorded for it."""
    interaction.service_center = service_center
    interaction.call_id = call_id.strip()[:100]
    interaction.notes = notes.strip()
    interaction.is_first_contact_resolution = is_first_contact_resolution
    interaction.full_clean()
    interaction.save(
        update_fields=[
            "service_center",
            "call_id",
            "notes",
            "is_first_contact_resolution",
            "updated_at",
        ]
    )
    return interaction


def interaction_article_email(*, interaction_id: int) -> bool:
    """E-mail the article of an interaction to the address the resident gave, in their language.

    Returns whether a message went out; raises the mail error so the task runner can retry.
    """
    from django.conf import settings
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string
    from django.utils import translation

    interaction = (
        Interaction.objects.select_related("article", "contact").filter(pk=interaction_id).first()
    )
    if interaction is None or interaction.article is None or not interaction.article_sent_to:
        return False
    article = interaction.article
    civic = settings.CIVICDESK
    language = interaction.contact.preferred_language if interaction.contact else article.language
    context = {
        "article": article,
        "contact": interaction.contact,
        "city_name": civic["CITY_NAME"],
        "article_url": f"{civic['PUBLIC_URL'].rstrip('/')}{article.get_absolute_url()}",
    }
    with translation.override(language):
        subject = render_to_string("crm/email/article_subject.txt", context).strip()
        body = render_to_string("crm/email/article_body.txt", context)
    EmailMessage(subject=subject, body=body, to=[interaction.article_sent_to]).send()
    return True


# A text message carries the title, the summary cut to this length, and the article's address.
SMS_SUMMARY_MAX_LENGTH = 160


def article_for_language(article: Article, language: str) -> Article:
    """The published public version of `article` in `language`, else `article` itself."""
    if article.language == language:
        return article
    from django.contrib.auth.models import AnonymousUser

    from civicdesk.knowledge.selectors import article_translations

    for version in article_translations(AnonymousUser(), article):
        if version.language == language:
            return version
    return article


def article_sms_render(*, article: Article, language: str) -> str:
    """The text message for `article`: title, summary and the public /help/ address, in
    `language`'s version of the article when there is one."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    version = article_for_language(article, language)
    civic = settings.CIVICDESK
    context = {
        "article": version,
        "summary_max_length": SMS_SUMMARY_MAX_LENGTH,
        "city_name": civic["CITY_NAME"],
        "article_url": f"{civic['PUBLIC_URL'].rstrip('/')}{version.get_absolute_url()}",
    }
    with translation.override(language):
        return render_to_string("crm/sms/article.txt", context).strip()


def interaction_article_sms(*, interaction_id: int) -> str:
    """Text the article of an interaction to the number recorded on it, in the resident's
    language. Returns the provider's message id ("" when there was nothing to send); raises
    `SmsError` so the task runner can retry."""
    from civicdesk.notifications.sms import sms_provider

    interaction = (
        Interaction.objects.select_related("article", "contact").filter(pk=interaction_id).first()
    )
    if interaction is None or interaction.article is None or not interaction.article_texted_to:
        return ""
    article = interaction.article
    language = interaction.contact.preferred_language if interaction.contact else article.language
    body = article_sms_render(article=article, language=language)
    return sms_provider().send(to=interaction.article_texted_to, body=body)
