"""Our JSON validated against the GeoReport v2 JSON Schemas (open311/schema-validation) from the
shared fixtures; skipped when that folder is absent (set OPEN311_FIXTURES_DIR to point at it)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.open311.conftest import SCHEMA_DIR, City, Submit, get

pytestmark = pytest.mark.skipif(
    not SCHEMA_DIR.is_dir(), reason=f"no Open311 JSON Schemas at {SCHEMA_DIR}"
)
W3C_OUTPUT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def validate(instance: Any, schema_name: str) -> None:
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = {
        path.name: Resource.from_contents(json.loads(path.read_text()), DRAFT202012)
        for path in SCHEMA_DIR.glob("*.json")
        if path.name != "swagger.json"
    }
    registry: Registry[Any] = Registry().with_resources(resources.items())
    validator = Draft202012Validator(
        resources[schema_name].contents, registry=registry, format_checker=FormatChecker()
    )
    errors = [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(instance)
    ]
    assert not errors, errors


def test_services_json__matches_the_services_schema(client: Client, city: City) -> None:
    body = get(client, "services.json").json()
    assert len(body) == 3
    validate(body, "services.json")


def test_service_definition_json__matches_its_schema(client: Client, city: City) -> None:
    validate(get(client, "services/POT.json").json(), "service-definition.json")


def test_requests_json__match_the_requests_schema_with_and_without_extensions(
    client: Client, city: City, submit: Submit
) -> None:
    now = timezone.now()
    submit(now=now - timedelta(days=2), description="")
    submit(now=now - timedelta(days=1), service=city.pothole, attributes={"WHERE": "STREET"})
    client.post(
        "/open311/v2/requests.json",
        {"api_key": city.api_key, "service_code": "GRAF", "address_string": "7 Oak Ave"},
    )
    for arguments in ({}, {"extensions": "true"}):
        body = get(client, "requests.json", **arguments).json()
        assert len(body) == 3
        validate(body, "requests.json")
        for record in body:
            assert W3C_OUTPUT.match(record["requested_datetime"])
            assert W3C_OUTPUT.match(record["updated_datetime"])
    one = get(client, f"requests/{body[0]['service_request_id']}.json").json()
    validate(one, "requests.json")
    assert one[0]["address"] == "7 Oak Ave"
    assert one[0]["address_id"] is None
