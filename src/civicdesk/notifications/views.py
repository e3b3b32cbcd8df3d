"""The resident's landing pages for links in our messages: "is it fixed?" and unsubscribe.

Opening a link only shows a question with buttons (mail scanners open links); the POST acts.
A forged or expired link is "not found".
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civicdesk.core import clock
from civicdesk.notifications.status_updates import (
    ResolutionLinkError,
    contact_get_by_unsubscribe_token,
    contact_unsubscribe,
    resolution_answer,
    resolution_get,
    resolution_is_open,
)

COMMENT_MAX_LENGTH = 2000


@require_http_methods(["GET", "POST"])
def resolution(request: HttpRequest, token: str) -> HttpResponse:
    found = resolution_get(token=token)
    if found is None:
        raise Http404(_("This link is not valid any more."))
    service_request, event = found
    is_open = resolution_is_open(service_request=service_request, event=event)
    error = ""
    if request.method == "POST" and is_open:
        answer = request.POST.get("answer", "")
        comment = request.POST.get("comment", "")[:COMMENT_MAX_LENGTH]
        if answer in {"fixed", "not_fixed"}:
            try:
                resolution_answer(
                    service_request=service_request,
                    event=event,
                    is_fixed=answer == "fixed",
                    comment=comment,
                    now=clock.now(),
                )
            except ResolutionLinkError as refused:
                error = refused.message
            else:
                thanks = (
                    _("Thank you: request %(number)s is closed.")
                    if answer == "fixed"
                    else _("Thank you: request %(number)s is open again; the city will look at it.")
                )
                messages.success(request, thanks % {"number": service_request.public_id})
                return redirect("portal:track", service_request.public_id)
        else:
            error = _("Choose whether the problem is fixed.")
    return render(
        request,
        "notifications/resolution.html",
        {"service_request": service_request, "is_open": is_open, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    contact = contact_get_by_unsubscribe_token(token=token)
    if contact is None:
        raise Http404(_("This link is not valid any more."))
    if request.method == "POST":
        contact_unsubscribe(contact=contact, now=clock.now())
        return render(request, "notifications/unsubscribe.html", {"is_done": True})
    return render(request, "notifications/unsubscribe.html", {"is_done": False})
