"""API keys: shown once, stored hashed, revocable, usable from the command line."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from civicdesk.accounts.models import ApiKey, AuditLogEntry
from civicdesk.accounts.services import (
    api_key_authenticate,
    api_key_create,
    api_key_record_use,
    api_key_revoke,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 9, tzinfo=ZoneInfo("America/Chicago"))


def test_create__secret_is_returned_once_and_only_its_hash_stored() -> None:
    api_key, raw_key = api_key_create(name="Alderport iOS app", actor=None, now=NOW)
    stored = ApiKey.objects.get()
    assert raw_key.startswith(f"cd_{stored.prefix}_")
    assert raw_key not in {stored.key_hash, stored.prefix, stored.name}
    assert len(stored.key_hash) == 64
    assert api_key_authenticate(raw_key=raw_key) == api_key
    assert AuditLogEntry.objects.get().action == "api_key.created"


@pytest.mark.parametrize(
    "attempt", ["", "cd_", "nonsense", "cd_0000000_x", "cd_{prefix}_wrong-secret"]
)
def test_authenticate__wrong_keys_are_refused(attempt: str) -> None:
    api_key, _raw = api_key_create(name="App", actor=None, now=NOW)
    assert api_key_authenticate(raw_key=attempt.format(prefix=api_key.prefix)) is None


def test_revoke__key_stops_working() -> None:
    api_key, raw_key = api_key_create(name="App", actor=None, now=NOW)
    api_key_revoke(api_key=api_key, actor=None, now=NOW)
    assert api_key_authenticate(raw_key=raw_key) is None
    assert not ApiKey.objects.get().is_active


def test_record_use__counts_requests() -> None:
    api_key, _raw = api_key_create(name="App", actor=None, now=NOW)
    api_key_record_use(api_key=api_key, now=NOW)
    api_key_record_use(api_key=api_key, now=NOW)
    api_key.refresh_from_db()
    assert (api_key.usage_count, api_key.last_used_at) == (2, NOW)
    assert (api_key.submission_count, api_key.throttled_count) == (0, 0)


def test_record_use__counts_submissions_and_refusals_apart() -> None:
    api_key, _raw = api_key_create(name="App", actor=None, now=NOW)
    other, _other_raw = api_key_create(name="Other app", actor=None, now=NOW)
    later = NOW + timedelta(minutes=3)
    api_key_record_use(api_key=api_key, now=NOW, is_submission=True)
    api_key_record_use(api_key=api_key, now=later, is_throttled=True)
    api_key.refresh_from_db()
    other.refresh_from_db()
    assert (api_key.usage_count, api_key.submission_count, api_key.throttled_count) == (2, 1, 1)
    assert api_key.last_used_at == later
    assert (other.usage_count, other.last_used_at) == (0, None)


def test_create_api_key_command__prints_a_working_key() -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", "Partner dashboard", stdout=out, stderr=err)
    raw_key = out.getvalue().strip()
    assert api_key_authenticate(raw_key=raw_key) == ApiKey.objects.get(name="Partner dashboard")
    assert "cannot be shown again" in err.getvalue()


def test_create_api_key_command__blank_name_is_refused() -> None:
    with pytest.raises(CommandError, match="Give the key a name"):
        call_command("create_api_key", "  ")
    assert ApiKey.objects.count() == 0
