"""Starting a contact, the telephony screen-pop, finding the resident or adding them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from civicdesk.core import clock
from civicdesk.crm import selectors, services
from civicdesk.crm.conversation import (
    Conversation,
    conversation_end,
    conversation_get,
    conversation_start,
)
from civicdesk.crm.enums import (
    CONSOLE_CHANNELS,
    Channel,
    InteractionOutcome,
    InteractionReason,
)
from civicdesk.crm.forms import (
    ContactProfileForm,
    ContactSearchForm,
    StartForm,
)
from civicdesk.crm.models import Contact
from civicdesk.crm.views.common import (
    agent_of,
    console_view,
)

# --- Starting a contact and finding the resident -----------------------------------------------


@require_GET
@console_view
def home(request: HttpRequest) -> HttpResponse:
    """Start a contact, find the resident (or create them)."""
    conversation = conversation_get(request.session)
    search_form = ContactSearchForm(request.GET or None)
    query = search_form.cleaned_data["q"].strip() if search_form.is_valid() else ""
    results: list[Contact] | None = None
    if query:
        results = list(selectors.contact_find(user=request.user, query=query))
        services.contact_search_record(
            query=query,
            contact_ids=[contact.pk for contact in results],
            actor=agent_of(request),
            now=clock.now(),
        )
    initial: dict[str, Any] = {}
    parsed = selectors.contact_query_parse(query)
    if parsed.kind in {"phone", "email"}:
        initial[parsed.kind] = parsed.value
    elif parsed.kind == "social":
        initial["social_handle"] = parsed.value
    elif conversation is not None and conversation.caller_phone:
        initial["phone"] = conversation.caller_phone
    return render(
        request,
        "crm/console/home.html",
        {
            "conversation": conversation,
            "start_form": StartForm(initial={"next": request.get_full_path()}),
            "search_form": search_form,
            "query": query,
            "results": results,
            "contact_form": ContactProfileForm(initial=initial),
        },
    )


@require_POST
@console_view
def start(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "crm/console/home.html",
            {
                "conversation": None,
                "start_form": form,
                "search_form": ContactSearchForm(),
                "contact_form": ContactProfileForm(),
            },
            status=400,
        )
    center = form.cleaned_data["service_center"]
    conversation_start(
        request.session,
        Conversation(
            channel=form.cleaned_data["channel"],
            started_at=clock.now(),
            service_center_id=center.pk if center is not None else None,
        ),
    )
    next_url = form.cleaned_data.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("console:home")
    return HttpResponseRedirect(next_url)


@require_POST
@console_view
def end(request: HttpRequest) -> HttpResponse:
    """End the contact in progress before the resident was identified: logged as ended before
    an answer when the caller hung up, forgotten when it was started by mistake."""
    conversation = conversation_get(request.session)
    if conversation is not None and request.POST.get("why") == "hung_up":
        services.interaction_log(
            contact=None,
            channel=Channel(conversation.channel),
            reason=InteractionReason.QUESTION,
            outcome=InteractionOutcome.ABANDONED,
            started_at=conversation.started_at,
            actor=agent_of(request),
            now=clock.now(),
            service_center=conversation.service_center(),
            call_id=conversation.call_id,
            notes=_("Ended before the resident was identified."),
        )
        messages.success(request, _("Logged: the caller hung up."))
    conversation_end(request.session)
    return redirect("console:home")


@require_GET
@console_view
def call(request: HttpRequest) -> HttpResponse:
    """Screen-pop for telephony and message platforms:
    `/console/call?from=+13195550123&call_id=…` starts a phone contact and opens the caller's
    record, or the search with a new-contact form prefilled. `channel=sms|chat|social|email`
    starts a contact on that channel; `from` is then the number, handle or address it came from.
    """
    caller = request.GET.get("from", "").strip()[:254]
    call_id = request.GET.get("call_id", "").strip()[:100]
    channel = request.GET.get("channel", Channel.PHONE)
    if channel not in {choice.value for choice in CONSOLE_CHANNELS}:
        channel = Channel.PHONE
    by_phone = channel in {Channel.PHONE, Channel.SMS}
    conversation_start(
        request.session,
        Conversation(
            channel=channel,
            started_at=clock.now(),
            call_id=call_id,
            caller_phone=caller if by_phone else "",
        ),
    )
    matches: list[Contact] = []
    if caller and by_phone:
        matches = selectors.contact_list_by_phone(user=request.user, phone=caller)
    elif caller:
        matches = list(selectors.contact_find(user=request.user, query=caller, limit=2))
    if len(matches) == 1:
        return redirect("console:contact", matches[0].pk)
    url = reverse("console:home")
    return HttpResponseRedirect(f"{url}?{_query(q=caller)}" if caller else url)


def _query(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


@require_POST
@console_view
def contact_new(request: HttpRequest) -> HttpResponse:
    form = ContactProfileForm(request.POST)
    if form.is_valid():
        try:
            contact = services.contact_create(
                profile=form.profile(), actor=agent_of(request), now=clock.now()
            )
        except services.ContactDetailsError as error:
            form.add_field_errors(error.field_errors or {"__all__": [error.message]})
        else:
            messages.success(request, _("%(name)s was added.") % {"name": contact})
            return redirect("console:contact", contact.pk)
    return render(
        request,
        "crm/console/home.html",
        {
            "conversation": conversation_get(request.session),
            "start_form": StartForm(),
            "search_form": ContactSearchForm(),
            "contact_form": form,
            "show_new_contact": True,
        },
        status=400,
    )
