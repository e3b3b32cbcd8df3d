"""Reads of the knowledge base shared by the help pages, the agent console and the admin.

Search runs on any database Django supports, with no search server: the article service keeps an
inverted index (`ArticleSearchTerm`: stemmed term -> article, with per-field frequencies); a query
is analysed the same way, widened with synonyms and with index terms a typo away, and the
postings of those terms — fetched with one indexed query — are scored in Python with BM25 over
weighted fields (title > keywords > summary > body), then nudged by popularity and helpfulness.
"""

from __future__ import annotations

import math
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import Avg, Count, Max, Q, QuerySet
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from civicdesk.knowledge import permissions, text
from civicdesk.knowledge.enums import ArticleStatus
from civicdesk.knowledge.models import Article, ArticleSearchTerm, Category, SearchQuery

# Field weights, BM25 parameters and the weights of expanded terms. Tuned on the question set in
# tests/knowledge/search_questions.py; docs/knowledge.md explains each.
FIELD_WEIGHTS = {"title": 3.0, "keyword": 2.0, "summary": 1.5, "body": 1.0}
BM25_K1 = 1.2
BM25_B = 0.75
SYNONYM_WEIGHT = 0.7
FUZZY_WEIGHT = 0.6
FUZZY_SYNONYM_WEIGHT = 0.45
FUZZY_CANDIDATES = 5
FUZZY_TIE_MARGIN = 0.05
COMMON_EXPANSION_SHARE = 0.3
COMMON_EXPANSION_MIN = 100
INDEX_STATS_SECONDS = 300
RERANK_DEPTH = 100
MAX_QUERY_TERMS = 12
MIN_FUZZY_LENGTH = 4
COVERAGE_FLOOR = 0.5
POPULARITY_WEIGHT = 0.04
POPULARITY_CAP = 0.25
HELPFULNESS_WEIGHT = 0.3


def published_articles(user: Any, *, language: str | None = None) -> QuerySet[Article]:
    """Published articles `user` may read (staff-only ones for staff), optionally in a language."""
    articles = Article.objects.filter(
        status=ArticleStatus.PUBLISHED, audience__in=permissions.readable_audiences(user)
    )
    if language is not None:
        articles = articles.filter(language=language)
    return articles


def article_list_published(
    user: Any, *, language: str, category: Category | None = None
) -> list[Article]:
    """One article per topic in `language`, or the original where no translation exists yet.

    Sorted by title; used for the help index and category pages.
    """
    readable = published_articles(user)
    originals = readable.filter(translation_of__isnull=True)
    if category is not None:
        originals = originals.filter(categories=category).distinct()
    translations = {
        article.translation_of_id: article
        for article in readable.filter(language=language, translation_of__in=originals)
    }
    chosen = []
    for original in originals.prefetch_related("categories"):
        if original.language == language:
            chosen.append(original)
        else:
            chosen.append(translations.get(original.pk, original))
    return sorted(chosen, key=lambda article: text.fold(article.title))


def access_article(user: Any, *, slug: str) -> Article | None:
    """The article at `slug` if `user` may read it, with its categories and services fetched."""
    article = (
        Article.objects.select_related("translation_of", "owner")
        .prefetch_related("categories", "related_services")
        .filter(slug=slug)
        .first()
    )
    if article is None or not permissions.can_view_article(user, article):
        return None
    return article


def article_translations(user: Any, article: Article) -> list[Article]:
    """The other language versions of `article` that `user` may read."""
    original = article.original
    family = published_articles(user).filter(Q(pk=original.pk) | Q(translation_of=original))
    return [other for other in family.order_by("language") if other.pk != article.pk]


def category_list(user: Any) -> list[tuple[Category, int]]:
    """Categories with the number of readable original articles in each; empty ones left out."""
    readable = published_articles(user).filter(translation_of__isnull=True)
    counted = Category.objects.annotate(
        article_count=Count("articles", filter=Q(articles__in=readable), distinct=True)
    ).filter(article_count__gt=0)
    return [(category, category.article_count) for category in counted]


def article_list_popular(user: Any, *, language: str, limit: int = 6) -> list[Article]:
    return list(
        published_articles(user, language=language).order_by("-view_count", "-helpful_count")[
            :limit
        ]
    )


# --- Search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    article: Article
    score: float
    matched_terms: tuple[str, ...]


@dataclass(frozen=True)
class SearchResults:
    query: str
    language: str
    terms: tuple[str, ...]
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [hit.article for hit in self.hits]

    def __len__(self) -> int:
        return len(self.hits)


@dataclass(frozen=True)
class _IndexStats:
    generation: tuple[Any, ...]
    document_count: int
    average_length: float
    document_frequency: dict[str, int]
    vocabulary: tuple[str, ...]
    vocabulary_set: frozenset[str]


_stats_lock = threading.Lock()
_stats_cache: dict[tuple[str, tuple[str, ...]], _IndexStats] = {}


def index_generation_key(language: str) -> str:
    """The cache key of a language's index generation; the article service deletes it on saves."""
    return f"knowledge:index-generation:{language}"


def _index_generation(language: str) -> str:
    """A token that changes whenever the index of `language` changes, kept in the shared cache.

    The article service deletes it on every save and re-index; the next search, in whichever
    process, sets a new one, and every process then rebuilds its statistics once.
    """
    cache = caches[settings.CIVICDESK.get("RATE_LIMIT_CACHE", "default")]
    key = index_generation_key(language)
    token: str | None = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        token = cache.get(key) or ""
    return token


def _index_stats(language: str, audiences: tuple[str, ...]) -> _IndexStats:
    """Document count, mean length, document frequencies and vocabulary of the searchable
    articles in `language` for readers of `audiences`.

    Kept per process; rebuilt when the language's generation token changed, and at the latest
    after `INDEX_STATS_SECONDS` (in case a per-process cache hides another process's edits).
    """
    generation = (_index_generation(language), int(time.monotonic() // INDEX_STATS_SECONDS))
    key = (language, audiences)
    cached = _stats_cache.get(key)
    if cached is not None and cached.generation == generation:
        return cached
    postings = ArticleSearchTerm.objects.filter(
        language=language, is_published=True, audience__in=audiences
    )
    frequencies = dict(
        postings.values_list("term")
        .annotate(document_count=Count("id"))
        .values_list("term", "document_count")
    )
    summary = Article.objects.filter(
        language=language, status=ArticleStatus.PUBLISHED, audience__in=audiences
    ).aggregate(count=Count("id"), average_length=Avg("search_length"))
    vocabulary = tuple(sorted(frequencies))
    stats = _IndexStats(
        generation=generation,
        document_count=summary["count"] or 0,
        average_length=float(summary["average_length"] or 1.0),
        document_frequency=frequencies,
        vocabulary=vocabulary,
        vocabulary_set=frozenset(vocabulary),
    )
    with _stats_lock:
        _stats_cache[key] = stats
    return stats


def _expand(term: str, word: str, language: str, stats: _IndexStats) -> dict[str, float]:
    """The index terms that stand for query term `term` (typed as `word`), each with a weight.

    The term itself counts fully, its synonyms less. A term the index does not know is taken
    for a typo: index terms within one or two edits of it are candidates, and those most like
    the word as typed win (so "garbge" means "garbage", not "garage").
    """
    expansions: dict[str, float] = {}
    synonyms = text.synonym_map(language)

    common = max(COMMON_EXPANSION_MIN, COMMON_EXPANSION_SHARE * stats.document_count)

    def add(candidate: str, weight: float) -> None:
        frequency = stats.document_frequency.get(candidate)
        if frequency is None or weight <= expansions.get(candidate, 0.0):
            return
        if candidate != term and frequency > common:
            return  # a word in most articles tells nothing; fetching it would only cost time
        expansions[candidate] = weight

    add(term, 1.0)
    for synonym in synonyms.get(term, ()):
        add(synonym, SYNONYM_WEIGHT)
    if term in stats.vocabulary_set or len(term) < MIN_FUZZY_LENGTH:
        return expansions
    max_distance = 1 if len(term) <= 5 else 2
    candidates = process.extract(
        term,
        stats.vocabulary,
        scorer=Levenshtein.distance,
        score_cutoff=max_distance,
        limit=FUZZY_CANDIDATES,
    )
    likeness = {
        candidate: fuzz.ratio(word, candidate) / 100 for candidate, _distance, _index in candidates
    }
    best = max(likeness.values(), default=0.0)
    for candidate, similarity in likeness.items():
        if similarity >= best - FUZZY_TIE_MARGIN:
            add(candidate, FUZZY_WEIGHT * similarity)
            for synonym in synonyms.get(candidate, ()):
                add(synonym, FUZZY_SYNONYM_WEIGHT * similarity)
    return expansions


_Scored = tuple[float, int, tuple[str, ...]]  # score, article id, query terms matched


def _relevance(
    rows: Iterable[tuple[int, str, int, int, int, int, int]],
    groups: dict[str, dict[str, float]],
    stats: _IndexStats,
) -> list[_Scored]:
    """BM25 over weighted fields; per query term, the best of its expansions counts."""
    count = stats.document_count
    wanted = {candidate for expansions in groups.values() for candidate in expansions}
    idf = {
        term: math.log(1 + (count - documents + 0.5) / (documents + 0.5))
        for term in wanted
        if (documents := stats.document_frequency.get(term, 0))
    }
    # Which query terms (by position) each index term stands for, and with what weight.
    stands_for: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for position, expansions in enumerate(groups.values()):
        for candidate, weight in expansions.items():
            stands_for[candidate].append((position, weight))

    best: dict[int, list[float]] = {}  # article -> best contribution to each query term
    average_length = stats.average_length or 1.0
    title_weight, keyword_weight = FIELD_WEIGHTS["title"], FIELD_WEIGHTS["keyword"]
    summary_weight, body_weight = FIELD_WEIGHTS["summary"], FIELD_WEIGHTS["body"]
    for article_id, term, title_tf, keyword_tf, summary_tf, body_tf, length in rows:
        frequency = (
            title_weight * title_tf
            + keyword_weight * keyword_tf
            + summary_weight * summary_tf
            + body_weight * body_tf
        )
        norm = BM25_K1 * (1 - BM25_B + BM25_B * (length or 1) / average_length)
        value = idf.get(term, 0.0) * frequency * (BM25_K1 + 1) / (frequency + norm)
        slots = best.get(article_id)
        if slots is None:
            slots = best[article_id] = [0.0] * len(groups)
        for position, weight in stands_for[term]:
            slots[position] = max(slots[position], weight * value)

    terms = tuple(groups)
    scored: list[_Scored] = []
    for article_id, slots in best.items():
        matched = tuple(term for term, slot in zip(terms, slots, strict=True) if slot > 0)
        if matched:
            coverage = len(matched) / len(groups)
            score = sum(slots) * (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * coverage)
            scored.append((score, article_id, matched))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def _rerank(relevance: list[_Scored], limit: int) -> list[_Scored]:
    """Readers' signals re-rank the most relevant articles; they cannot lift an irrelevant one."""
    shortlist = relevance[: max(RERANK_DEPTH, limit)]
    signals = {
        article_id: (views, helpful, not_helpful)
        for article_id, views, helpful, not_helpful in Article.objects.filter(
            pk__in=[article_id for _score, article_id, _matched in shortlist]
        ).values_list("pk", "view_count", "helpful_count", "not_helpful_count")
    }
    scored: list[_Scored] = []
    for score, article_id, matched in shortlist:
        views, helpful, not_helpful = signals.get(article_id, (0, 0, 0))
        boosted = score * (1 + min(POPULARITY_CAP, POPULARITY_WEIGHT * math.log1p(views)))
        helpfulness = (helpful + 2) / (helpful + not_helpful + 4)
        boosted *= 1 + HELPFULNESS_WEIGHT * (helpfulness - 0.5)
        scored.append((boosted, article_id, matched))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored[:limit]


def article_search(
    *,
    query: str,
    language: str,
    user: Any,
    limit: int = 10,
    exclude_ids: Sequence[int] = (),
) -> SearchResults:
    """The published articles in `language` that `user` may read, best answer to `query` first.

    Staff (any role) also get staff-only articles; the public never does. The agent console
    calls this with the agent as `user` and the caller's language.
    """
    audiences = permissions.readable_audiences(user)
    typed: dict[str, str] = {}
    for word, term in text.analyse_words(query, language):
        typed.setdefault(term, word)
    terms = tuple(typed)[:MAX_QUERY_TERMS]
    empty = SearchResults(query=query, language=language, terms=terms)
    if not terms:
        return empty
    stats = _index_stats(language, audiences)
    groups = {term: _expand(term, typed[term], language, stats) for term in terms}
    wanted = {candidate for expansions in groups.values() for candidate in expansions}
    if stats.document_count == 0 or not wanted:
        return empty

    postings = ArticleSearchTerm.objects.filter(
        term__in=wanted, language=language, is_published=True, audience__in=audiences
    )
    if exclude_ids:
        postings = postings.exclude(article_id__in=exclude_ids)
    rows = postings.values_list(
        "article_id",
        "term",
        "title_frequency",
        "keyword_frequency",
        "summary_frequency",
        "body_frequency",
        "document_length",
    )
    top = _rerank(_relevance(rows, groups, stats), limit)
    articles = Article.objects.in_bulk([article_id for _score, article_id, _matched in top])
    return SearchResults(
        query=query,
        language=language,
        terms=terms,
        hits=[
            SearchHit(article=articles[article_id], score=score, matched_terms=matched)
            for score, article_id, matched in top
            if article_id in articles
        ],
    )


# --- The search report --------------------------------------------------------------------------


@dataclass(frozen=True)
class ZeroResultQuery:
    normalized_query: str
    language: str
    search_count: int
    last_searched_at: datetime
    example: str


def search_zero_result_report(
    *, since: datetime, language: str | None = None, limit: int = 200
) -> list[ZeroResultQuery]:
    """Searches since `since` that found nothing, most frequent first."""
    searches = SearchQuery.objects.filter(result_count=0, searched_at__gte=since)
    if language:
        searches = searches.filter(language=language)
    grouped = (
        searches.values("normalized_query", "language")
        .annotate(
            search_count=Count("id"), last_searched_at=Max("searched_at"), example=Max("query")
        )
        .order_by("-search_count", "-last_searched_at", "normalized_query")[:limit]
    )
    return [ZeroResultQuery(**row) for row in grouped]


def category_get(slug: str) -> Category | None:
    return Category.objects.filter(slug=slug).first()
