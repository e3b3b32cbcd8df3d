"""Rebuilding the search index from scratch finds the same articles."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from civicdesk.knowledge.models import ArticleSearchTerm
from civicdesk.knowledge.selectors import article_search
from tests.factories.knowledge import ArticleFactory

pytestmark = pytest.mark.django_db


def test_knowledge_reindex__rebuilds_a_lost_index() -> None:
    article = ArticleFactory(title="Leaf vacuum schedule", body="Rake leaves to the curb.")
    ArticleSearchTerm.objects.all().delete()
    assert article_search(query="leaf vacuum", language="en", user=None).articles == []

    output = StringIO()
    call_command("knowledge_reindex", stdout=output)

    assert "Search index rebuilt for 1 articles." in output.getvalue()
    assert article_search(query="leaf vacuum", language="en", user=None).articles == [article]
