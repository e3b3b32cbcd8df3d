"""Kept pages of GET requests.json: a client polling the same page gets it without the server
building it again, and never an answer older than the last committed change to a request."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civicdesk.open311 import pages
from civicdesk.routing.services import sla_escalations_sweep
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services.lifecycle import service_request_change_status
from tests.open311.conftest import BASE, City, Submit, parse

Commit = Callable[..., Any]


@pytest.fixture(autouse=True)
def _pages_kept(settings: Any) -> Iterator[None]:
    settings.CIVICDESK = {**settings.CIVICDESK, "OPEN311_PAGE_CACHE_SECONDS": 30}
    pages.pages_forget()
    yield
    pages.pages_forget()


def _listed(client: Client, **params: Any) -> tuple[Any, int]:
    """The page's body and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 200, response.content
    return parse(response), len(queries)


def _status_of(body: list[dict[str, Any]], public_id: str) -> str:
    return next(item["status"] for item in body if item["service_request_id"] == public_id)


def test_the_same_page_again_is_served_without_a_query(client: Client, submit: Submit) -> None:
    submit(now=timezone.now() - timedelta(hours=1))
    first, first_queries = _listed(client, page_size=10)
    again, again_queries = _listed(client, page_size=10)
    assert first_queries > 0
    assert again_queries == 0
    assert again == first
    # The api_key does not change a GET's answer, so it does not make another page.
    _, with_key_queries = _listed(client, page_size=10, api_key="whatever")
    assert with_key_queries == 0


def test_format_language_and_query_each_have_their_own_page(client: Client, submit: Submit) -> None:
    submit(now=timezone.now() - timedelta(hours=1))
    _listed(client, page_size=10)
    xml = client.get(f"{BASE}/requests.xml", {"page_size": 10})
    assert xml["Content-Type"].startswith("text/xml")
    assert xml.content.startswith(b"<?xml")
    _, other_query = _listed(client, page_size=10, status="open")
    _, other_language = _listed(client, page_size=10, locale="es")
    assert other_query > 0
    assert other_language > 0


def test_a_committed_status_change_shows_at_once(
    client: Client, city: City, submit: Submit, django_capture_on_commit_callbacks: Commit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        filed = submit(now=timezone.now() - timedelta(hours=1))
    before, _ = _listed(client)
    assert _status_of(before, filed.public_id) == "open"
    with django_capture_on_commit_callbacks(execute=True):
        service_request_change_status(
            service_request=filed, to_status=Status.CANCELLED, actor=None, now=timezone.now()
        )
    after, queries = _listed(client)
    assert queries > 0
    assert _status_of(after, filed.public_id) == "closed"


def test_a_new_request_from_a_client_shows_at_once(
    client: Client, city: City, django_capture_on_commit_callbacks: Commit
) -> None:
    before, _ = _listed(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{BASE}/requests.json",
            {
                "api_key": city.api_key,
                "service_code": city.graffiti.code,
                "lat": "41.88",
                "long": "-87.63",
                "description": "Tag on the bridge",
            },
        )
    assert response.status_code == 200, response.content
    new_id = parse(response)[0]["service_request_id"]
    after, _ = _listed(client)
    assert [item["service_request_id"] for item in after] == [
        new_id,
        *(item["service_request_id"] for item in before),
    ]


def test_the_escalation_sweep_moves_the_pages_on(
    client: Client, submit: Submit, django_capture_on_commit_callbacks: Commit
) -> None:
    """The sweep writes with queryset updates (no signals): it says so itself."""
    with django_capture_on_commit_callbacks(execute=True):
        filed = submit(now=timezone.now() - timedelta(days=30))
        ServiceRequest.objects.filter(pk=filed.pk).update(
            sla_due_at=timezone.now() - timedelta(days=1),
            updated_at=timezone.now() - timedelta(days=30),
        )
    before, _ = _listed(client)
    with django_capture_on_commit_callbacks(execute=True):
        result = sla_escalations_sweep(now=timezone.now())
    assert result.breached == 1
    after, queries = _listed(client)
    assert queries > 0

    def updated(body: list[dict[str, Any]]) -> str:
        return next(
            item["updated_datetime"]
            for item in body
            if item["service_request_id"] == filed.public_id
        )

    assert updated(after) > updated(before)


def test_a_change_that_rolls_back_keeps_the_page(
    client: Client, submit: Submit, django_capture_on_commit_callbacks: Commit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        filed = submit(now=timezone.now() - timedelta(hours=1))
    _listed(client)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        service_request_change_status(
            service_request=filed, to_status=Status.CANCELLED, actor=None, now=timezone.now()
        )
        transaction.set_rollback(True)
    body, queries = _listed(client)
    assert queries == 0
    assert _status_of(body, filed.public_id) == "open"


def test_errors_are_worked_out_each_time(client: Client, city: City) -> None:
    for _ in range(2):
        with CaptureQueriesContext(connection):
            response = client.get(f"{BASE}/requests.json", {"status": "lost"})
        assert response.status_code == 400
    assert len(pages._pages) == 0


def test_turned_off_keeps_nothing(client: Client, submit: Submit, settings: Any) -> None:
    settings.CIVICDESK = {**settings.CIVICDESK, "OPEN311_PAGE_CACHE_SECONDS": 0}
    submit(now=timezone.now() - timedelta(hours=1))
    _listed(client)
    _, queries = _listed(client)
    assert queries > 0


def test_a_page_older_than_its_age_is_built_again(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(pages.time, "monotonic", lambda: clock[0])
    kept = pages.PageCache(max_bytes=1000)
    kept.put(("a",), b"page", "application/json")
    clock[0] += 30
    assert kept.get(("a",), max_age=30) is not None
    clock[0] += 0.5
    assert kept.get(("a",), max_age=30) is None
    assert len(kept) == 0


def test_pages_stay_within_their_bytes_least_recently_used_out_first() -> None:
    kept = pages.PageCache(max_bytes=100)
    kept.put(("a",), b"x" * 25, "application/json")
    kept.put(("b",), b"x" * 20, "application/json")
    kept.put(("too big",), b"x" * 26, "application/json")  # over a quarter: never kept
    assert kept.get(("too big",), max_age=30) is None
    assert kept.get(("a",), max_age=30) is not None  # now b is the least recently used
    for name in "cde":
        kept.put((name,), b"x" * 25, "application/json")
    assert kept.get(("b",), max_age=30) is None
    assert [name for name in "acde" if kept.get((name,), max_age=30)] == list("acde")
    kept.put(("a",), b"y" * 10, "application/json")  # replacing a page counts its new size
    kept.put(("f",), b"x" * 15, "application/json")
    assert [name for name in "acdef" if kept.get((name,), max_age=30)] == list("acdef")
    page = kept.get(("a",), max_age=30)
    assert page is not None
    assert page.body == b"y" * 10
