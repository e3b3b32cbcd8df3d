"""The public help center: who sees which article, search, feedback, and the page layout."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import User
from civicdesk.knowledge.enums import ArticleStatus, Audience
from civicdesk.knowledge.models import Article, ArticleFeedback, SearchQuery
from tests.factories import DepartmentFactory, UserFactory, staff_user
from tests.factories.knowledge import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

PEOPLE: dict[str, Callable[[], User | None]] = {
    "anonymous": lambda: None,
    # A signed-in person without a staff role (as a resident account of the portal will be).
    "resident": lambda: UserFactory(is_staff=False),
    "staff_without_role": lambda: UserFactory(is_staff=True),
    "agent": lambda: staff_user(Role.AGENT),
    "department_staff": lambda: staff_user(Role.DEPARTMENT_STAFF, DepartmentFactory()),
    "administrator": lambda: staff_user(Role.ADMINISTRATOR),
}
STAFF_READERS = {"agent", "department_staff", "administrator"}


@pytest.fixture(autouse=True)
def _empty_rate_limits() -> None:
    caches["default"].clear()


def client_for(kind: str) -> Client:
    client = Client()
    user = PEOPLE[kind]()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def articles() -> dict[str, Article]:
    trash = CategoryFactory(
        slug="trash", name="Trash and recycling", translated_names={"es": "Basura"}
    )
    public = ArticleFactory(
        slug="trash-day",
        title="When is trash collected?",
        summary="Once a week.",
        body="Carts out by **6 a.m.**",
        categories=[trash],
    )
    return {
        "public": public,
        "spanish": ArticleFactory(
            slug="dia-de-basura",
            language="es",
            translation_of=public,
            title="¿Cuándo recogen la basura?",
            summary="Una vez por semana.",
            body="Contenedores afuera a las 6.",
            categories=[trash],
        ),
        "staff": ArticleFactory(
            slug="repeat-misses",
            title="Agent guide: repeated trash misses",
            summary="Escalate a third miss.",
            body="Flag it for the supervisor.",
            audience=Audience.STAFF,
            categories=[trash],
        ),
        "draft": ArticleFactory(
            slug="new-carts",
            title="New trash carts are coming",
            status=ArticleStatus.DRAFT,
            categories=[trash],
        ),
    }


# --- Access matrix ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", PEOPLE)
def test_article_page__public_article_is_open_to_everyone(
    kind: str, articles: dict[str, Article]
) -> None:
    response = client_for(kind).get(reverse("knowledge:article", args=["trash-day"]))

    assert response.status_code == 200
    assert "When is trash collected?" in response.content.decode()
    assert "<strong>6 a.m.</strong>" in response.content.decode()


@pytest.mark.parametrize("kind", PEOPLE)
def test_article_page__staff_article_is_shown_to_staff_roles_only(
    kind: str, articles: dict[str, Article]
) -> None:
    response = client_for(kind).get(reverse("knowledge:article", args=["repeat-misses"]))

    if kind in STAFF_READERS:
        assert response.status_code == 200
        assert "Staff only" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "repeated trash misses" not in response.content.decode()
        articles["staff"].refresh_from_db()
        assert articles["staff"].view_count == 0


@pytest.mark.parametrize("kind", PEOPLE)
def test_article_page__drafts_are_previewed_by_editors_only(
    kind: str, articles: dict[str, Article]
) -> None:
    response = client_for(kind).get(reverse("knowledge:article", args=["new-carts"]))

    assert response.status_code == (200 if kind == "administrator" else 404)


@pytest.mark.parametrize("kind", PEOPLE)
def test_help_index__search_shows_staff_articles_to_staff_roles_only(
    kind: str, articles: dict[str, Article]
) -> None:
    response = client_for(kind).get(reverse("knowledge:index"), {"q": "trash misses"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "When is trash collected?" in page
    assert ("Agent guide: repeated trash misses" in page) == (kind in STAFF_READERS)
    assert "New trash carts are coming" not in page


@pytest.mark.parametrize("kind", PEOPLE)
def test_category_page__lists_what_the_reader_may_see(
    kind: str, articles: dict[str, Article]
) -> None:
    response = client_for(kind).get(reverse("knowledge:category", args=["trash"]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "When is trash collected?" in page
    assert ("Agent guide" in page) == (kind in STAFF_READERS)
    assert "New trash carts are coming" not in page


@pytest.mark.parametrize("kind", PEOPLE)
def test_feedback__on_a_staff_article_is_refused_to_the_public_and_changes_nothing(
    kind: str, articles: dict[str, Article]
) -> None:
    response = client_for(kind).post(
        reverse("knowledge:feedback", args=["repeat-misses"]), {"helpful": "yes"}
    )

    articles["staff"].refresh_from_db()
    if kind in STAFF_READERS:
        assert response.status_code == 302
        assert articles["staff"].helpful_count == 1
    else:
        assert response.status_code == 404
        assert articles["staff"].helpful_count == 0
        assert not ArticleFeedback.objects.exists()


# --- Search -------------------------------------------------------------------------------------


def test_help_index__logs_each_search_with_its_result_count(articles: dict[str, Article]) -> None:
    client = Client()

    client.get(reverse("knowledge:index"), {"q": "garbage"})
    response = client.get(reverse("knowledge:index"), {"q": "zebra crossing"})

    assert "We could not find an answer" in response.content.decode()
    logged = list(SearchQuery.objects.order_by("pk").values_list("query", "result_count"))
    assert logged == [("garbage", 1), ("zebra crossing", 0)]
    assert SearchQuery.objects.get(query="garbage").top_article == articles["public"]


def test_help_index__without_a_query_shows_topics_and_logs_nothing(
    articles: dict[str, Article],
) -> None:
    response = Client().get(reverse("knowledge:index"))

    assert response.status_code == 200
    assert "Trash and recycling" in response.content.decode()
    assert not SearchQuery.objects.exists()


def test_help_index__in_spanish_searches_spanish_articles_and_names_topics_in_spanish(
    articles: dict[str, Article],
) -> None:
    client = Client(headers={"accept-language": "es"})

    topics = client.get(reverse("knowledge:index")).content.decode()
    results = client.get(reverse("knowledge:index"), {"q": "basura"}).content.decode()

    assert '<html lang="es"' in topics
    assert "Basura" in topics
    assert "¿Cuándo recogen la basura?" in results
    assert SearchQuery.objects.get().language == "es"


# --- Article page -------------------------------------------------------------------------------


def test_article_page__links_its_translations(articles: dict[str, Article]) -> None:
    page = Client().get(reverse("knowledge:article", args=["trash-day"])).content.decode()

    assert 'href="/help/dia-de-basura/"' in page
    assert 'hreflang="es"' in page


def test_article_page__counts_a_view(articles: dict[str, Article]) -> None:
    Client().get(reverse("knowledge:article", args=["trash-day"]))

    articles["public"].refresh_from_db()
    assert articles["public"].view_count == 1


def test_article_page__has_the_site_layout(articles: dict[str, Article]) -> None:
    page = Client().get(reverse("knowledge:article", args=["trash-day"])).content.decode()

    assert '<html lang="en"' in page
    assert 'href="#main"' in page
    assert '<main id="main"' in page
    assert 'name="viewport"' in page
    assert "City of Alderport" in page
    assert 'action="/i18n/setlang/"' in page
    assert '<label for="language-select">' in page


def test_article_page__unknown_slug_is_not_found() -> None:
    assert Client().get(reverse("knowledge:article", args=["no-such-page"])).status_code == 404


def test_language_switcher__sets_the_language_for_the_next_pages(
    articles: dict[str, Article],
) -> None:
    client = Client()

    response = client.post(reverse("set_language"), {"language": "es", "next": "/help/"})
    page = client.get(reverse("knowledge:index")).content.decode()

    assert response.status_code == 302
    assert '<html lang="es"' in page


# --- Feedback -----------------------------------------------------------------------------------


def test_feedback__is_stored_and_thanked(articles: dict[str, Article]) -> None:
    client = Client()
    url = reverse("knowledge:feedback", args=["trash-day"])

    response = client.post(url, {"helpful": "no", "comment": "Which zone am I in?"}, follow=True)

    assert "Thank you for your feedback." in response.content.decode()
    feedback = ArticleFeedback.objects.get()
    assert (feedback.is_helpful, feedback.comment) == (False, "Which zone am I in?")
    articles["public"].refresh_from_db()
    assert articles["public"].not_helpful_count == 1


def test_feedback__needs_a_csrf_token(articles: dict[str, Article]) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("knowledge:feedback", args=["trash-day"]), {"helpful": "yes"})

    assert response.status_code == 403
    assert not ArticleFeedback.objects.exists()


def test_feedback__with_a_token_from_the_page_is_accepted(articles: dict[str, Article]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("knowledge:article", args=["trash-day"]))
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("knowledge:feedback", args=["trash-day"]),
        {"helpful": "yes", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert ArticleFeedback.objects.count() == 1


def test_feedback__without_an_answer_is_refused(articles: dict[str, Article]) -> None:
    response = Client().post(reverse("knowledge:feedback", args=["trash-day"]), {"comment": "hi"})

    assert response.status_code == 400
    assert not ArticleFeedback.objects.exists()


def test_feedback__is_rate_limited_per_client(articles: dict[str, Article]) -> None:
    url = reverse("knowledge:feedback", args=["trash-day"])
    flooder = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(10):
        assert flooder.post(url, {"helpful": "yes"}).status_code == 302

    refused = flooder.post(url, {"helpful": "yes"})
    other_client = Client(REMOTE_ADDR="198.51.100.4").post(url, {"helpful": "no"})

    assert refused.status_code == 429
    assert "Please try again later." in refused.content.decode()
    assert other_client.status_code == 302
    articles["public"].refresh_from_db()
    assert (articles["public"].helpful_count, articles["public"].not_helpful_count) == (10, 1)


def test_feedback__only_by_post(articles: dict[str, Article]) -> None:
    response = Client().get(reverse("knowledge:feedback", args=["trash-day"]))

    assert response.status_code == 405
