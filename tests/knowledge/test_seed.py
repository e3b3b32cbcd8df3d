"""The demo knowledge base loads completely, in two languages, and loading it again is harmless."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from civicdesk.accounts.models import AuditLogEntry
from civicdesk.demo.seed import seed_catalog
from civicdesk.knowledge.enums import ArticleStatus, Audience
from civicdesk.knowledge.models import Article, ArticleRevision
from civicdesk.knowledge.seed import seed_knowledge

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("America/Chicago"))


def test_seed_knowledge__loads_english_articles_with_spanish_translations() -> None:
    seed_catalog()

    counts = seed_knowledge(now=NOW)

    english = Article.objects.filter(language="en", status=ArticleStatus.PUBLISHED)
    spanish = Article.objects.filter(language="es", status=ArticleStatus.PUBLISHED)
    assert english.filter(audience=Audience.PUBLIC).count() >= 40
    assert english.filter(audience=Audience.STAFF).exists()
    assert spanish.count() >= 15
    assert not spanish.filter(translation_of__isnull=True).exists()
    assert counts["written"] == Article.objects.count()
    assert all(article.body_html.strip() for article in Article.objects.all())
    assert all(article.categories.exists() for article in Article.objects.all())
    pothole = Article.objects.get(slug="potholes")
    assert [service.code for service in pothole.related_services.all()] == ["POTHOLE"]


def test_seed_knowledge__run_again_writes_nothing_new() -> None:
    seed_knowledge(now=NOW)
    revisions = ArticleRevision.objects.count()
    audit_entries = AuditLogEntry.objects.count()

    counts = seed_knowledge(now=NOW + timedelta(days=3))

    assert counts["written"] == 0
    assert ArticleRevision.objects.count() == revisions
    assert AuditLogEntry.objects.count() == audit_entries
