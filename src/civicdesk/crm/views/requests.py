"""Service requests in the console: a status with its timeline, and filing on the resident's
behalf through the one intake service, with the portal's questions and duplicate check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from civicdesk.catalog.selectors import (
    service_get_for_intake,
    service_get_localized,
    service_list_localized,
)
from civicdesk.core import clock
from civicdesk.crm import permissions, selectors, services
from civicdesk.crm.conversation import (
    conversation_get,
)
from civicdesk.crm.enums import Channel, InteractionOutcome, InteractionReason
from civicdesk.crm.forms import (
    RequestWrapUpForm,
    StatusGivenForm,
)
from civicdesk.crm.models import Contact
from civicdesk.crm.services.console import service_request_file_for_contact
from civicdesk.crm.views.common import (
    agent_of,
    console_view,
    contact_or_404,
    conversation_or_message,
    logged,
)
from civicdesk.portal.forms import DetailsForm, LocationForm
from civicdesk.portal.selectors import report_duplicate_candidates
from civicdesk.service_requests.selectors import service_request_get_with_timeline
from civicdesk.service_requests.services import IntakeValidationError, Location

_INTAKE_FIELDS = {
    "description": ("details", "description"),
    "location": ("location", "address"),
    "address_string": ("location", "address"),
    "address_id": ("location", "address"),
    "lat": ("location", "latitude"),
    "long": ("location", "longitude"),
}


# --- Service requests: status, and filing on the resident's behalf -----------------------------


@require_GET
@console_view
def request_lookup(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = contact_or_404(request, contact_id)
    parsed = selectors.contact_query_parse(request.GET.get("number", ""))
    if parsed.kind != "request":
        messages.error(request, _("Enter a request number such as 26-00000012."))
        return redirect("console:contact", contact.pk)
    return redirect("console:request_status", contact.pk, parsed.value)


@require_http_methods(["GET", "POST"])
@console_view
def request_status(request: HttpRequest, contact_id: int, public_id: str) -> HttpResponse:
    """A request's status and whole timeline, and "status given" to log the answer."""
    contact = contact_or_404(request, contact_id)
    service_request = service_request_get_with_timeline(public_id=public_id, is_public_only=False)
    if service_request is None or not permissions.can_view_service_request_status(
        request.user, service_request
    ):
        raise Http404(_("There is no such request."))
    form = StatusGivenForm(request.POST or None)
    if request.method == "POST":
        conversation = conversation_or_message(request)
        if form.is_valid() and conversation is not None:
            services.interaction_log(
                contact=contact,
                channel=Channel(conversation.channel),
                reason=InteractionReason.STATUS_CHECK,
                outcome=InteractionOutcome.STATUS_GIVEN,
                started_at=conversation.started_at,
                actor=agent_of(request),
                now=clock.now(),
                service_request=service_request,
                service_center=conversation.service_center(),
                call_id=conversation.call_id,
                notes=form.cleaned_data["notes"],
                is_first_contact_resolution=form.cleaned_data["is_first_contact_resolution"],
            )
            return logged(
                request,
                contact,
                _("Logged: status of %(number)s given (%(status)s).")
                % {"number": public_id, "status": service_request.get_status_display()},
            )
    services.contact_view_record(
        contact=contact, actor=agent_of(request), now=clock.now(), via="console.request_status"
    )
    return render(
        request,
        "crm/console/request_status.html",
        {
            "contact": contact,
            "service_request": service_request,
            "form": form,
            "conversation": conversation_get(request.session),
        },
        status=400 if form.errors else 200,
    )


def _request_forms(
    request: HttpRequest, code: str, language: str
) -> tuple[Any, DetailsForm, LocationForm, RequestWrapUpForm] | None:
    found = service_get_localized(code=code, language=language)
    definition = service_get_for_intake(code=code)
    if found is None or definition is None:
        return None
    service, attributes = found
    definitions = definition.active_attributes  # type: ignore[attr-defined]
    data = request.POST if request.method == "POST" else None
    return (
        service,
        DetailsForm(data, attributes=attributes, definitions=definitions),
        LocationForm(data),
        RequestWrapUpForm(data),
    )


@require_http_methods(["GET", "POST"])
@console_view
def request_new(request: HttpRequest, contact_id: int) -> HttpResponse:
    """File a request for the resident with the portal's questions, through intake."""
    contact = contact_or_404(request, contact_id)
    if not permissions.can_file_service_request_for_contact(request.user, contact):
        raise PermissionDenied
    # The agent reads the questions in their own language; intake files the request in the
    # resident's (`service_request_file_for_contact`).
    language = translation.get_language() or contact.preferred_language
    code = (request.POST.get("service") or request.GET.get("service") or "").strip()
    conversation = conversation_get(request.session)
    context: dict[str, Any] = {
        "contact": contact,
        "conversation": conversation,
        "services": service_list_localized(language=language),
        "service_code": code,
    }
    forms = _request_forms(request, code, language) if code else None
    status = 200
    if forms is not None:
        service, details, location, wrap_up = forms
        context.update(service=service, details=details, location=location, wrap_up=wrap_up)
        if request.method == "POST":
            response = _request_submit(request, contact, code, context)
            if response is not None:
                return response
            status = 400
    elif code:
        context["service_error"] = _("Choose a service from the list.")
        status = 400
    services.contact_view_record(
        contact=contact, actor=agent_of(request), now=clock.now(), via="console.request_new"
    )
    return render(request, "crm/console/request_new.html", context, status=status)


def _request_submit(
    request: HttpRequest, contact: Contact, code: str, context: dict[str, Any]
) -> HttpResponse | None:
    details: DetailsForm = context["details"]
    location: LocationForm = context["location"]
    wrap_up: RequestWrapUpForm = context["wrap_up"]
    conversation = conversation_or_message(request)
    if not (details.is_valid() & location.is_valid() & wrap_up.is_valid()):
        return None
    if conversation is None:
        return None
    now = clock.now()
    latitude = location.cleaned_data["latitude_value"]
    longitude = location.cleaned_data["longitude_value"]
    address = location.cleaned_data["address"].strip()
    if not wrap_up.cleaned_data["not_duplicate"]:
        candidates = report_duplicate_candidates(
            service_code=code, address=address, latitude=latitude, longitude=longitude, now=now
        )
        if candidates:
            context["duplicates"] = candidates
            context["wrap_up"] = RequestWrapUpForm(
                initial={**wrap_up.cleaned_data, "not_duplicate": True}
            )
            return None
    try:
        result = service_request_file_for_contact(
            contact=contact,
            service_code=code,
            description=details.cleaned_data.get("description", ""),
            attributes=details.answers(),
            location=Location(
                latitude=latitude,
                longitude=longitude,
                address=address,
                address_id=location.cleaned_data.get("address_id", "").strip(),
            ),
            channel=Channel(conversation.channel),
            started_at=conversation.started_at,
            actor=agent_of(request),
            now=now,
            service_center=conversation.service_center(),
            call_id=conversation.call_id,
            notes=wrap_up.cleaned_data["notes"],
            is_first_contact_resolution=wrap_up.cleaned_data["is_first_contact_resolution"],
        )
    except IntakeValidationError as error:
        _show_intake_errors(error, details, location, wrap_up)
        return None
    number = result.service_request.public_id
    return logged(request, contact, _("Logged: request %(number)s was filed.") % {"number": number})


def _show_intake_errors(
    error: IntakeValidationError,
    details: DetailsForm,
    location: LocationForm,
    wrap_up: RequestWrapUpForm,
) -> None:
    by_form: dict[str, dict[str, list[str]]] = {"details": {}, "location": {}, "other": {}}
    for key, messages_ in error.field_errors.items():
        if key.startswith("attribute[") and key.endswith("]"):
            by_form["details"].setdefault(f"attribute_{key[10:-1]}", []).extend(messages_)
        elif key in _INTAKE_FIELDS:
            form_name, field = _INTAKE_FIELDS[key]
            by_form[form_name].setdefault(field, []).extend(messages_)
        else:
            by_form["other"].setdefault("__all__", []).extend(messages_)
    details.add_errors(by_form["details"])
    location.add_errors(by_form["location"])
    wrap_up.add_field_errors(by_form["other"] or ({"__all__": [error.message]}))
