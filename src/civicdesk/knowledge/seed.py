"""Loading the demo knowledge base. Idempotent: categories match by slug, articles by slug, and
an article whose content has not changed is left alone (no new revision)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from civicdesk.catalog.models import Service
from civicdesk.knowledge import services
from civicdesk.knowledge.demo_articles import ARTICLES, CATEGORIES, SPANISH_ARTICLES, DemoArticle
from civicdesk.knowledge.enums import ArticleStatus
from civicdesk.knowledge.models import Article, Category

REVIEW_AFTER = timedelta(days=365)


def _seed_categories() -> dict[str, Category]:
    categories = {}
    for demo in CATEGORIES:
        category = Category.objects.filter(slug=demo.slug).first() or Category(slug=demo.slug)
        category.name = demo.name
        category.translated_names = {"es": demo.name_es}
        category.description = demo.description
        category.order = demo.order
        category.full_clean()
        category.save()
        categories[demo.slug] = category
    return categories


def _seed_article(
    demo: DemoArticle,
    *,
    categories: dict[str, Category],
    services_by_code: dict[str, Service],
    now: datetime,
) -> bool:
    """Create or update one article; True when something was written."""
    existing = Article.objects.filter(slug=demo.slug).first()
    content = services.ArticleContent(
        slug=demo.slug,
        title=demo.title,
        summary=demo.summary,
        body=demo.body,
        language=demo.language,
        audience=demo.audience,
        status=ArticleStatus.PUBLISHED,
        keywords=demo.keywords,
        translation_of=(
            Article.objects.get(slug=demo.translation_of) if demo.translation_of else None
        ),
        review_by_date=(
            existing.review_by_date if existing is not None else (now + REVIEW_AFTER).date()
        ),
        owner=existing.owner if existing is not None else None,
        categories=[categories[slug] for slug in demo.categories],
        related_services=[
            services_by_code[code] for code in demo.services if code in services_by_code
        ],
    )
    if existing is None:
        services.article_create(content=content, actor=None, now=now, change_note="Demo content")
        return True
    version = existing.version
    services.article_update(
        article=existing, content=content, actor=None, now=now, change_note="Demo content"
    )
    return existing.version != version


@transaction.atomic
def seed_knowledge(*, now: datetime) -> dict[str, int]:
    """Load Alderport's categories and articles; returns counts for the command's output."""
    categories = _seed_categories()
    codes = {code for demo in [*ARTICLES, *SPANISH_ARTICLES] for code in demo.services}
    services_by_code = {service.code: service for service in Service.objects.filter(code__in=codes)}
    written = 0
    for demo in [*ARTICLES, *SPANISH_ARTICLES]:
        written += _seed_article(
            demo, categories=categories, services_by_code=services_by_code, now=now
        )
    return {
        "categories": len(categories),
        "articles": len(ARTICLES),
        "translations": len(SPANISH_ARTICLES),
        "written": written,
    }
