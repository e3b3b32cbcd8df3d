"""What every console view shares: who may enter, the agent, the resident, the contact
in progress."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from civicdesk.accounts.models import User
from civicdesk.crm import permissions, selectors
from civicdesk.crm.conversation import (
    Conversation,
    conversation_end,
    conversation_get,
)
from civicdesk.crm.models import Contact

P = ParamSpec("P")


def console_view(
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Sign-in for the anonymous; 403 for staff who do not use the console."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("console:login"))
        if not permissions.can_use_console(request.user):
            raise PermissionDenied(_("The agent console is for agents and supervisors."))
        return view(request, *args, **kwargs)

    return wrapped


def agent_of(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - console_view admitted only signed-in staff
    return user


def contact_or_404(request: HttpRequest, contact_id: int) -> Contact:
    contact = selectors.access_contact(user=request.user, contact_id=contact_id)
    if contact is None:
        raise Http404(_("There is no such resident."))
    return contact


class ConsoleLoginView(auth_views.LoginView):
    template_name = "crm/console/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("console:home")


def conversation_or_message(request: HttpRequest) -> Conversation | None:
    conversation = conversation_get(request.session)
    if conversation is None:
        messages.error(request, _("Start the contact first: say how the resident reached us."))
    return conversation


def logged(request: HttpRequest, contact: Contact, text: str) -> HttpResponse:
    conversation_end(request.session)
    messages.success(request, text)
    return redirect("console:contact", contact.pk)
