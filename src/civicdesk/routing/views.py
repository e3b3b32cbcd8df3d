"""/work/: department queues and the request page, for department staff and supervisors.

Thin: parse the form, ask `accounts.permissions`, call one service, redirect with a message.
Anonymous visitors are sent to sign in; signed-in people without a department role get 403;
a request of another department is "not found" (404), so its existence is not revealed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponseBase,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from civicdesk.accounts import permissions
from civicdesk.accounts.models import User
from civicdesk.core import clock
from civicdesk.core.errors import ApplicationError
from civicdesk.fieldwork import permissions as field_permissions
from civicdesk.fieldwork import selectors as field_selectors
from civicdesk.fieldwork.services import DispatchResult, work_order_dispatch
from civicdesk.routing import selectors
from civicdesk.routing.enums import SlaState
from civicdesk.routing.forms import (
    AssignForm,
    BulkForm,
    CrewDispatchForm,
    HoldForm,
    MergeForm,
    NoteForm,
    QueueFilterForm,
    ReferForm,
    ServiceChangeForm,
    StatusForm,
    crew_dispatch_error,
)
from civicdesk.routing.sla import sla_state
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import lifecycle
from civicdesk.service_requests.workflow import ALLOWED_TRANSITIONS

PAGE_SIZE = 50
# Counting a queue stops here: a department with 30,000 open requests needs no exact figure,
# and counting them all would cost more than showing the page.
COUNT_CAP = 5000
# The moves offered in the status form; hold, resume, referral and duplicates have their own.
_STATUS_FORM_EXCLUDES = frozenset({Status.ON_HOLD, Status.CLOSED_DUPLICATE, Status.REFERRED})

ViewFunction = Callable[..., HttpResponseBase]


class CappedPaginator(Paginator):
    """Counts at most `COUNT_CAP` + 1 rows; the pages beyond stay out of reach."""

    @cached_property
    def count(self) -> int:
        rows = cast("QuerySet[ServiceRequest]", self.object_list)
        return rows[: COUNT_CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > COUNT_CAP


def _refused(request: HttpRequest) -> HttpResponseBase | None:
    """None when the user may use /work/; else the sign-in redirect or a 403 page."""
    if not request.user.is_authenticated:
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse('routing:sign_in')}?{query}")
    if not permissions.can_use_work_queues(request.user):
        return HttpResponseForbidden(render_to_string("routing/forbidden.html", request=request))
    return None


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - _refused() let only signed-in users through
    return user


class SignInView(auth_views.LoginView):
    template_name = "routing/sign_in.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("routing:queue")


@require_GET
def queue(request: HttpRequest) -> HttpResponseBase:
    if refusal := _refused(request):
        return refusal
    user = _user(request)
    now = clock.now()
    departments = permissions.work_department_ids(user)
    people = list(selectors.assignee_choices(department_ids=departments))
    form = QueueFilterForm(
        request.GET or None,
        queues=list(selectors.queue_list_visible(user=user)),
        services=list(selectors.service_list_for_work(user=user).only("pk", "name")),
        districts=selectors.district_list_for_work(),
        people=people,
    )
    filters = form.filters() if request.GET else selectors.QueueFilters()
    requests = selectors.work_request_list(user=user, filters=filters, now=now)
    page = CappedPaginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (
            service_request,
            sla_state(
                due_at=service_request.sla_due_at,
                at_risk_at=service_request.sla_at_risk_at,
                paused_at=service_request.sla_paused_at,
                now=now,
                is_open=not service_request.is_closed,
            ),
        )
        for service_request in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "routing/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "bulk_form": BulkForm(people=people),
            "crew_form": CrewDispatchForm(
                crews=field_selectors.crew_list_for_dispatch(department_ids=departments),
                today=timezone.localdate(now),
                prefix="crew",
            ),
            "now": now,
            "paused_label": SlaState.PAUSED.label,
            "count_cap": COUNT_CAP,
        },
    )


def _request_or_404(request: HttpRequest, public_id: str) -> ServiceRequest:
    service_request = selectors.work_request_get(user=_user(request), public_id=public_id)
    if service_request is None:
        raise Http404(_("No such request in your queues."))
    return service_request


def _allowed_status_moves(service_request: ServiceRequest) -> list[Status]:
    moves = ALLOWED_TRANSITIONS[Status(service_request.status)]
    return [status for status in Status if status in moves and status not in _STATUS_FORM_EXCLUDES]


@require_GET
def request_detail(request: HttpRequest, public_id: str) -> HttpResponseBase:
    if refusal := _refused(request):
        return refusal
    service_request = _request_or_404(request, public_id)
    now = clock.now()
    departments = frozenset({service_request.department_id})
    status = Status(service_request.status)
    moves = ALLOWED_TRANSITIONS[status]
    context: dict[str, Any] = {
        "sr": service_request,
        "state": sla_state(
            due_at=service_request.sla_due_at,
            at_risk_at=service_request.sla_at_risk_at,
            paused_at=service_request.sla_paused_at,
            now=now,
            is_open=not service_request.is_closed,
        ),
        "history": selectors.resident_public_history(service_request=service_request),
        "nearby": selectors.nearby_open_requests(service_request=service_request),
        "note_form": NoteForm(auto_id="note-%s"),
        "status_form": StatusForm(
            allowed=_allowed_status_moves(service_request), auto_id="status-%s"
        ),
        "assign_form": AssignForm(
            people=selectors.assignee_choices(department_ids=departments),
            initial={"assignee": service_request.assignee_id},
            auto_id="assign-%s",
        ),
        "hold_form": HoldForm(auto_id="hold-%s"),
        "service_form": ServiceChangeForm(
            initial={"service": service_request.service_id}, auto_id="service-%s"
        ),
        "merge_form": MergeForm(auto_id="merge-%s"),
        "refer_form": ReferForm(auto_id="refer-%s"),
        "crew_form": CrewDispatchForm(
            crews=field_selectors.crew_list_for_dispatch(department_ids=departments),
            today=timezone.localdate(now),
            auto_id="crew-%s",
        ),
        "work_orders": field_selectors.work_order_list_for_service_request(
            service_request=service_request
        ),
        "can_acknowledge": Status.ACKNOWLEDGED in moves,
        "can_hold": Status.ON_HOLD in moves,
        "can_resume": status == Status.ON_HOLD,
        "is_open": not service_request.is_closed,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render(request, "routing/request_detail.html", context)


# --- Actions on one request -----------------------------------------------------------------


def _act_acknowledge(request: HttpRequest, sr: ServiceRequest, user: User) -> str:
    lifecycle.service_request_acknowledge(service_request=sr, actor=user, now=clock.now())
    return _("Acknowledged.")


def _act_assign(request: HttpRequest, sr: ServiceRequest, user: User) -> str:
    form = AssignForm(
        request.POST,
        people=selectors.assignee_choices(department_ids=frozenset({sr.department_id})),
    )
    if not form.is_valid():
        raise ApplicationError(_("Choose someone of the department."))
    assignee = form.cleaned_data["assignee"]
    lifecycle.service_request_assign(
        service_request=sr, assignee=assignee, actor=user, now=clock.now()
    )
    if assignee is None:
        return _("Nobody is assigned now.")
    return _("Assigned to %(name)s.") % {"name": assignee}


def _act_status(request: HttpRequest, sr: ServiceRequest, user: User) -> str:
    form = StatusForm(request.POST, allowed=_allowed_status_moves(sr))
    if not form.is_valid():
        raise ApplicationError(_("Choose a status the request can move to."))
    to_status = Status(form.cleaned_data["status"])
    lifecycle.service_request_staff_change_status(
        service_request=sr,
        to_status=to_status,
        note=form.cleaned_data["note"],
        actor=user,
        now=clock.now(),
    )
    return _("The request is now “%(status)s”.") % {"status": to_status.label}


def _act_note(request: HttpRequest, sr: ServiceRequest, user: User) -> str:
    form = NoteForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_("Write the note before saving it."))
    lifecycle.service_request_add_note(
        service_request=sr,
        note=form.cleaned_data["note"],
        is_public=form.cleaned_data["is_public"],
        actor=user,
        now=clock.now(),
    )
    return _("Note added.")


def _act_hold(request: HttpRequest, sr: ServiceRequest, user: User) -> str:
    form = HoldForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    lifecycle.service_request_hold(service_request=sr, note=note, actor=user, now=clock.now())
    return _("On hold: the SLA clock is paused.")


def _act_resume(request: HttpRequest, sr: ServiceRequest, user: User) -> str:
    lifecycle.service_request_resume(service_request=sr, actor=user, now=clock.now())
    return _("Resumed: the SLA clock runs again.")


def _act_service(request: HttpRequest, sr: ServiceRequest, user: User) -> str:
    form = ServiceChangeForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_("Choose one of the services offered."))
    changed = lifecycle.service_request_change_service(
        service_request=sr,
        service=form.cleaned_data["service"],
        actor=user,
        now=clock.now(),
        note=form.cleaned_data["note"],
    )
    return _("Service changed; the request now belongs to %(department)s.") % {
        "department": changed.department
    }


def _act_merge(request: HttpRequest, sr: ServiceRequest, user: User) -> str:
    form = MergeForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_("List the request numbers to merge."))
    wanted = form.public_ids()
    found = selectors.work_requests_for_action(user=user, public_ids=wanted)
    missing = sorted(set(wanted) - {other.public_id for other in found})
    if missing:
        raise ApplicationError(
            _("Not found in your queues: %(numbers)s.") % {"numbers": ", ".join(missing)}
        )
    lifecycle.service_request_merge(
        survivor=sr, duplicates=found, actor=user, now=clock.now(), note=form.cleaned_data["note"]
    )
    return ngettext(
        "Merged %(count)d request into this one.",
        "Merged %(count)d requests into this one.",
        len(found),
    ) % {"count": len(found)}


def _act_refer(request: HttpRequest, sr: ServiceRequest, user: User) -> str:
    form = ReferForm(request.POST)
    if not form.is_valid():
        raise ApplicationError(_("Choose where to refer the resident."))
    lifecycle.service_request_refer(
        service_request=sr,
        agency=form.cleaned_data["agency"],
        actor=user,
        now=clock.now(),
        note=form.cleaned_data["note"],
    )
    return _("Referred; the resident is told where to go.")


def _dispatch_message(result: DispatchResult) -> str:
    work_order = result.work_order
    count = len(result.dispatched)
    values = {
        "count": count,
        "crew": work_order.crew.name if work_order.crew else "",
        "number": work_order.number,
        "day": work_order.scheduled_date.isoformat() if work_order.scheduled_date else "",
    }
    if result.is_new:
        return (
            ngettext(
                "%(count)d request sent to %(crew)s for %(day)s on the new work order %(number)s.",
                "%(count)d requests sent to %(crew)s for %(day)s on the new work order %(number)s.",
                count,
            )
            % values
        )
    return (
        ngettext(
            "%(count)d request added to %(crew)s's work order %(number)s for %(day)s.",
            "%(count)d requests added to %(crew)s's work order %(number)s for %(day)s.",
            count,
        )
        % values
    )


def _act_crew(request: HttpRequest, sr: ServiceRequest, user: User) -> str:
    now = clock.now()
    form = CrewDispatchForm(
        request.POST,
        crews=field_selectors.crew_list_for_dispatch(department_ids=frozenset({sr.department_id})),
        today=timezone.localdate(now),
    )
    if not form.is_valid():
        raise ApplicationError(crew_dispatch_error(form))
    crew = form.cleaned_data["crew"]
    if not field_permissions.can_send_to_crew(user, crew):
        raise ApplicationError(_("You may not send requests to this crew."))
    result = work_order_dispatch(
        service_requests=[sr],
        crew=crew,
        scheduled_date=form.cleaned_data["scheduled_date"],
        join_existing=form.cleaned_data["join_existing"],
        actor=user,
        now=now,
    )
    return _dispatch_message(result)


ACTIONS: dict[str, Callable[[HttpRequest, ServiceRequest, User], str]] = {
    "crew": _act_crew,
    "acknowledge": _act_acknowledge,
    "assign": _act_assign,
    "status": _act_status,
    "note": _act_note,
    "hold": _act_hold,
    "resume": _act_resume,
    "service": _act_service,
    "merge": _act_merge,
    "refer": _act_refer,
}


@require_POST
def request_action(request: HttpRequest, public_id: str, action: str) -> HttpResponseBase:
    if refusal := _refused(request):
        return refusal
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    service_request = _request_or_404(request, public_id)
    user = _user(request)
    if not permissions.can_work_service_request(user, service_request):
        raise Http404
    try:
        messages.success(request, handler(request, service_request, user))
    except ApplicationError as error:
        messages.error(request, error.message)
    if not permissions.can_work_service_request(
        user, ServiceRequest.objects.only("department_id").get(pk=service_request.pk)
    ):
        # Re-routed to another department: back to the queue.
        return HttpResponseRedirect(reverse("routing:queue"))
    return HttpResponseRedirect(reverse("routing:request", args=[public_id]))


@require_POST
def bulk_action(request: HttpRequest) -> HttpResponseBase:
    if refusal := _refused(request):
        return refusal
    user = _user(request)
    departments = permissions.work_department_ids(user)
    people = list(selectors.assignee_choices(department_ids=departments))
    form = BulkForm(request.POST, people=people)
    selected = request.POST.getlist("selected")[:500]
    back = reverse("routing:queue") + (
        f"?{request.POST['query']}" if request.POST.get("query") else ""
    )
    if not form.is_valid() or not selected:
        messages.error(request, _("Select requests and an action first."))
        return HttpResponseRedirect(back)
    action = form.cleaned_data["action"]
    if action == "crew":
        return _bulk_crew(request, user, departments, selected, back)
    done, problems = 0, []
    for service_request in selectors.work_requests_for_action(user=user, public_ids=selected):
        try:
            if action == "acknowledge":
                lifecycle.service_request_acknowledge(
                    service_request=service_request, actor=user, now=clock.now()
                )
            elif action == "start":
                lifecycle.service_request_staff_change_status(
                    service_request=service_request,
                    to_status=Status.IN_PROGRESS,
                    note="",
                    actor=user,
                    now=clock.now(),
                )
            else:
                lifecycle.service_request_assign(
                    service_request=service_request,
                    assignee=next(
                        (p for p in people if p.pk == form.cleaned_data["assignee"]), None
                    ),
                    actor=user,
                    now=clock.now(),
                )
            done += 1
        except ApplicationError as error:
            problems.append(f"{service_request.public_id}: {error.message}")
    if done:
        messages.success(
            request,
            ngettext("%(count)d request updated.", "%(count)d requests updated.", done)
            % {"count": done},
        )
    for problem in problems[:10]:
        messages.error(request, problem)
    return HttpResponseRedirect(back)


def _bulk_crew(
    request: HttpRequest,
    user: User,
    departments: frozenset[int] | None,
    selected: list[str],
    back: str,
) -> HttpResponseBase:
    """Send the selected requests to one crew for a day: one work order (new, or the crew's
    open one for that day); requests that cannot go are listed with the reason."""
    now = clock.now()
    form = CrewDispatchForm(
        request.POST,
        crews=field_selectors.crew_list_for_dispatch(department_ids=departments),
        today=timezone.localdate(now),
        prefix="crew",
    )
    if not form.is_valid():
        messages.error(request, crew_dispatch_error(form))
        return HttpResponseRedirect(back)
    crew = form.cleaned_data["crew"]
    if not field_permissions.can_send_to_crew(user, crew):
        messages.error(request, _("You may not send requests to this crew."))
        return HttpResponseRedirect(back)
    found = selectors.work_requests_for_action(user=user, public_ids=selected)
    missing = sorted(set(selected) - {sr.public_id for sr in found})
    try:
        result = work_order_dispatch(
            service_requests=found,
            crew=crew,
            scheduled_date=form.cleaned_data["scheduled_date"],
            join_existing=form.cleaned_data["join_existing"],
            actor=user,
            now=now,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _dispatch_message(result))
        for number, reason in list(result.refused.items())[:10]:
            messages.error(
                request,
                _("%(number)s was not sent: %(reason)s") % {"number": number, "reason": reason},
            )
    if missing:
        messages.error(
            request, _("Not found in your queues: %(numbers)s.") % {"numbers": ", ".join(missing)}
        )
    return HttpResponseRedirect(back)
