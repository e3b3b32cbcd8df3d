"""Knowledge-base search: stemming, synonyms, typos, boosts, and who sees what."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from civicdesk.accounts.enums import Role
from civicdesk.knowledge.enums import ArticleStatus, Audience
from civicdesk.knowledge.selectors import article_search
from civicdesk.knowledge.services import (
    article_content_of,
    article_feedback_record,
    article_update,
)
from tests.factories import DepartmentFactory, UserFactory, staff_user
from tests.factories.knowledge import ArticleFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("America/Chicago"))
PUBLIC = AnonymousUser()


def slugs(query: str, *, language: str = "en", user: object = PUBLIC) -> list[str]:
    return [
        article.slug
        for article in article_search(query=query, language=language, user=user).articles
    ]


@pytest.fixture
def city_articles() -> None:
    ArticleFactory(
        slug="trash-day",
        title="When is trash collected?",
        summary="Garbage carts are emptied once a week.",
        body="Put your cart at the curb by 6 a.m. on your collection day.",
    )
    ArticleFactory(
        slug="recycling",
        title="Recycling guide",
        summary="What goes in the blue cart.",
        body="Cardboard boxes, paper, cans and plastic bottles are recyclable.",
    )
    ArticleFactory(
        slug="building-permits",
        title="Building permits",
        summary="Most construction needs a permit.",
        body="Apply for a permit before you build an addition or a garage.",
    )
    ArticleFactory(
        slug="water-bill",
        title="Pay your water bill",
        summary="Bills are due in 21 days.",
        body="Pay online, by phone or in person. Leaks make bills higher.",
    )


def test_search__finds_words_in_other_forms(city_articles: None) -> None:
    assert slugs("permit needed to build")[0] == "building-permits"
    assert slugs("collecting")[0] == "trash-day"


def test_search__understands_synonyms(city_articles: None) -> None:
    assert slugs("refuse")[0] == "trash-day"
    assert slugs("rubbish bin")[0] == "trash-day"


def test_search__tolerates_typos(city_articles: None) -> None:
    assert slugs("recyling")[0] == "recycling"
    assert slugs("watter bil")[0] == "water-bill"


def test_search__of_only_common_words_finds_nothing(city_articles: None) -> None:
    assert slugs("how do I") == []
    assert slugs("zzzz qqqq") == []


def test_search__ranks_a_title_match_above_a_body_match() -> None:
    ArticleFactory(slug="body-mention", title="Cart sizes", body="Leaf bags go next to the cart.")
    ArticleFactory(slug="title-match", title="Leaf bags", body="Use paper bags for yard waste.")

    assert slugs("leaf bags") == ["title-match", "body-mention"]


def test_search__ranks_helpful_articles_above_equal_ones() -> None:
    first = ArticleFactory(slug="snow-a", title="Snow routes", body="Park off snow routes.")
    second = ArticleFactory(slug="snow-b", title="Snow routes", body="Park off snow routes.")
    assert slugs("snow routes") == [first.slug, second.slug]

    for _ in range(5):
        article_feedback_record(article=second, is_helpful=True, now=NOW)

    assert slugs("snow routes") == [second.slug, first.slug]


def test_search__in_spanish_ignores_accents_and_uses_spanish_stems() -> None:
    ArticleFactory(
        slug="recoleccion",
        language="es",
        title="Recolección de basura",
        summary="Los contenedores se vacían cada semana.",
        body="Saque el contenedor antes de las 6.",
    )
    ArticleFactory(slug="trash", title="Trash collection", body="Carts are emptied weekly.")

    assert slugs("recoleccion de los contenedores", language="es") == ["recoleccion"]
    assert slugs("desechos", language="es") == ["recoleccion"]
    assert slugs("Recolección") == []  # an English search does not return Spanish articles


def test_search__staff_only_articles_are_found_by_staff_and_never_by_the_public() -> None:
    ArticleFactory(slug="public-snow", title="Snow emergency parking", body="Park off routes.")
    ArticleFactory(
        slug="staff-snow",
        title="Snow emergency call script",
        body="What agents say about parking.",
        audience=Audience.STAFF,
    )
    resident = UserFactory(is_staff=False)
    staff_without_role = UserFactory(is_staff=True)
    agent = staff_user(Role.AGENT)
    crew = staff_user(Role.CREW_MEMBER, DepartmentFactory())

    assert slugs("snow emergency") == ["public-snow"]
    assert slugs("snow emergency", user=resident) == ["public-snow"]
    assert slugs("snow emergency", user=staff_without_role) == ["public-snow"]
    assert set(slugs("snow emergency", user=agent)) == {"public-snow", "staff-snow"}
    assert set(slugs("snow emergency", user=crew)) == {"public-snow", "staff-snow"}
    assert slugs("call script") == []


def test_search__drafts_and_archived_articles_are_not_found() -> None:
    ArticleFactory(slug="draft", title="Fence permits", status=ArticleStatus.DRAFT)
    archived = ArticleFactory(slug="old", title="Fence rules")
    assert slugs("fence") == ["old"]

    article_update(
        article=archived,
        content=article_content_of(archived, status=ArticleStatus.ARCHIVED),
        actor=None,
        now=NOW,
    )

    assert slugs("fence") == []
    assert slugs("fence", user=staff_user(Role.ADMINISTRATOR)) == []


def test_search__sees_an_edit_at_once() -> None:
    article = ArticleFactory(slug="pool", title="Pool hours", body="Open from noon.")
    assert slugs("swimming lessons") == ["pool"]  # synonyms: swim ~ pool

    article_update(
        article=article,
        content=article_content_of(article, title="Ice rink hours", body="Skate from noon."),
        actor=None,
        now=NOW,
    )

    assert slugs("pool") == []
    assert slugs("skating rink") == ["pool"]


def test_search__returns_articles_of_the_language_asked_for() -> None:
    original = ArticleFactory(slug="noise", title="Noise complaints", body="Quiet hours.")
    ArticleFactory(
        slug="ruido",
        language="es",
        title="Quejas por ruido",
        body="Horas de silencio.",
        translation_of=original,
    )

    assert slugs("noise") == ["noise"]
    assert slugs("ruido", language="es") == ["ruido"]
    assert slugs("ruido") == []
