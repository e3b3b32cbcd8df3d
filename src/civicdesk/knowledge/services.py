"""Writes of the knowledge base: articles (with revisions and search index), feedback, search log.

Every article save goes through `article_create` or `article_update`, which in one transaction
render the Markdown, write a revision, rebuild the article's search terms and audit the edit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F

from civicdesk.accounts.models import User
from civicdesk.accounts.services import audit_log_record
from civicdesk.catalog.models import Service
from civicdesk.core.errors import ApplicationError
from civicdesk.knowledge import text
from civicdesk.knowledge.enums import ArticleStatus, Audience, SearchSource
from civicdesk.knowledge.models import (
    Article,
    ArticleFeedback,
    ArticleRevision,
    ArticleSearchTerm,
    Category,
    SearchQuery,
)

MAX_QUERY_LENGTH = 200
MAX_COMMENT_LENGTH = 1000


class ArticleError(ApplicationError):
    code = "invalid_article"


@dataclass(frozen=True, kw_only=True)
class ArticleContent:
    """Everything an editor sets on an article."""

    slug: str
    title: str
    summary: str
    body: str
    language: str = "en"
    audience: str = Audience.PUBLIC
    status: str = ArticleStatus.DRAFT
    keywords: str = ""
    translation_of: Article | None = None
    owner: User | None = None
    review_by_date: date | None = None
    categories: Sequence[Category] = field(default_factory=tuple)
    related_services: Sequence[Service] = field(default_factory=tuple)


_SCALAR_FIELDS = (
    "slug",
    "title",
    "summary",
    "body",
    "language",
    "audience",
    "status",
    "keywords",
    "translation_of",
    "owner",
    "review_by_date",
)


def _apply(article: Article, content: ArticleContent) -> list[str]:
    """Copy `content` onto `article`; return the names of the fields that changed."""
    changed = []
    for name in _SCALAR_FIELDS:
        value = getattr(content, name)
        if isinstance(value, str):
            value = value.strip()
        if getattr(article, name) != value:
            setattr(article, name, value)
            changed.append(name)
    return changed


def _validate(article: Article) -> None:
    from django.core.exceptions import ValidationError

    try:
        article.full_clean()
    except ValidationError as error:
        raise ArticleError(
            "The article could not be saved.", field_errors=error.message_dict
        ) from None


def _save(
    article: Article,
    content: ArticleContent,
    *,
    actor: User | None,
    now: datetime,
    change_note: str,
    action: str,
) -> Article:
    if article.status == ArticleStatus.PUBLISHED and article.published_at is None:
        article.published_at = now
    article.body_html = text.render_markdown(article.body)
    article.version += 1
    article.save()
    article.categories.set(content.categories)
    article.related_services.set(content.related_services)
    revision = ArticleRevision(
        article=article,
        version=article.version,
        saved_at=now,
        saved_by=actor,
        change_note=change_note.strip()[:300],
        title=article.title,
        summary=article.summary,
        body=article.body,
        keywords=article.keywords,
        audience=article.audience,
        status=article.status,
    )
    revision.full_clean()
    revision.save()
    article_reindex(article=article)
    audit_log_record(
        actor=actor,
        action=action,
        now=now,
        target=article,
        summary=article.title,
        data={"version": article.version, "status": article.status, "slug": article.slug},
    )
    return article


@transaction.atomic
def article_create(
    *, content: ArticleContent, actor: User | None, now: datetime, change_note: str = ""
) -> Article:
    """A new article, at version 1."""
    article = Article(created_at=now)
    _apply(article, content)
    _validate(article)
    return _save(
        article,
        content,
        actor=actor,
        now=now,
        change_note=change_note or "Created",
        action="article.created",
    )


@transaction.atomic
def article_update(
    *,
    article: Article,
    content: ArticleContent,
    actor: User | None,
    now: datetime,
    change_note: str = "",
) -> Article:
    """Save an edit as a new version; an edit that changes nothing writes nothing."""
    changed = _apply(article, content)
    same_categories = set(article.categories.values_list("pk", flat=True)) == {
        category.pk for category in content.categories
    }
    same_services = set(article.related_services.values_list("pk", flat=True)) == {
        service.pk for service in content.related_services
    }
    if not changed and same_categories and same_services:
        return article
    _validate(article)
    return _save(
        article, content, actor=actor, now=now, change_note=change_note, action="article.updated"
    )


def article_content_of(article: Article, **changes: Any) -> ArticleContent:
    """The article's current content with `changes` applied, ready for `article_update`."""
    values: dict[str, Any] = {name: getattr(article, name) for name in _SCALAR_FIELDS}
    values["categories"] = tuple(article.categories.all())
    values["related_services"] = tuple(article.related_services.all())
    values.update(changes)
    known = {item.name for item in fields(ArticleContent)}
    unknown = set(values) - known
    if unknown:
        raise TypeError(f"Unknown article fields: {', '.join(sorted(unknown))}")
    return ArticleContent(**values)


# --- The search index ---------------------------------------------------------------------------


def _index_fields(article: Article) -> dict[str, list[str]]:
    language = article.language
    categories = [category.name_in(language) for category in article.categories.all()]
    services = [service.name for service in article.related_services.all()]
    return {
        "title": text.analyse(article.title, language),
        "keyword": text.analyse(article.keywords.replace(",", " "), language),
        "summary": text.analyse(article.summary, language),
        # Topic and service names count like words of the body: broad, not a strong signal.
        "body": text.analyse_all(
            [text.html_to_text(article.body_html), *categories, *services], language
        ),
    }


def _index_changed() -> None:
    """Tell every process that the index changed: drop the cached index summaries, now (for
    this transaction's own reads) and again after commit (for everyone else's)."""
    from civicdesk.knowledge.selectors import index_generation_key

    cache = caches[settings.CIVICDESK.get("RATE_LIMIT_CACHE", "default")]
    keys = [index_generation_key(code) for code, _name in settings.LANGUAGES]

    def forget() -> None:
        cache.delete_many(keys)

    forget()
    transaction.on_commit(forget)


def article_reindex(*, article: Article) -> int:
    """Rebuild the article's postings in the search index; returns how many terms it has."""
    analysed = _index_fields(article)
    counts = {name: Counter(terms) for name, terms in analysed.items()}
    vocabulary = set().union(*counts.values())
    length = sum(len(terms) for terms in analysed.values())
    cap = 32767
    ArticleSearchTerm.objects.filter(article=article).delete()
    ArticleSearchTerm.objects.bulk_create(
        ArticleSearchTerm(
            article=article,
            term=term,
            title_frequency=min(counts["title"][term], cap),
            keyword_frequency=min(counts["keyword"][term], cap),
            summary_frequency=min(counts["summary"][term], cap),
            body_frequency=min(counts["body"][term], cap),
            language=article.language,
            audience=article.audience,
            is_published=article.status == ArticleStatus.PUBLISHED,
            document_length=length,
        )
        for term in sorted(vocabulary)
    )
    Article.objects.filter(pk=article.pk).update(search_length=length)
    article.search_length = length
    _index_changed()
    return len(vocabulary)


def article_reindex_all(*, articles: Iterable[Article] | None = None) -> int:
    """Rebuild the index of every article (after the analyser changed); returns the count."""
    count = 0
    queryset = articles if articles is not None else Article.objects.all()
    for article in queryset:
        with transaction.atomic():
            article_reindex(article=article)
        count += 1
    return count


# --- Readers' signals ---------------------------------------------------------------------------


def article_record_view(*, article: Article) -> None:
    """Count one reading of the article (feeds the popularity boost of search)."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def article_feedback_record(
    *, article: Article, is_helpful: bool, comment: str = "", now: datetime
) -> ArticleFeedback:
    """Store a "was this helpful?" answer and update the article's counters."""
    feedback = ArticleFeedback(
        article=article,
        is_helpful=is_helpful,
        comment=comment.strip()[:MAX_COMMENT_LENGTH],
        submitted_at=now,
    )
    feedback.full_clean()
    feedback.save()
    counter = "helpful_count" if is_helpful else "not_helpful_count"
    Article.objects.filter(pk=article.pk).update(**{counter: F(counter) + 1})
    return feedback


def search_query_record(
    *,
    query: str,
    language: str,
    result_count: int,
    top_article: Article | None,
    source: SearchSource,
    now: datetime,
) -> SearchQuery | None:
    """Log one search; an empty query is not a search and is not logged."""
    cleaned = " ".join(query.split())[:MAX_QUERY_LENGTH]
    if not cleaned:
        return None
    entry = SearchQuery(
        query=cleaned,
        normalized_query=" ".join(text.words(cleaned))[:MAX_QUERY_LENGTH],
        language=language,
        source=source,
        result_count=result_count,
        top_article=top_article,
        searched_at=now,
    )
    entry.full_clean()
    entry.save()
    return entry
