"""`civicdesk knowledge_reindex`: rebuild the search index of every article.

Needed only after the analyser changed (stop words, stemming, what a field contains); the article
services keep the index current on every save, and synonyms apply at search time.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from civicdesk.knowledge.services import article_reindex_all


class Command(BaseCommand):
    help = "Rebuild the knowledge-base search index of every article."

    def handle(self, *args: Any, **options: Any) -> None:
        count = article_reindex_all()
        self.stdout.write(f"Search index rebuilt for {count} articles.")
