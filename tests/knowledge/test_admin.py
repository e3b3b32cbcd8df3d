"""Editing articles in the admin, and the report of searches that found nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import AuditLogEntry, User
from civicdesk.core import clock
from civicdesk.knowledge.enums import ArticleStatus, SearchSource
from civicdesk.knowledge.models import Article, ArticleRevision, SearchQuery
from civicdesk.knowledge.selectors import article_search
from civicdesk.knowledge.services import search_query_record
from tests.factories import DepartmentFactory, UserFactory, staff_user
from tests.factories.admin_forms import changeform_data
from tests.factories.knowledge import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db
TO_LOGIN = "redirected to sign in"

PEOPLE: dict[str, Callable[[], User | None]] = {
    "anonymous": lambda: None,
    "resident": lambda: UserFactory(is_staff=False),
    "staff_without_role": lambda: UserFactory(is_staff=True),
    "agent": lambda: staff_user(Role.AGENT),
    "supervisor": lambda: staff_user(Role.SUPERVISOR, DepartmentFactory()),
    "administrator": lambda: staff_user(Role.ADMINISTRATOR),
}
EDITOR_PAGES = {"supervisor": 403, "administrator": 200}
REPORT_PAGES = {"supervisor": 200, "administrator": 200}


def client_for(kind: str) -> Client:
    client = Client()
    user = PEOPLE[kind]()
    if user is not None:
        client.force_login(user)
    return client


def assert_outcome(response: object, expected: int | str) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    if expected == TO_LOGIN:
        assert status == 302
        assert response["Location"].startswith(reverse("admin:login"))  # type: ignore[index]
    else:
        assert status == expected


def log_searches() -> None:
    now = clock.now()
    for query, count in [
        ("leaf vacuum dates", 0),
        ("Leaf  vacuum dates", 0),
        ("trash day", 3),
        ("chicken permit", 0),
    ]:
        search_query_record(
            query=query,
            language="en",
            result_count=count,
            top_article=None,
            source=SearchSource.HELP_CENTER,
            now=now,
        )
    search_query_record(
        query="old question",
        language="en",
        result_count=0,
        top_article=None,
        source=SearchSource.HELP_CENTER,
        now=now - timedelta(days=60),
    )


@pytest.mark.parametrize("kind", PEOPLE)
def test_zero_result_report__open_to_administrators_and_supervisors(kind: str) -> None:
    log_searches()

    response = client_for(kind).get(reverse("admin:knowledge_searchquery_zero_results"))

    assert_outcome(response, REPORT_PAGES.get(kind, TO_LOGIN))
    if response.status_code == 200:
        page = response.content.decode()
        assert "leaf vacuum dates" in page
        assert "chicken permit" in page
        assert "trash day" not in page
        assert "old question" not in page
        rows = response.context["rows"]
        assert [(row.normalized_query, row.search_count) for row in rows] == [
            ("leaf vacuum dates", 2),
            ("chicken permit", 1),
        ]


def test_zero_result_report__longer_period_shows_older_searches() -> None:
    log_searches()
    client = client_for("administrator")

    response = client.get(reverse("admin:knowledge_searchquery_zero_results"), {"days": "90"})

    assert "old question" in response.content.decode()


@pytest.mark.parametrize("kind", PEOPLE)
def test_article_admin__only_administrators_edit_articles(kind: str) -> None:
    article = ArticleFactory(title="Pool hours")
    client = client_for(kind)

    listing = client.get(reverse("admin:knowledge_article_changelist"))
    add = client.get(reverse("admin:knowledge_article_add"))
    change = client.post(
        reverse("admin:knowledge_article_change", args=[article.pk]),
        {"title": "Hacked", "slug": article.slug},
    )

    expected = EDITOR_PAGES.get(kind, TO_LOGIN)
    assert_outcome(listing, expected)
    assert_outcome(add, expected)
    if kind != "administrator":
        assert_outcome(change, expected)
        article.refresh_from_db()
        assert (article.title, article.version) == ("Pool hours", 1)


@pytest.mark.parametrize("kind", PEOPLE)
def test_search_log__read_only_for_report_readers(kind: str) -> None:
    log_searches()
    client = client_for(kind)

    listing = client.get(reverse("admin:knowledge_searchquery_changelist"))
    delete = client.post(
        reverse("admin:knowledge_searchquery_delete", args=[SearchQuery.objects.first().pk]),  # type: ignore[union-attr]
        {"post": "yes"},
    )

    assert_outcome(listing, REPORT_PAGES.get(kind, TO_LOGIN))
    assert delete.status_code in {302, 403}
    assert SearchQuery.objects.count() == 5


def test_article_admin__adding_an_article_saves_a_version_indexes_it_and_audits_it() -> None:
    administrator = staff_user(Role.ADMINISTRATOR)
    category = CategoryFactory(name="Parks")
    client = Client()
    client.force_login(administrator)
    data = changeform_data(
        client.get(reverse("admin:knowledge_article_add")),
        title="Ice rink hours",
        slug="ice-rink",
        summary="Rinks open when the ice is thick enough.",
        body="## Hours\n\nSkate from noon to 9 p.m.",
        categories=[str(category.pk)],
        status=ArticleStatus.PUBLISHED.value,
        change_note="New for winter",
    )

    response = client.post(reverse("admin:knowledge_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get(slug="ice-rink")
    assert "<h2>Hours</h2>" in article.body_html
    assert list(article.categories.all()) == [category]
    revision = ArticleRevision.objects.get(article=article)
    assert (revision.version, revision.change_note, revision.saved_by) == (
        1,
        "New for winter",
        administrator,
    )
    assert AuditLogEntry.objects.get(action="article.created").actor == administrator
    found = article_search(query="skating", language="en", user=None).articles
    assert found == [article]


def test_article_admin__editing_adds_a_version_and_keeps_the_old_one() -> None:
    administrator = staff_user(Role.ADMINISTRATOR)
    article = ArticleFactory(title="Pool hours", body="Open from noon.")
    client = Client()
    client.force_login(administrator)
    url = reverse("admin:knowledge_article_change", args=[article.pk])

    response = client.post(
        url, changeform_data(client.get(url), body="Open from 10 a.m.", change_note="Summer")
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.version == 2
    assert "10 a.m." in article.body_html
    assert list(
        ArticleRevision.objects.filter(article=article).order_by("version").values_list("body")
    ) == [("Open from noon.",), ("Open from 10 a.m.",)]
    assert AuditLogEntry.objects.filter(action="article.updated", actor=administrator).exists()


def test_article_admin__a_translation_of_a_translation_is_refused_on_the_form() -> None:
    administrator = staff_user(Role.ADMINISTRATOR)
    original = ArticleFactory(slug="noise")
    spanish = ArticleFactory(slug="ruido", language="es", translation_of=original)
    client = Client()
    client.force_login(administrator)
    data = changeform_data(
        client.get(reverse("admin:knowledge_article_add")),
        title="Bruit",
        slug="bruit",
        summary="Résumé.",
        body="Texte.",
        language="en",
        translation_of=str(spanish.pk),
    )

    response = client.post(reverse("admin:knowledge_article_add"), data)

    assert response.status_code == 200
    assert "Link a translation to the original article" in response.content.decode()
    assert not Article.objects.filter(slug="bruit").exists()


def test_article_admin__review_filter_lists_articles_due_for_review() -> None:
    administrator = staff_user(Role.ADMINISTRATOR)
    today = clock.now().date()
    ArticleFactory(title="Checked long ago", review_by_date=today - timedelta(days=1))
    ArticleFactory(title="Checked last week", review_by_date=today + timedelta(days=300))
    client = Client()
    client.force_login(administrator)

    page = client.get(reverse("admin:knowledge_article_changelist"), {"review": "due"})

    assert "Checked long ago" in page.content.decode()
    assert "Checked last week" not in page.content.decode()
