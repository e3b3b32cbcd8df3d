"""/crew/: today's work orders for a crew member, on a phone.

Thin: ask `fieldwork.permissions`, call one service, redirect with a message. Anonymous
visitors are sent to sign in; people who are not on a crew get 403; a work order of another
crew or department is "not found" (404).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponseBase,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from civicdesk.accounts.models import User
from civicdesk.core import clock
from civicdesk.core.errors import ApplicationError
from civicdesk.fieldwork import permissions, selectors, services
from civicdesk.fieldwork.forms import CompleteForm, MaterialForm, NoteForm, PhotoForm, TimeForm
from civicdesk.fieldwork.models import WorkOrder, WorkOrderPhoto


def _refused(request: HttpRequest) -> HttpResponseBase | None:
    if not request.user.is_authenticated:
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('routing:sign_in')}?{query}")
    if not permissions.can_use_crew_view(request.user):
        return HttpResponseForbidden(render_to_string("fieldwork/forbidden.html", request=request))
    return None


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - _refused() let only signed-in users through
    return user


def _work_order_or_404(request: HttpRequest, pk: int) -> WorkOrder:
    work_order = selectors.work_order_get_for_crew(user=_user(request), pk=pk)
    if work_order is None or not permissions.can_work_on_work_order(request.user, work_order):
        raise Http404(_("No such work order for your crew."))
    return work_order


@require_GET
def crew_day(request: HttpRequest) -> HttpResponseBase:
    if refusal := _refused(request):
        return refusal
    today = timezone.localdate(clock.now())
    stops = selectors.work_order_list_for_day(user=_user(request), day=today)
    points = [
        {
            "number": position,
            "title": stop.work_order.title,
            "url": reverse("fieldwork:work_order", args=[stop.work_order.pk]),
            "lat": stop.latitude,
            "lon": stop.longitude,
        }
        for position, stop in enumerate(stops, start=1)
        if stop.latitude is not None
    ]
    return render(
        request,
        "fieldwork/crew_day.html",
        {
            "today": today,
            "stops": stops,
            "points": points,
            "points_json": json.dumps(points),
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


@require_GET
def work_order_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    if refusal := _refused(request):
        return refusal
    work_order = _work_order_or_404(request, pk)
    return render(
        request,
        "fieldwork/work_order.html",
        {
            "work_order": work_order,
            "note_form": NoteForm(),
            "photo_form": PhotoForm(),
            "material_form": MaterialForm(),
            "time_form": TimeForm(),
            "complete_form": CompleteForm(prefix="complete"),
        },
    )


def _form_error(form: Any) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _act_start(request: HttpRequest, work_order: WorkOrder, user: User) -> str:
    services.work_order_start(work_order=work_order, actor=user, now=clock.now())
    return _("Work order started.")


def _act_note(request: HttpRequest, work_order: WorkOrder, user: User) -> str:
    form = NoteForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_form_error(form))
    services.work_order_add_note(
        work_order=work_order, text=form.cleaned_data["text"], actor=user, now=clock.now()
    )
    return _("Note saved.")


def _act_photo(request: HttpRequest, work_order: WorkOrder, user: User) -> str:
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ApplicationError(_form_error(form))
    photos = services.work_order_photo_prepare(uploads=[form.cleaned_data["photo"]])
    services.work_order_add_photos(
        work_order=work_order, photos=photos, actor=user, now=clock.now()
    )
    return _("Photo added.")


def _act_material(request: HttpRequest, work_order: WorkOrder, user: User) -> str:
    form = MaterialForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_form_error(form))
    services.work_order_record_material(
        work_order=work_order,
        description=form.cleaned_data["description"],
        quantity=form.cleaned_data["quantity"],
        unit=form.cleaned_data["unit"],
        actor=user,
        now=clock.now(),
    )
    return _("Material recorded.")


def _act_time(request: HttpRequest, work_order: WorkOrder, user: User) -> str:
    form = TimeForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_form_error(form))
    services.work_order_record_time(
        work_order=work_order, minutes=form.cleaned_data["minutes"], actor=user, now=clock.now()
    )
    return _("Time recorded.")


def _act_complete(request: HttpRequest, work_order: WorkOrder, user: User) -> str:
    form = CompleteForm(request.POST, request.FILES, prefix="complete")
    if not form.is_valid():
        raise ApplicationError(_form_error(form))
    now = clock.now()
    if form.cleaned_data["photo"]:
        photos = services.work_order_photo_prepare(uploads=[form.cleaned_data["photo"]])
        services.work_order_add_photos(work_order=work_order, photos=photos, actor=user, now=now)
    services.work_order_complete(
        work_order=work_order, note=form.cleaned_data["note"], actor=user, now=now
    )
    return _("Work order completed; the residents are told.")


_ACTIONS: dict[str, Callable[[HttpRequest, WorkOrder, User], str]] = {
    "start": _act_start,
    "note": _act_note,
    "photo": _act_photo,
    "material": _act_material,
    "time": _act_time,
    "complete": _act_complete,
}


@require_POST
def work_order_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    if refusal := _refused(request):
        return refusal
    work_order = _work_order_or_404(request, pk)
    act = _ACTIONS.get(action)
    if act is None:
        raise Http404(_("No such action."))
    try:
        messages.success(request, act(request, work_order, _user(request)))
    except ApplicationError as error:
        messages.error(request, error.message)
    if action == "complete" and not WorkOrder.objects.get(pk=pk).is_open:
        return redirect("fieldwork:crew_day")
    return redirect("fieldwork:work_order", pk)


@require_GET
def work_order_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A crew photo, for the people who may see its work order."""
    if refusal := _refused(request):
        return refusal
    photo = WorkOrderPhoto.objects.filter(pk=pk).select_related("work_order").first()
    if photo is None or not permissions.can_work_on_work_order(request.user, photo.work_order):
        raise Http404(_("No such photo."))
    return FileResponse(photo.file.open("rb"), content_type=photo.content_type)
