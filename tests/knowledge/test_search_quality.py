"""Search answers residents' real questions: the expected article is in the top 3 for ≥ 90%.

The questions (tests/knowledge/search_questions.py) were written before the search was tuned.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser

from civicdesk.knowledge.seed import seed_knowledge
from civicdesk.knowledge.selectors import article_search
from tests.knowledge.search_questions import ENGLISH_QUESTIONS, SPANISH_QUESTIONS

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("America/Chicago"))
TARGET = 0.9


def share_answered_in_top_3(questions: list[tuple[str, set[str]]], language: str) -> float:
    misses = []
    for question, expected in questions:
        results = article_search(query=question, language=language, user=AnonymousUser(), limit=3)
        found = [article.slug for article in results.articles]
        if not expected & set(found):
            misses.append(f"{question!r}: expected {sorted(expected)}, got {found}")
    share = 1 - len(misses) / len(questions)
    print(f"{language}: {share:.0%} answered in the top 3", *misses, sep="\n  ")  # noqa: T201
    return share


def test_question_set__is_large_enough_to_mean_something() -> None:
    assert len(ENGLISH_QUESTIONS) >= 30
    assert len(SPANISH_QUESTIONS) >= 10


def test_search__answers_english_questions_in_the_top_3() -> None:
    seed_knowledge(now=NOW)

    assert share_answered_in_top_3(ENGLISH_QUESTIONS, "en") >= TARGET


def test_search__answers_spanish_questions_in_the_top_3() -> None:
    seed_knowledge(now=NOW)

    assert share_answered_in_top_3(SPANISH_QUESTIONS, "es") >= TARGET
