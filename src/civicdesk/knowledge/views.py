"""The public help center: search and topics at /help/, articles at /help/<slug>/."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from civicdesk.core import clock
from civicdesk.knowledge import selectors, services
from civicdesk.knowledge.enums import SearchSource
from civicdesk.knowledge.forms import FeedbackForm, SearchForm
from civicdesk.knowledge.models import Article
from civicdesk.knowledge.rate_limits import rate_limit_exceeded

SEARCH_RESULT_LIMIT = 20
FEEDBACK_LIMIT = 10
FEEDBACK_WINDOW_SECONDS = 3600


def reading_language() -> str:
    """The active language if the site offers it, otherwise the site's default."""
    offered = {code for code, _name in settings.LANGUAGES}
    active = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return active if active in offered else settings.LANGUAGE_CODE.split("-")[0]


@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    language = reading_language()
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context: dict[str, object] = {"form": form, "query": query, "language": language}
    if query:
        results = selectors.article_search(
            query=query, language=language, user=request.user, limit=SEARCH_RESULT_LIMIT
        )
        services.search_query_record(
            query=query,
            language=language,
            result_count=len(results),
            top_article=results.articles[0] if results.hits else None,
            source=SearchSource.HELP_CENTER,
            now=clock.now(),
        )
        context["results"] = results.articles
    else:
        context["categories"] = [
            (category, category.name_in(language), count)
            for category, count in selectors.category_list(request.user)
        ]
        context["popular"] = selectors.article_list_popular(request.user, language=language)
    return render(request, "knowledge/help_index.html", context)


@require_GET
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_get(slug)
    if category is None:
        raise Http404
    language = reading_language()
    articles = selectors.article_list_published(request.user, language=language, category=category)
    if not articles:
        raise Http404
    return render(
        request,
        "knowledge/category_detail.html",
        {
            "category": category,
            "category_name": category.name_in(language),
            "articles": articles,
            "form": SearchForm(),
            "language": language,
        },
    )


def _article_page(
    request: HttpRequest, article: Article, *, form: FeedbackForm | None = None, status: int = 200
) -> HttpResponse:
    language = reading_language()
    translations = selectors.article_translations(request.user, article)
    return render(
        request,
        "knowledge/article_detail.html",
        {
            "article": article,
            "translations": translations,
            "in_reading_language": next(
                (other for other in translations if other.language == language), None
            )
            if article.language != language
            else None,
            "categories": [
                (category, category.name_in(article.language))
                for category in article.categories.all()
            ],
            "feedback_form": form or FeedbackForm(),
        },
        status=status,
    )


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.access_article(request.user, slug=slug)
    if article is None:
        raise Http404
    services.article_record_view(article=article)
    return _article_page(request, article)


@require_POST
def article_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.access_article(request.user, slug=slug)
    if article is None:
        raise Http404
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _article_page(request, article, form=form, status=400)
    if rate_limit_exceeded(
        scope="article-feedback",
        request=request,
        limit=FEEDBACK_LIMIT,
        window_seconds=FEEDBACK_WINDOW_SECONDS,
    ):
        messages.error(
            request, _("We have received a lot of answers from you. Please try again later.")
        )
        return _article_page(request, article, form=form, status=429)
    services.article_feedback_record(
        article=article,
        is_helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"],
        now=clock.now(),
    )
    messages.success(request, _("Thank you for your feedback."))
    return HttpResponseRedirect(f"{article.get_absolute_url()}#feedback")
