"""The resident's survey page at /survey/<token>/: no sign-in, in the invitation's language.

The token is the only key (unguessable, one per invitation). The page shows the request's
number and service and nothing else about the resident. Opening it only shows the questions;
the POST records the answers once. Posts, and look-ups of unknown tokens, are rate-limited per
address so tokens cannot be guessed by trying.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from civicdesk.core import clock
from civicdesk.portal import ratelimit
from civicdesk.surveys import selectors, services

# Per address and hour: answers sent (and "no more surveys"), and links that name no survey.
POSTS_PER_HOUR = 30
UNKNOWN_TOKENS_PER_HOUR = 20


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, language: str, status: int
) -> HttpResponse:
    with translation.override(language):
        response = render(request, template, context, status=status)
    response["Content-Language"] = language
    return response


def _limited(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/rate_limited.html", {"is_spam": False}, status=429)


def _invitation_or_response(request: HttpRequest, token: str) -> tuple[Any, HttpResponse | None]:
    address = ratelimit.client_address(request)
    now = clock.now()
    if ratelimit.is_over(
        scope="survey-unknown", value=address, limit=UNKNOWN_TOKENS_PER_HOUR, now=now
    ):
        return None, _limited(request)
    invitation = selectors.survey_invitation_get_by_token(token=token)
    if invitation is None:
        ratelimit.hit(scope="survey-unknown", value=address, now=now)
        language = translation.get_language() or "en"
        return None, _render(request, "surveys/unknown.html", {}, language=language, status=404)
    if request.method == "POST":
        if ratelimit.is_over(scope="survey-post", value=address, limit=POSTS_PER_HOUR, now=now):
            return None, _limited(request)
        ratelimit.hit(scope="survey-post", value=address, now=now)
    return invitation, None


def _rows(
    form: selectors.SurveyForm, values: dict[str, str], errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Each question with what the resident sent and what is wrong with it."""
    return [
        {
            "question": question,
            "value": values.get(question.field_name, ""),
            "errors": errors.get(question.field_name, []),
        }
        for question in form.questions
    ]


@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, token: str) -> HttpResponse:
    invitation, refused = _invitation_or_response(request, token)
    if refused is not None:
        return refused
    now = clock.now()
    language = invitation.language
    with translation.override(language):
        form = selectors.survey_form_for(invitation)
        context: dict[str, Any] = {"survey": form, "token": token, "values": {}, "errors": {}}
        if invitation.answered_at is not None:
            return _render(request, "surveys/answered.html", context, language=language, status=200)
        if not services.survey_invitation_is_open(invitation=invitation, now=now):
            context["closed_message"] = services.survey_closed_reason(invitation, now)
            return _render(request, "surveys/closed.html", context, language=language, status=410)
        if request.method == "POST":
            answers = {
                question.field_name: request.POST.get(question.field_name, "")
                for question in form.questions
            }
            try:
                services.survey_response_submit(invitation=invitation, answers=answers, now=now)
            except services.SurveyClosedError as error:
                context["closed_message"] = error.message
                return _render(
                    request, "surveys/closed.html", context, language=language, status=410
                )
            except services.SurveyAnswerError as error:
                context["values"] = answers
                context["errors"] = error.field_errors
                context["error_message"] = error.message
            else:
                return redirect("surveys:survey", token)
        context["rows"] = _rows(form, context["values"], context["errors"])
        context["form_errors"] = context["errors"].get("__all__", [])
    # Answers to correct come back with 200, as the portal's forms do.
    return _render(request, "surveys/survey.html", context, language=language, status=200)


@require_http_methods(["GET", "POST"])
def survey_stop(request: HttpRequest, token: str) -> HttpResponse:
    """ "No more surveys": the page asks; the button withdraws the resident's consent."""
    invitation, refused = _invitation_or_response(request, token)
    if refused is not None:
        return refused
    is_done = False
    if request.method == "POST" and invitation.contact is not None:
        services.contact_surveys_stop(contact=invitation.contact, now=clock.now())
        is_done = True
    return _render(
        request,
        "surveys/stop.html",
        {"token": token, "is_done": is_done},
        language=invitation.language,
        status=200,
    )
