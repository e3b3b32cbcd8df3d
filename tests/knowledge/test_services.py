"""Writing articles: every save renders safe HTML, keeps a version and is audited."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import AuditLogEntry
from civicdesk.knowledge.enums import ArticleStatus, SearchSource
from civicdesk.knowledge.models import Article, ArticleRevision, ArticleSearchTerm, SearchQuery
from civicdesk.knowledge.services import (
    ArticleContent,
    ArticleError,
    article_content_of,
    article_create,
    article_feedback_record,
    article_update,
    search_query_record,
)
from tests.factories import staff_user
from tests.factories.knowledge import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("America/Chicago"))


def test_create__renders_markdown_without_scripts_or_dangerous_links() -> None:
    article = ArticleFactory(
        body=(
            "## Setting out\n\nCarts at the **curb**.<script>alert('x')</script>\n\n"
            "[Click](javascript:alert(1)) <img src=x onerror=alert(1)> [Pay](https://alderport.example)"
        )
    )

    assert "<h2>Setting out</h2>" in article.body_html
    assert "<strong>curb</strong>" in article.body_html
    assert "<script" not in article.body_html
    assert "javascript:" not in article.body_html
    assert "onerror" not in article.body_html
    assert 'href="https://alderport.example"' in article.body_html


def test_create__is_version_1_with_a_revision_and_an_audit_entry() -> None:
    editor = staff_user(Role.ADMINISTRATOR)

    article = ArticleFactory(title="Bulk pickup", actor=editor, now=NOW)

    assert article.version == 1
    revision = ArticleRevision.objects.get(article=article)
    assert (revision.version, revision.title, revision.saved_by) == (1, "Bulk pickup", editor)
    entry = AuditLogEntry.objects.get(action="article.created")
    assert (entry.actor, entry.object_id, entry.summary) == (editor, str(article.pk), "Bulk pickup")


def test_create__publishing_sets_the_first_publication_time() -> None:
    draft = ArticleFactory(status=ArticleStatus.DRAFT, now=NOW)
    assert draft.published_at is None

    later = NOW + timedelta(days=2)
    published = article_update(
        article=draft,
        content=article_content_of(draft, status=ArticleStatus.PUBLISHED),
        actor=None,
        now=later,
    )

    assert published.published_at == later


def test_update__keeps_every_version_and_the_old_text() -> None:
    editor = staff_user(Role.ADMINISTRATOR)
    article = ArticleFactory(title="Leaf pickup", body="Leaves go in paper bags.")

    article_update(
        article=article,
        content=article_content_of(article, body="Leaves go in paper bags or the green cart."),
        actor=editor,
        now=NOW,
        change_note="Green carts",
    )

    revisions = list(ArticleRevision.objects.filter(article=article).order_by("version"))
    assert [revision.version for revision in revisions] == [1, 2]
    assert revisions[0].body == "Leaves go in paper bags."
    assert revisions[1].change_note == "Green carts"
    assert revisions[1].saved_by == editor
    assert AuditLogEntry.objects.filter(action="article.updated", actor=editor).count() == 1


def test_update__that_changes_nothing_writes_nothing() -> None:
    category = CategoryFactory()
    article = ArticleFactory(categories=[category])

    article_update(article=article, content=article_content_of(article), actor=None, now=NOW)

    article.refresh_from_db()
    assert article.version == 1
    assert ArticleRevision.objects.filter(article=article).count() == 1
    assert AuditLogEntry.objects.filter(action="article.updated").count() == 0


def test_update__changing_categories_alone_is_a_new_version() -> None:
    article = ArticleFactory()

    article_update(
        article=article,
        content=article_content_of(article, categories=[CategoryFactory()]),
        actor=None,
        now=NOW,
    )

    assert article.version == 2
    assert article.categories.count() == 1


def test_update__rebuilds_the_search_terms() -> None:
    article = ArticleFactory(title="Snow plowing", body="Plows clear main streets first.")

    article_update(
        article=article,
        content=article_content_of(article, title="Leaf vacuum", body="Rake leaves to the curb."),
        actor=None,
        now=NOW,
    )

    terms = set(ArticleSearchTerm.objects.filter(article=article).values_list("term", flat=True))
    assert "leaf" in terms
    assert "plow" not in terms


def test_translation__of_a_translation_is_refused() -> None:
    original = ArticleFactory(slug="trash-day")
    spanish = ArticleFactory(slug="dia-de-basura", language="es", translation_of=original)

    with pytest.raises(ArticleError) as error:
        ArticleFactory(slug="jour-des-ordures", language="es", translation_of=spanish)

    assert "translation_of" in error.value.field_errors
    assert not Article.objects.filter(slug="jour-des-ordures").exists()


def test_translation__in_the_language_of_the_original_is_refused() -> None:
    original = ArticleFactory(slug="trash-day")

    with pytest.raises(ArticleError):
        ArticleFactory(slug="trash-day-again", language="en", translation_of=original)


def test_translation__second_one_in_the_same_language_is_refused() -> None:
    original = ArticleFactory(slug="trash-day")
    ArticleFactory(slug="dia-de-basura", language="es", translation_of=original)

    with pytest.raises(ArticleError):
        article_create(
            content=ArticleContent(
                slug="basura-dia",
                title="Basura",
                summary="Resumen.",
                body="Texto.",
                language="es",
                translation_of=original,
            ),
            actor=None,
            now=NOW,
        )


def test_feedback__counts_helpful_and_not_helpful_answers() -> None:
    article = ArticleFactory()

    article_feedback_record(article=article, is_helpful=True, now=NOW)
    article_feedback_record(article=article, is_helpful=True, now=NOW)
    article_feedback_record(article=article, is_helpful=False, comment="  No fees listed ", now=NOW)

    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (2, 1)
    assert article.feedback.filter(is_helpful=False).get().comment == "No fees listed"


def test_search_log__keeps_the_words_without_case_or_accents() -> None:
    entry = search_query_record(
        query="  Recolección   de BASURA ",
        language="es",
        result_count=0,
        top_article=None,
        source=SearchSource.HELP_CENTER,
        now=NOW,
    )

    assert entry is not None
    assert (entry.query, entry.normalized_query) == (
        "Recolección de BASURA",
        "recoleccion de basura",
    )


def test_search_log__an_empty_search_is_not_logged() -> None:
    search_query_record(
        query="   ",
        language="en",
        result_count=0,
        top_article=None,
        source=SearchSource.CONSOLE,
        now=NOW,
    )

    assert not SearchQuery.objects.exists()
