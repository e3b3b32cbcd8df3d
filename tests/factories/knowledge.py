"""Knowledge-base factories. Articles are made through `article_create`, as editors make them,
so they have a rendered body, a first revision and search terms."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import factory

from civicdesk.knowledge.enums import ArticleStatus, Audience
from civicdesk.knowledge.models import Article, Category
from civicdesk.knowledge.services import ArticleContent, article_create

CREATED_AT = datetime(2026, 11, 2, 9, tzinfo=ZoneInfo("America/Chicago"))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
    translated_names = factory.LazyAttribute(lambda category: {"es": f"Tema {category.name}"})


class ArticleFactory(factory.Factory):
    """`ArticleFactory(title=…, body=…)`: a published public English article by default."""

    class Meta:
        model = ArticleContent

    slug = factory.Sequence(lambda n: f"article-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    summary = "A short answer to a resident's question."
    body = "The full answer, with **details**."
    language = "en"
    audience = Audience.PUBLIC
    status = ArticleStatus.PUBLISHED
    keywords = ""
    translation_of = None
    owner = None
    review_by_date = None
    categories: Any = ()
    related_services: Any = ()

    @classmethod
    def _create(cls, model_class: type[ArticleContent], *args: Any, **kwargs: Any) -> Article:
        now = kwargs.pop("now", CREATED_AT)
        actor = kwargs.pop("actor", None)
        return article_create(content=model_class(**kwargs), actor=actor, now=now)
