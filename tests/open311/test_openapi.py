"""/api/schema/ describes what the API really does (schemathesis checks it against the live
server), and /api/docs/ works offline from packaged assets."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.open311.conftest import City


def test_schema__is_openapi_3_with_every_resource_in_both_formats(client: Client) -> None:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for resource in (
        "discovery",
        "services",
        "services/{service_code}",
        "requests",
        "requests/{service_request_id}",
        "tokens/{token}",
        "servicerequestupdates",
    ):
        for fmt in ("json", "xml"):
            assert f"/open311/v2/{resource}.{fmt}" in paths
    assert set(paths["/open311/v2/requests.json"]) == {"get", "post"}
    post = paths["/open311/v2/requests.xml"]["post"]
    assert set(post["responses"]) == {"200", "400", "403", "404", "429"}
    assert "Retry-After" in post["responses"]["429"]["headers"]
    assert "multipart/form-data" in post["requestBody"]["content"]
    request_schema = document["components"]["schemas"]["ServiceRequest"]
    assert "email" not in request_schema["properties"]
    assert "media_url" in request_schema["properties"]


def test_docs__page_loads_its_viewer_from_local_static_files(client: Client) -> None:
    for viewer, asset in (
        ("swagger", "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"),
        ("redoc", "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"),
    ):
        page = client.get("/api/docs/", {"viewer": viewer}).content.decode()
        assert f"/static/{asset}" in page
        assert "/api/schema/" in page
        assert "http://" not in page.replace('href="?', "")
        assert "https://" not in page
        assert finders.find(asset) is not None


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_schemathesis__no_server_error_and_every_response_matches_the_schema(
    live_server: Any, city: City, settings: Any
) -> None:
    """A few hundred generated requests over every operation; some POSTs carry a valid key."""
    import schemathesis
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings
    from hypothesis import strategies as st
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    from civicdesk.open311.schema import openapi_document

    settings.CIVICDESK = {**settings.CIVICDESK, "OPEN311_RATE_LIMIT_PER_MINUTE": 0}
    schema = schemathesis.openapi.from_dict(openapi_document(server_url=live_server.url))
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
        response_headers_conformance,
    ]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16
    calls = 0

    for operation in operations:
        examples = 40 if operation.method.upper() == "POST" else 18

        @hypothesis_settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            case=operation.as_strategy(),
            use_key=st.booleans(),
            code=st.sampled_from(["POT", "GRAF", "BULKY"]),
        )
        def run(case: Any, use_key: bool, code: str) -> None:
            nonlocal calls
            if use_key and isinstance(case.body, dict):
                case.body["api_key"] = city.api_key
                if random.random() < 0.5:  # noqa: S311 - test data
                    case.body["service_code"] = code
            case.call_and_validate(base_url=live_server.url, checks=checks)
            calls += 1

        run()
    assert calls >= 300
