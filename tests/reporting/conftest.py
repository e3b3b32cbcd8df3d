from __future__ import annotations

import pytest

from civicdesk.reporting.selectors import rollup_version_forget
from civicdesk.reporting.services import rollups_refresh
from tests.factories.reporting import NOW, FixtureCity, fixture_city


@pytest.fixture(autouse=True)
def _fresh_rollup_version() -> None:
    rollup_version_forget()


@pytest.fixture
def city(db: None) -> FixtureCity:
    """The hand-computed fixture city, with its facts and rollups refreshed."""
    built = fixture_city()
    rollups_refresh(now=NOW)
    return built
