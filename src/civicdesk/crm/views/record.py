"""The resident's record with its history and the knowledge panel, and the outcomes logged
from it: answered from an article, a transfer or referral, a complaint, compliment or suggestion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from civicdesk.core import clock
from civicdesk.crm import permissions, selectors, services
from civicdesk.crm.conversation import (
    conversation_get,
)
from civicdesk.crm.enums import Channel, IdentityKind, InteractionOutcome, InteractionReason
from civicdesk.crm.forms import (
    AnswerForm,
    ContactProfileForm,
    KnowledgeSearchForm,
    MergeForm,
    OutcomeForm,
    StartForm,
)
from civicdesk.crm.models import Contact
from civicdesk.crm.views.common import (
    agent_of,
    console_view,
    contact_or_404,
    conversation_or_message,
    logged,
)
from civicdesk.knowledge import selectors as knowledge_selectors
from civicdesk.knowledge import services as knowledge_services
from civicdesk.knowledge.enums import SearchSource
from civicdesk.knowledge.models import Article

KNOWLEDGE_RESULT_LIMIT = 8


# --- The resident's record ---------------------------------------------------------------------


def _knowledge_context(request: HttpRequest, contact: Contact) -> dict[str, Any]:
    """The side panel: a knowledge-base search, or one article with the "answered" form."""
    form = KnowledgeSearchForm(request.GET or None)
    language = contact.preferred_language
    query = ""
    if form.is_valid():
        query = form.cleaned_data["kb"].strip()
        language = form.cleaned_data["kb_language"] or language
    if not form.is_bound:
        form = KnowledgeSearchForm(initial={"kb_language": language})
    context: dict[str, Any] = {"knowledge_form": form, "knowledge_query": query}
    slug = request.GET.get("article", "").strip()
    article = knowledge_selectors.access_article(request.user, slug=slug) if slug else None
    if article is not None:
        context["article"] = article
        context["answer_form"] = AnswerForm(
            initial={"article": article.pk, "email": _primary_email(contact)},
            phones=_phones(contact),
        )
    elif query:
        results = knowledge_selectors.article_search(
            query=query, language=language, user=request.user, limit=KNOWLEDGE_RESULT_LIMIT
        )
        knowledge_services.search_query_record(
            query=query,
            language=language,
            result_count=len(results),
            top_article=results.articles[0] if results.hits else None,
            source=SearchSource.CONSOLE,
            now=clock.now(),
        )
        context["knowledge_results"] = results.articles
    return context


def _primary_email(contact: Contact) -> str:
    emails = [
        identity for identity in contact.identities.all() if identity.kind == IdentityKind.EMAIL
    ]
    emails.sort(key=lambda identity: not identity.is_primary)
    return emails[0].value if emails else ""


def _phones(contact: Contact) -> list[str]:
    """The resident's phone numbers, the primary one first."""
    phones = [
        identity for identity in contact.identities.all() if identity.kind == IdentityKind.PHONE
    ]
    phones.sort(key=lambda identity: not identity.is_primary)
    return [identity.value for identity in phones]


def render_contact(
    request: HttpRequest, contact: Contact, *, status: int = 200, **forms: Any
) -> HttpResponse:
    services.contact_view_record(contact=contact, actor=agent_of(request), now=clock.now())
    conversation = conversation_get(request.session)
    context: dict[str, Any] = {
        "contact": contact,
        "history": selectors.contact_history(contact=contact),
        "conversation": conversation,
        "conversation_center": conversation.service_center() if conversation else None,
        "start_form": StartForm(initial={"next": request.get_full_path()}),
        "outcome_form": OutcomeForm(),
        "can_merge": permissions.can_merge_contacts(request.user),
        "merge_form": MergeForm(),
        **_knowledge_context(request, contact),
    }
    context.update(forms)
    return render(request, "crm/console/contact.html", context, status=status)


@require_GET
@console_view
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    return render_contact(request, contact_or_404(request, contact_id))


@require_GET
@console_view
def knowledge_panel(request: HttpRequest, contact_id: int) -> HttpResponse:
    """The knowledge panel alone, for the page's script to swap in without a reload."""
    contact = contact_or_404(request, contact_id)
    services.contact_view_record(
        contact=contact, actor=agent_of(request), now=clock.now(), via="console.knowledge"
    )
    context = {"contact": contact, **_knowledge_context(request, contact)}
    return render(request, "crm/console/_knowledge_panel.html", context)


@require_http_methods(["GET", "POST"])
@console_view
def contact_edit(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_or_404(request, contact_id)
    if request.method == "POST":
        form = ContactProfileForm(request.POST)
        if form.is_valid():
            try:
                services.contact_update(
                    contact=contact,
                    profile=form.profile(),
                    actor=agent_of(request),
                    now=clock.now(),
                )
            except services.ContactDetailsError as error:
                form.add_field_errors(error.field_errors or {"__all__": [error.message]})
            else:
                messages.success(request, _("The record was updated."))
                return redirect("console:contact", contact.pk)
    else:
        form = ContactProfileForm(
            initial={
                "first_name": contact.first_name,
                "last_name": contact.last_name,
                "language": contact.preferred_language,
                "preferred_contact_method": contact.preferred_contact_method,
                "has_email_consent": contact.has_email_consent,
                "has_sms_consent": contact.has_sms_consent,
                "has_survey_consent": contact.has_survey_consent,
                "wants_status_updates": contact.wants_status_updates,
            }
        )
    services.contact_view_record(
        contact=contact, actor=agent_of(request), now=clock.now(), via="console.edit"
    )
    return render(
        request,
        "crm/console/contact_edit.html",
        {"contact": contact, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@console_view
def contact_merge(request: HttpRequest, contact_id: int) -> HttpResponse:
    if not permissions.can_merge_contacts(request.user):
        raise PermissionDenied(_("Merging records is for supervisors."))
    contact = contact_or_404(request, contact_id)
    form = MergeForm(request.POST)
    if form.is_valid():
        other = selectors.access_contact(
            user=request.user, contact_id=form.cleaned_data["other_contact"]
        )
        if other is None:
            form.add_error("other_contact", _("There is no resident with that number."))
        else:
            try:
                services.contact_merge(
                    source=other, target=contact, actor=agent_of(request), now=clock.now()
                )
            except services.ContactMergeError as error:
                form.add_error("other_contact", error.message)
            else:
                messages.success(
                    request,
                    _("Record #%(other)d was merged into this one.") % {"other": other.pk},
                )
                return redirect("console:contact", contact.pk)
    return render_contact(request, contact, status=400, merge_form=form)


# --- Outcomes ----------------------------------------------------------------------------------


@require_POST
@console_view
def answer(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Answered from an article, and e-mailed or texted to the resident if they asked."""
    contact = contact_or_404(request, contact_id)
    form = AnswerForm(request.POST, phones=_phones(contact))
    conversation = conversation_or_message(request)
    article: Article | None = None
    if form.is_valid():
        found = knowledge_selectors.published_articles(request.user).filter(
            pk=form.cleaned_data["article"]
        )
        article = found.first()
        if article is None:
            form.add_error(None, _("That article is no longer published."))
    if form.is_valid() and article is not None and conversation is not None:
        try:
            interaction = services.interaction_log(
                contact=contact,
                channel=Channel(conversation.channel),
                reason=InteractionReason(form.cleaned_data["reason"]),
                outcome=InteractionOutcome.ANSWERED,
                started_at=conversation.started_at,
                actor=agent_of(request),
                now=clock.now(),
                article=article,
                service_center=conversation.service_center(),
                call_id=conversation.call_id,
                notes=form.cleaned_data["notes"],
                is_first_contact_resolution=form.cleaned_data["is_first_contact_resolution"],
                send_article_to=(
                    form.cleaned_data["email"] if form.cleaned_data["send_by_email"] else ""
                ),
                send_article_by_text=form.cleaned_data["send_by_text"],
                text_article_to=form.cleaned_data["phone"],
            )
        except services.InteractionError as error:
            form_fields = {"send_article_to": "email", "text_article_to": "phone"}
            form.add_field_errors(
                {form_fields.get(key, key): value for key, value in error.field_errors.items()}
            )
        else:
            text = _("Logged: answered with “%(title)s”.") % {"title": article.title}
            if interaction.article_sent_to:
                text += " " + _("It is on its way to %(email)s.") % {
                    "email": interaction.article_sent_to
                }
            if interaction.article_texted_to:
                text += " " + _("It is being texted to %(phone)s.") % {
                    "phone": interaction.article_texted_to
                }
            return logged(request, contact, text)
    extra: dict[str, Any] = {"answer_form": form}
    if article is not None:
        extra["article"] = article
    return render_contact(request, contact, status=400, **extra)


@require_POST
@console_view
def log_outcome(request: HttpRequest, contact_id: int) -> HttpResponse:
    """A transfer or referral, a complaint, compliment or suggestion, or a dropped call."""
    contact = contact_or_404(request, contact_id)
    form = OutcomeForm(request.POST)
    conversation = conversation_or_message(request)
    if form.is_valid() and conversation is not None:
        try:
            services.interaction_log(
                contact=contact,
                channel=Channel(conversation.channel),
                reason=InteractionReason(form.cleaned_data["reason"]),
                outcome=InteractionOutcome(form.cleaned_data["outcome"]),
                started_at=conversation.started_at,
                actor=agent_of(request),
                now=clock.now(),
                service_center=conversation.service_center(),
                call_id=conversation.call_id,
                referred_to=form.cleaned_data["referred_to"],
                notes=form.cleaned_data["notes"],
                is_first_contact_resolution=form.cleaned_data["is_first_contact_resolution"],
            )
        except services.InteractionError as error:
            form.add_field_errors(error.field_errors)
        else:
            return logged(
                request,
                contact,
                _("Logged: %(reason)s, %(outcome)s.")
                % {
                    "reason": InteractionReason(form.cleaned_data["reason"]).label,
                    "outcome": InteractionOutcome(form.cleaned_data["outcome"]).label,
                },
            )
    return render_contact(request, contact, status=400, outcome_form=form)
