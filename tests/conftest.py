from __future__ import annotations

import pytest
from django.db import connection


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip `postgres` tests on other databases, saying why."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason=f"needs PostgreSQL; this run uses {connection.vendor}")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: no rate-limit counts or catalog definitions left
    over from a test whose database rows were rolled back."""
    from django.core.cache import cache

    from civicdesk.catalog.selectors import catalog_version_bump

    cache.clear()
    catalog_version_bump()


pytest_plugins = ["tests.browser"]
