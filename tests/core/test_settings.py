"""Configuration from the environment, checked in a fresh process as a deployment would start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def run_django(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CIVICDESK_", "DJANGO_", "SECRET_KEY", "DEBUG"))
    }
    environment.update({"DJANGO_SETTINGS_MODULE": "civicdesk.settings", **env})
    environment.setdefault("DATABASE_URL", "sqlite:///:memory:")
    return subprocess.run(  # noqa: S603 - our own interpreter with a fixed snippet
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def run_production(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`run_django` as a production deployment starts: CIVICDESK_ENV=production, a secret key."""
    return run_django(code, CIVICDESK_ENV="production", SECRET_KEY="x" * 60, **env)


def test_production__refuses_to_start_without_secret_key() -> None:
    result = run_django("pass", CIVICDESK_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when CIVICDESK_ENV=production" in result.stderr


def test_production__is_secure_by_default() -> None:
    result = run_production(
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS)",
        ALLOWED_HOSTS="311.example.org, www.311.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(None, 5) == [
        "False",
        "True",
        "True",
        "True",
        "31536000",
        "['311.example.org', 'www.311.example.org']\n",
    ]


def test_development__defaults_to_sqlite_in_wal_mode(tmp_path: Path) -> None:
    result = run_django(
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(connection.vendor, c.fetchone()[0]); "
        "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        DATABASE_URL="",
        CIVICDESK_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first == "sqlite wal"
    assert second == f"{tmp_path}/civicdesk.sqlite3"


def test_malformed_value__is_named_in_the_error() -> None:
    result = run_django("pass", DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'." in result.stderr


def test_cache__redis_url_selects_the_shared_redis_cache() -> None:
    result = run_django(
        "from django.conf import settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'])",
        CACHE_URL="redis://127.0.0.1:6379/3",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
    ]


def test_cache__defaults_to_files_shared_by_every_process(tmp_path: Path) -> None:
    result = run_django(
        "from django.core.cache import cache; cache.set('k', 'v'); "
        "from django.conf import settings as s; print(s.CACHES['default']['LOCATION'])",
        CIVICDESK_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{tmp_path}/cache"
    assert any((tmp_path / "cache").iterdir())


def test_cache__unknown_scheme_is_named_in_the_error() -> None:
    result = run_django("pass", CACHE_URL="memcached://x")
    assert result.returncode != 0
    assert "CACHE_URL must start with redis://" in result.stderr


@pytest.mark.parametrize(
    ("environment", "kept"), [({}, "60 True"), ({"DATABASE_CONN_MAX_AGE": "0"}, "0 True")]
)
def test_production__keeps_database_connections_a_minute_unless_told_not_to(
    environment: dict[str, str], kept: str
) -> None:
    result = run_production(
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        DATABASE_URL="postgres://civicdesk@db.example.org:5432/civicdesk",
        **environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == kept


@pytest.mark.parametrize(("value", "threshold"), [(None, "5"), ("false", "None")])
def test_postgres__prepares_the_hot_statements_unless_told_not_to(
    value: str | None, threshold: str
) -> None:
    """Behind a pooler that loses prepared statements, DATABASE_PREPARED_STATEMENTS=false."""
    env = {"DATABASE_URL": "postgres://civicdesk@db.example.org:5432/civicdesk"}
    if value is not None:
        env["DATABASE_PREPARED_STATEMENTS"] = value
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.DATABASES['default'].get('OPTIONS', {}).get('prepare_threshold'))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == threshold
