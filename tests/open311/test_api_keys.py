"""Per-key rate limit on POST (429 with Retry-After) and per-key usage counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from civicdesk.accounts.models import ApiKey
from civicdesk.accounts.ratelimit import api_key_rate_limit_hit
from civicdesk.accounts.services import api_key_create
from civicdesk.service_requests.models import ServiceRequest
from tests.open311.conftest import BASE, CHICAGO, City, errors_of

FORMATS = ["json", "xml"]


def graffiti(api_key: str) -> dict[str, Any]:
    return {"api_key": api_key, "service_code": "GRAF", "address_string": "1 Elm St"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_rate_limit__the_post_over_the_limit_gets_429_with_retry_after(
    client: Client, city: City, fmt: str, settings: Any
) -> None:
    settings.CIVICDESK = {**settings.CIVICDESK, "OPEN311_RATE_LIMIT_PER_MINUTE": 3}
    statuses = [
        client.post(f"{BASE}/requests.{fmt}", graffiti(city.api_key)).status_code for _ in range(3)
    ]
    refused = client.post(f"{BASE}/requests.{fmt}", graffiti(city.api_key))
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "3 requests a minute" in errors_of(refused, fmt)[0][1]
    assert ServiceRequest.objects.count() == 3
    api_key = ApiKey.objects.get()
    assert (api_key.usage_count, api_key.submission_count, api_key.throttled_count) == (4, 3, 1)


def test_rate_limit__each_key_has_its_own_budget_and_may_have_its_own_limit(
    client: Client, city: City, settings: Any
) -> None:
    settings.CIVICDESK = {**settings.CIVICDESK, "OPEN311_RATE_LIMIT_PER_MINUTE": 1}
    _generous, generous_key = api_key_create(
        name="Partner", actor=None, now=datetime.now(CHICAGO), rate_limit_per_minute=5
    )
    assert client.post(f"{BASE}/requests.json", graffiti(city.api_key)).status_code == 200
    assert client.post(f"{BASE}/requests.json", graffiti(city.api_key)).status_code == 429
    for _ in range(5):
        assert client.post(f"{BASE}/requests.json", graffiti(generous_key)).status_code == 200
    assert client.post(f"{BASE}/requests.json", graffiti(generous_key)).status_code == 429


def test_rate_limit__a_new_minute_starts_a_new_budget(city: City, settings: Any) -> None:
    settings.CIVICDESK = {**settings.CIVICDESK, "OPEN311_RATE_LIMIT_PER_MINUTE": 1}
    api_key = ApiKey.objects.get()
    first = datetime(2026, 5, 1, 9, 0, 59, tzinfo=CHICAGO)
    assert api_key_rate_limit_hit(api_key=api_key, now=first).is_allowed
    refused = api_key_rate_limit_hit(api_key=api_key, now=first)
    assert not refused.is_allowed
    assert refused.retry_after_seconds == 1
    assert api_key_rate_limit_hit(api_key=api_key, now=first.replace(minute=1)).is_allowed


def test_usage__a_refused_post_counts_as_use_but_not_as_a_submission(
    client: Client, city: City
) -> None:
    client.post(f"{BASE}/requests.json", {**graffiti(city.api_key), "service_code": "NOPE"})
    client.post(f"{BASE}/requests.json", graffiti(city.api_key))
    api_key = ApiKey.objects.get()
    assert (api_key.usage_count, api_key.submission_count, api_key.throttled_count) == (2, 1, 0)
    assert api_key.last_used_at is not None


def test_create_api_key_command__sets_a_rate_limit(city: City) -> None:
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    call_command("create_api_key", "Kiosk", "--rate-limit", "7", stdout=output, stderr=StringIO())
    assert output.getvalue().startswith("cd_")
    assert ApiKey.objects.get(name="Kiosk").rate_limit_per_minute == 7


def test_rate_limit__is_shared_by_every_cache_client_not_kept_in_one_process(
    city: City, settings: Any, tmp_path: Any
) -> None:
    """Two cache connections (as two web processes have) see one count: the limit lives in the
    cache backend, here the file-based one that all processes of a machine share."""
    import threading

    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "civicdesk.core.cache.FileCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    settings.CIVICDESK = {
        **settings.CIVICDESK,
        "OPEN311_RATE_LIMIT_PER_MINUTE": 2,
        "RATE_LIMIT_CACHE": "shared",
    }
    api_key = ApiKey.objects.get()
    now = datetime(2026, 5, 1, 9, 0, 10, tzinfo=CHICAGO)
    decisions = []

    def other_process() -> None:  # a new thread gets its own cache connection
        decisions.append(api_key_rate_limit_hit(api_key=api_key, now=now).is_allowed)

    for _ in range(3):
        worker = threading.Thread(target=other_process)
        worker.start()
        worker.join()
    assert decisions == [True, True, False]


def test_create_api_key_command__refuses_a_negative_rate_limit(city: City) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="0 or more"):
        call_command("create_api_key", "Kiosk", "--rate-limit", "-1", stderr=StringIO())
    assert not ApiKey.objects.filter(name="Kiosk").exists()


@pytest.mark.parametrize("how", ["revoked", "limited"])
def test_keys_known_to_a_process__are_forgotten_when_a_key_changes(
    client: Client, city: City, how: str
) -> None:
    """Each process keeps the keys it has seen; revoking or re-limiting one applies at once."""
    from civicdesk.accounts.services import api_key_revoke

    assert client.post(f"{BASE}/requests.json", graffiti(city.api_key)).status_code == 200
    api_key = ApiKey.objects.get()
    if how == "revoked":
        api_key_revoke(api_key=api_key, actor=None, now=datetime.now(CHICAGO))
    else:
        api_key.rate_limit_per_minute = 1
        api_key.save(update_fields=["rate_limit_per_minute"])
    answer = client.post(f"{BASE}/requests.json", graffiti(city.api_key))
    assert answer.status_code == (403 if how == "revoked" else 429)
    assert ServiceRequest.objects.count() == 1


def test_keys_known_to_a_process__are_forgotten_when_another_process_changes_one(
    city: City,
) -> None:
    """Another process's change reaches this one through the shared version stamp alone."""
    from civicdesk.accounts import services

    assert services.api_key_authenticate(raw_key=city.api_key) is not None
    ApiKey.objects.update(revoked_at=datetime.now(CHICAGO))  # no signal: as if elsewhere
    assert services.api_key_authenticate(raw_key=city.api_key) is not None  # still known here
    services._KEYS_VERSION._move()  # what the other process's save does to the shared stamp
    assert services.api_key_authenticate(raw_key=city.api_key) is None
