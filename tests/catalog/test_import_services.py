"""`civicdesk import_services`: every real catalog in the shared fixtures imports, and the API
serves it back equivalently, in the format it came in."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from civicdesk.catalog.models import Service, ServiceAttribute
from tests.open311.conftest import FIXTURES

pytestmark = pytest.mark.django_db

SERVICE_LISTS = sorted(
    path.name for path in FIXTURES.glob("*_services*.*") if path.suffix in {".json", ".xml"}
)
DEFINITIONS = sorted(path.name for path in FIXTURES.glob("*_service-definition_*.*"))
needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"no Open311 fixtures at {FIXTURES} (OPEN311_FIXTURES_DIR)"
)
COMPARED = ("service_code", "service_name", "description", "type", "keywords", "group")


def _clean(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _services_of(content: bytes, fmt: str) -> dict[str, dict[str, str]]:
    if fmt == "json":
        items = json.loads(content)
    else:
        root = ET.fromstring(content)  # noqa: S314 - the fixtures and our own output
        items = [{child.tag: child.text for child in service} for service in root.iter("service")]
    return {
        _clean(item["service_code"]): {k: _clean(item.get(k)) for k in COMPARED} for item in items
    }


def _import(*paths: Path) -> str:
    output = StringIO()
    call_command("import_services", *[str(path) for path in paths], stdout=output)
    return output.getvalue()


@needs_fixtures
@pytest.mark.parametrize("name", SERVICE_LISTS)
def test_import_services__serves_every_fixture_catalog_back_equivalently(
    client: Client, name: str
) -> None:
    path = FIXTURES / name
    fmt = path.suffix.lstrip(".")
    original = _services_of(path.read_bytes(), fmt)
    assert "services created" in _import(path)
    response = client.get(f"/open311/v2/services.{fmt}")
    served = _services_of(response.content, fmt)
    assert served == original
    assert len(served) == Service.objects.count() >= 10


@needs_fixtures
@pytest.mark.parametrize("name", DEFINITIONS)
def test_import_services__serves_a_definition_back_equivalently(client: Client, name: str) -> None:
    path = FIXTURES / name
    _import(path)
    original = ET.fromstring(path.read_bytes())  # noqa: S314 - a fixture
    code = original.findtext("service_code")
    served = ET.fromstring(  # noqa: S314 - our own output
        client.get(f"/open311/v2/services/{code}.xml").content
    )

    def attributes(root: ET.Element) -> dict[str, Any]:
        return {
            attribute.findtext("code"): {
                **{
                    child.tag: _clean(child.text)
                    for child in attribute
                    if child.tag not in {"values", "code"}
                },
                "values": [
                    (value.findtext("key"), value.findtext("name"))
                    for value in attribute.findall("values/value")
                ],
            }
            for attribute in root.iter("attribute")
        }

    assert attributes(served) == attributes(original)
    orders = [int(a.findtext("order") or 0) for a in served.iter("attribute")]
    assert orders == sorted(orders)
    assert client.get("/open311/v2/services.json").json()[0]["metadata"] is True


def test_import_services__reimporting_updates_instead_of_duplicating(tmp_path: Path) -> None:
    catalog = tmp_path / "services.json"
    catalog.write_text(
        json.dumps(
            [
                {
                    "service_code": "A1",
                    "service_name": "Old",
                    "type": "realtime",
                    "metadata": False,
                },
                {"service_code": "B2", "service_name": "Bins", "type": "batch", "metadata": False},
            ]
        )
    )
    _import(catalog)
    catalog.write_text(
        json.dumps([{"service_code": "A1", "service_name": "New", "keywords": None, "group": None}])
    )
    assert "0 services created, 1 updated" in _import(catalog)
    assert Service.objects.get(code="A1").name == "New"
    assert Service.objects.get(code="B2").type == "batch"


def test_import_services__a_definition_without_the_attributes_wrapper_is_read(
    tmp_path: Path,
) -> None:
    definition = tmp_path / "definition.xml"
    definition.write_text(
        "<service_definition><service_code>OLD</service_code><attribute><variable>true"
        "</variable><code>HOW</code><datatype>number</datatype><required>true</required>"
        "<order>1</order><description>How many?</description></attribute>"
        "</service_definition>"
    )
    _import(definition)
    attribute = ServiceAttribute.objects.get(service__code="OLD")
    assert (attribute.code, attribute.datatype, attribute.required) == ("HOW", "number", True)


def test_import_services__a_bad_file_is_refused_and_nothing_is_imported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(
        json.dumps(
            [
                {"service_code": "OK1", "service_name": "Fine"},
                {"service_code": "has space", "service_name": "Not a code"},
            ]
        )
    )
    with pytest.raises(CommandError, match="has space"):
        _import(broken)
    assert Service.objects.count() == 0
    (tmp_path / "bad.xml").write_text("<services><service>")
    with pytest.raises(CommandError, match="Not well-formed"):
        _import(tmp_path / "bad.xml")
