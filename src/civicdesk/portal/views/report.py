"""Report a problem: choose a service, answer its questions, say where, add photos, say who
you are (or not), review, send. The draft lives in the session (`portal.draft`), so a resident
can go back and forth and keeps what they typed; sending goes through the one intake service,
whose problems are shown next to the fields of the step that asks for them."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from civicdesk.catalog.models import ServiceAttribute
from civicdesk.catalog.selectors import (
    LocalizedAttribute,
    LocalizedService,
    service_get_for_intake,
    service_get_localized,
    service_list_localized,
)
from civicdesk.core import clock
from civicdesk.core.errors import ApplicationError
from civicdesk.crm.enums import Channel
from civicdesk.crm.services import ContactDetails
from civicdesk.portal import draft as drafts
from civicdesk.portal import ratelimit
from civicdesk.portal.forms import (
    ATTRIBUTE_PREFIX,
    ContactForm,
    DetailsForm,
    LocationForm,
    NotifyBy,
    PhotoForm,
    ReviewForm,
    ServiceSearchForm,
)
from civicdesk.portal.selectors import report_duplicate_candidates, service_search, street_of
from civicdesk.portal.views.public import map_settings
from civicdesk.service_requests.services.intake import (
    IntakeValidationError,
    Location,
    service_request_submit,
)
from civicdesk.service_requests.services.media import MediaValidationError, media_prepare

STEPS = (
    ("details", "portal:report_details"),
    ("location", "portal:report_location"),
    ("photos", "portal:report_photos"),
    ("contact", "portal:report_contact"),
    ("review", "portal:report_review"),
)
# Which step asks for each field intake may complain about, and that field's name there.
_INTAKE_FIELDS = {
    "description": ("details", "description"),
    "location": ("location", "address"),
    "address_string": ("location", "address"),
    "address_id": ("location", "address"),
    "lat": ("location", "latitude"),
    "long": ("location", "longitude"),
    "media": ("photos", "photo"),
    "email": ("contact", "email"),
    "phone": ("contact", "phone"),
    "first_name": ("contact", "first_name"),
    "last_name": ("contact", "last_name"),
}


def _step_names() -> dict[str, str]:
    return {
        "details": _("Details"),
        "location": _("Location"),
        "photos": _("Photos"),
        "contact": _("Contact"),
        "review": _("Review"),
    }


def _language() -> str:
    return translation.get_language() or "en"


def _service(code: str) -> tuple[LocalizedService, list[LocalizedAttribute]]:
    found = service_get_localized(code=code, language=_language())
    if found is None:
        raise Http404(_("There is no such service."))
    return found


def _context(step: str, service: LocalizedService, **extra: Any) -> dict[str, Any]:
    names = _step_names()
    number = next(index for index, (name, _url) in enumerate(STEPS, start=1) if name == step)
    return {
        "service": service,
        "step": step,
        "step_number": number,
        "step_count": len(STEPS),
        "step_title": names[step],
        "steps": [
            {
                "name": names[name],
                "url": reverse(url, args=[service.code]),
                "is_current": name == step,
            }
            for name, url in STEPS
        ],
        **extra,
    }


def _missing_step(draft: drafts.Draft, step: str) -> HttpResponseRedirect | None:
    """Send the resident back to the first earlier step they have not completed."""
    done = {
        "details": draft.has_details,
        "location": draft.has_location,
        "photos": True,
        "contact": draft.has_contact,
    }
    for name, url in STEPS:
        if name == step:
            return None
        if not done.get(name, True):
            return redirect(url, draft.service_code)
    return None


def _errors_for(request: HttpRequest, step: str) -> dict[str, list[str]]:
    """Problems intake found earlier that belong to this step, keyed by this step's fields."""
    errors = drafts.errors_take(request.session)
    mine: dict[str, list[str]] = {}
    rest: dict[str, list[str]] = {}
    for name, messages_ in errors.items():
        if name.startswith("attribute[") and name.endswith("]"):
            owner, field = "details", ATTRIBUTE_PREFIX + name[len("attribute[") : -1]
        else:
            owner, field = _INTAKE_FIELDS.get(name, ("review", name))
        (mine if owner == step else rest).setdefault(field if owner == step else name, []).extend(
            messages_
        )
    if rest:
        drafts.errors_keep(request.session, rest)
    return mine


def _definitions_in_language(
    code: str, attributes: list[LocalizedAttribute]
) -> list[ServiceAttribute]:
    """The service's question definitions, worded in the resident's language, so that the
    catalog's checks name each question as the resident read it. Copies: the definitions
    intake shares must not change."""
    definition = service_get_for_intake(code=code)
    wording = {attribute.code: attribute.description for attribute in attributes}
    localized = []
    for original in getattr(definition, "active_attributes", []):
        attribute = copy.copy(original)
        attribute.description = wording.get(attribute.code, attribute.description)
        localized.append(attribute)
    return localized


@require_GET
def report_choose(request: HttpRequest) -> HttpResponse:
    """Step 0: what kind of problem? All services by group, or those matching the words typed."""
    form = ServiceSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    services = (
        service_search(query=query, language=_language(), limit=50)
        if query
        else service_list_localized(language=_language())
    )
    groups: dict[str, list[LocalizedService]] = {}
    for service in services:
        groups.setdefault(service.group or _("Other"), []).append(service)
    return render(
        request,
        "portal/report_choose.html",
        {"form": form, "query": query, "groups": groups, "service_count": len(services)},
    )


@require_http_methods(["GET", "POST"])
def report_details(request: HttpRequest, code: str) -> HttpResponse:
    service, attributes = _service(code)
    definitions = _definitions_in_language(code, attributes)
    draft = drafts.draft_load(request.session, code)
    if request.method == "POST":
        form = DetailsForm(request.POST, attributes=attributes, definitions=definitions)
        if form.is_valid():
            draft.answers = form.answers()
            draft.description = form.cleaned_data.get("description", "")
            draft.has_details = True
            drafts.draft_save(request.session, draft)
            return redirect("portal:report_location", code)
    else:
        initial = {ATTRIBUTE_PREFIX + key: value for key, value in draft.answers.items()}
        initial["description"] = draft.description
        form = DetailsForm(initial=initial, attributes=attributes, definitions=definitions)
        form.add_errors(_errors_for(request, "details"))
        drafts.draft_save(request.session, draft)
    return render(request, "portal/report_details.html", _context("details", service, form=form))


@require_http_methods(["GET", "POST"])
def report_location(request: HttpRequest, code: str) -> HttpResponse:
    service, _attributes = _service(code)
    draft = drafts.draft_load(request.session, code)
    if (back := _missing_step(draft, "location")) is not None:
        return back
    if request.method == "POST":
        form = LocationForm(request.POST)
        if form.is_valid():
            draft.address = form.cleaned_data["address"].strip()
            draft.latitude = form.cleaned_data["latitude"].strip()
            draft.longitude = form.cleaned_data["longitude"].strip()
            draft.address_id = form.cleaned_data["address_id"].strip()
            draft.has_location = True
            drafts.draft_save(request.session, draft)
            candidates = report_duplicate_candidates(
                service_code=code,
                address=draft.address,
                latitude=form.cleaned_data["latitude_value"],
                longitude=form.cleaned_data["longitude_value"],
                now=clock.now(),
            )
            if candidates:
                return redirect("portal:report_duplicates", code)
            return redirect("portal:report_photos", code)
    else:
        form = LocationForm(
            initial={
                "address": draft.address,
                "latitude": draft.latitude,
                "longitude": draft.longitude,
                "address_id": draft.address_id,
            }
        )
        form.add_errors(_errors_for(request, "location"))
    return render(
        request,
        "portal/report_location.html",
        _context("location", service, form=form, map_settings=map_settings()),
    )


def _float(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


@require_GET
def report_duplicates(request: HttpRequest, code: str) -> HttpResponse:
    """ "Already reported?": open requests of the same service nearby, to follow instead."""
    service, _attributes = _service(code)
    draft = drafts.draft_load(request.session, code)
    if (back := _missing_step(draft, "photos")) is not None:
        return back
    candidates = report_duplicate_candidates(
        service_code=code,
        address=draft.address,
        latitude=_float(draft.latitude),
        longitude=_float(draft.longitude),
        now=clock.now(),
    )
    if not candidates:
        return redirect("portal:report_photos", code)
    shown = [
        {
            "public_id": candidate.service_request.public_id,
            "street": street_of(candidate.service_request.address),
            "status": candidate.service_request.get_status_display(),
            "created_at": candidate.service_request.created_at,
            "distance": round(candidate.distance_metres),
        }
        for candidate in candidates
    ]
    return render(
        request,
        "portal/report_duplicates.html",
        _context("location", service, candidates=shown),
    )


@require_http_methods(["GET", "POST"])
def report_photos(request: HttpRequest, code: str) -> HttpResponse:
    service, _attributes = _service(code)
    draft = drafts.draft_load(request.session, code)
    if (back := _missing_step(draft, "photos")) is not None:
        return back
    form = PhotoForm()
    if request.method == "POST":
        remove = request.POST.get("remove", "")
        if remove in draft.photo_keys:
            draft.photo_keys.remove(remove)
            drafts.photo_forget(remove)
            drafts.draft_save(request.session, draft)
            messages.success(request, _("The photo was removed."))
            return redirect("portal:report_photos", code)
        form = PhotoForm(request.POST, request.FILES)
        upload = request.FILES.get("photo")
        if form.is_valid() and upload is not None:
            if len(draft.photo_keys) >= drafts.MAX_PHOTOS:
                form.add_errors(
                    {"photo": [_("You can add at most %(count)d photos.") % {"count": 3}]}
                )
            else:
                try:
                    prepared = media_prepare(uploads=[upload])
                except MediaValidationError as error:
                    form.add_errors({"photo": [error.message]})
                else:
                    draft.photo_keys.append(drafts.photo_keep(prepared[0]))
                    drafts.draft_save(request.session, draft)
        if not form.errors:
            if request.POST.get("action") == "continue":
                draft.has_photos = True
                drafts.draft_save(request.session, draft)
                return redirect("portal:report_contact", code)
            if upload is not None:
                messages.success(request, _("The photo was added."))
            return redirect("portal:report_photos", code)
    else:
        form.add_errors(_errors_for(request, "photos"))
    photos = [key for key in draft.photo_keys if drafts.photo_get(key) is not None]
    return render(
        request,
        "portal/report_photos.html",
        _context(
            "photos",
            service,
            form=form,
            photos=photos,
            can_add=len(photos) < drafts.MAX_PHOTOS,
            max_photos=drafts.MAX_PHOTOS,
        ),
    )


@require_GET
def report_photo(request: HttpRequest, code: str, key: str) -> HttpResponse:
    """A photo of the resident's own draft, for its thumbnail; nobody else's."""
    draft = drafts.draft_load(request.session, code)
    media = drafts.photo_get(key) if key in draft.photo_keys else None
    if media is None:
        raise Http404(_("There is no such photo."))
    response = HttpResponse(media.content, content_type=media.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def report_contact(request: HttpRequest, code: str) -> HttpResponse:
    service, _attributes = _service(code)
    draft = drafts.draft_load(request.session, code)
    if (back := _missing_step(draft, "contact")) is not None:
        return back
    if request.method == "POST":
        form = ContactForm(request.POST, allows_anonymous=service.allows_anonymous)
        if form.is_valid():
            for name in ("first_name", "last_name", "email", "phone", "notify_by"):
                setattr(draft, name, form.cleaned_data[name].strip())
            draft.has_contact = True
            drafts.draft_save(request.session, draft)
            return redirect("portal:report_review", code)
    else:
        form = ContactForm(
            initial={
                "first_name": draft.first_name,
                "last_name": draft.last_name,
                "email": draft.email,
                "phone": draft.phone,
                "notify_by": draft.notify_by,
            },
            allows_anonymous=service.allows_anonymous,
        )
        form.add_errors(_errors_for(request, "contact"))
    return render(request, "portal/report_contact.html", _context("contact", service, form=form))


def _answer_rows(
    attributes: list[LocalizedAttribute], answers: dict[str, Any]
) -> list[tuple[str, str]]:
    rows = []
    for attribute in attributes:
        if not attribute.is_variable or attribute.code not in answers:
            continue
        names = {value.key: value.name for value in attribute.values}
        value = answers[attribute.code]
        values = value if isinstance(value, list) else [value]
        rows.append((attribute.description, ", ".join(names.get(str(v), str(v)) for v in values)))
    return rows


def _submit(request: HttpRequest, draft: drafts.Draft) -> HttpResponse | str:
    """File the draft through intake; the new request's number, or a response to show."""
    now = clock.now()
    address = ratelimit.client_address(request)
    contact_value = draft.email.strip() or draft.phone.strip()
    if ratelimit.is_over(
        scope="report-ip",
        value=address,
        limit=ratelimit.limit("PORTAL_REPORTS_PER_IP_PER_HOUR"),
        now=now,
    ) or ratelimit.is_over(
        scope="report-contact",
        value=contact_value,
        limit=ratelimit.limit("PORTAL_REPORTS_PER_CONTACT_PER_HOUR"),
        now=now,
    ):
        return render(request, "portal/rate_limited.html", status=429)
    media = [item for key in draft.photo_keys if (item := drafts.photo_get(key)) is not None]
    contact = None
    if not draft.is_anonymous or draft.first_name or draft.last_name:
        contact = ContactDetails(
            first_name=draft.first_name,
            last_name=draft.last_name,
            email=draft.email,
            phone=draft.phone,
            language=_language(),
            wants_email_updates=draft.notify_by == NotifyBy.EMAIL,
            wants_sms_updates=draft.notify_by == NotifyBy.SMS,
        )
    try:
        result = service_request_submit(
            service_code=draft.service_code,
            description=draft.description,
            attributes=draft.answers,
            location=Location(
                latitude=_float(draft.latitude),
                longitude=_float(draft.longitude),
                address=draft.address,
                address_id=draft.address_id,
            ),
            channel=Channel.WEB,
            contact=contact,
            language=_language(),
            now=now,
            media=media,
        )
    except IntakeValidationError as error:
        drafts.errors_keep(request.session, error.field_errors)
        messages.error(request, error.message)
        first = next(iter(error.field_errors), "")
        owner = (
            "details"
            if first.startswith("attribute[")
            else _INTAKE_FIELDS.get(first, ("review", ""))[0]
        )
        url = dict(STEPS)[owner] if owner != "review" else "portal:report_details"
        return redirect(url, draft.service_code)
    ratelimit.hit(scope="report-ip", value=address, now=now)
    ratelimit.hit(scope="report-contact", value=contact_value, now=now)
    return result.service_request.public_id


@require_http_methods(["GET", "POST"])
def report_review(request: HttpRequest, code: str) -> HttpResponse:
    service, attributes = _service(code)
    draft = drafts.draft_load(request.session, code)
    if (back := _missing_step(draft, "review")) is not None:
        return back
    form = ReviewForm(request.POST or None)
    if request.method == "GET":
        leftover = _errors_for(request, "review")
        form.add_errors(
            {"__all__": [message for messages_ in leftover.values() for message in messages_]}
        )
    if request.method == "POST":
        if form.is_spam:
            return render(request, "portal/rate_limited.html", {"is_spam": True}, status=400)
        try:
            outcome = _submit(request, draft)
        except ApplicationError as error:  # e.g. a contact the CRM cannot read
            messages.error(request, error.message)
            return redirect("portal:report_review", code)
        if isinstance(outcome, HttpResponse):
            return outcome
        drafts.draft_end(request.session, draft)
        request.session[drafts.FILED_KEY] = outcome
        return redirect("portal:report_done", outcome)
    photos = [key for key in draft.photo_keys if drafts.photo_get(key) is not None]
    notify_names = dict(ContactForm.base_fields["notify_by"].choices)  # type: ignore[attr-defined]
    return render(
        request,
        "portal/report_review.html",
        _context(
            "review",
            service,
            form=form,
            draft=draft,
            answers=_answer_rows(attributes, draft.answers),
            photos=photos,
            notify_by=notify_names.get(draft.notify_by, ""),
        ),
    )


@require_GET
def report_done(request: HttpRequest, public_id: str) -> HttpResponse:
    """The confirmation, with the request number; others are sent to the public track page."""
    if request.session.get(drafts.FILED_KEY) != public_id:
        return redirect("portal:track", public_id)
    return render(request, "portal/report_done.html", {"public_id": public_id})
