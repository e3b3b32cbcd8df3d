"""Discovery, the service list and service definitions, in both formats."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.open311.conftest import City, get, parse

FORMATS = ["json", "xml"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery__lists_a_test_and_a_production_endpoint_with_both_formats(
    client: Client, city: City, fmt: str
) -> None:
    body = parse(get(client, f"discovery.{fmt}"))
    if fmt == "json":
        endpoints = body["endpoints"]
        assert body["contact"]
        assert body["key_service"]
        assert {endpoint["type"] for endpoint in endpoints} == {"production", "test"}
        assert all(
            endpoint["formats"] == ["text/xml", "application/json"] for endpoint in endpoints
        )
        assert endpoints[0]["url"] == "http://testserver/open311/v2"
        assert body["changeset"].endswith("-06:00")
    else:
        assert body.tag == "discovery"
        endpoints = body.findall("endpoints/endpoint")
        assert [endpoint.findtext("type") for endpoint in endpoints] == ["production", "test"]
        assert [f.text for f in endpoints[0].findall("formats/format")] == [
            "text/xml",
            "application/json",
        ]


def test_services__json_is_a_bare_array_with_string_codes_and_boolean_metadata(
    client: Client, city: City
) -> None:
    city.graffiti.is_active = False
    city.graffiti.save()
    body = parse(get(client, "services.json", jurisdiction_id="alderport.example"))
    assert [service["service_code"] for service in body] == ["BULKY", "POT"]
    pothole = body[1]
    assert pothole == {
        "service_code": "POT",
        "service_name": "Pothole",
        "description": "A hole in the street.",
        "metadata": True,
        "type": "realtime",
        "keywords": "pothole,hole,road",
        "group": "Streets",
    }
    assert body[0]["metadata"] is False
    assert body[0]["type"] == "batch"


def test_services__xml_uses_the_spec_element_names(client: Client, city: City) -> None:
    body = parse(get(client, "services.xml"))
    assert body.tag == "services"
    services = body.findall("service")
    assert [service.findtext("service_code") for service in services] == ["BULKY", "GRAF", "POT"]
    assert services[2].findtext("metadata") == "true"
    assert services[2].findtext("keywords") == "pothole,hole,road"
    assert services[1].find("keywords") is not None


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition__lists_attributes_in_order_with_values(
    client: Client, city: City, fmt: str
) -> None:
    body = parse(get(client, f"services/POT.{fmt}"))
    if fmt == "json":
        assert body["service_code"] == "POT"
        attributes = body["attributes"]
        assert [a["code"] for a in attributes] == ["WHERE", "SIDES", "NOTICE"]
        assert attributes[0]["required"] is True
        assert attributes[0]["values"] == [
            {"key": "STREET", "name": "Street"},
            {"key": "ALLEY", "name": "Alley"},
        ]
        assert attributes[2]["variable"] is False
        assert attributes[2]["values"] == []
        assert attributes[1]["order"] == 3
    else:
        assert body.tag == "service_definition"
        attributes = body.findall("attributes/attribute")
        assert [a.findtext("code") for a in attributes] == ["WHERE", "SIDES", "NOTICE"]
        assert [v.findtext("key") for v in attributes[1].findall("values/value")] == [
            "N",
            "S",
            "E",
        ]
        assert attributes[2].findtext("variable") == "false"


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition__unknown_code_is_404(client: Client, city: City, fmt: str) -> None:
    response = get(client, f"services/NOPE.{fmt}")
    assert response.status_code == 404
    assert "NOPE" in str(parse(response) if fmt == "json" else response.content.decode())


@pytest.mark.parametrize("fmt", FORMATS)
def test_services__another_jurisdiction_is_404(client: Client, city: City, fmt: str) -> None:
    response = get(client, f"services.{fmt}", jurisdiction_id="elsewhere.example")
    assert response.status_code == 404


def test_services__an_empty_jurisdiction_counts_as_absent(client: Client, city: City) -> None:
    assert get(client, "services.json", jurisdiction_id="").status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
def test_locale__services_and_definitions_come_in_the_language_asked_for(
    client: Client, city: City, fmt: str
) -> None:
    from civicdesk.catalog.models import ServiceTranslation

    ServiceTranslation.objects.create(
        service=city.pothole,
        language="es",
        name="Bache",
        group="Calles",
        description="Un hoyo en la calle.",
        keywords="bache,hoyo",
        attribute_texts={"WHERE": {"description": "¿Dónde está?", "values": {"STREET": "Calle"}}},
    )
    services = parse(get(client, f"services.{fmt}", locale="es_MX"))
    definition = parse(get(client, f"services/POT.{fmt}", locale="es"))
    english = parse(get(client, f"services.{fmt}"))
    if fmt == "json":
        pothole = next(s for s in services if s["service_code"] == "POT")
        assert (pothole["service_name"], pothole["group"], pothole["keywords"]) == (
            "Bache",
            "Calles",
            "bache,hoyo",
        )
        where = definition["attributes"][0]
        assert where["description"] == "¿Dónde está?"
        assert where["values"] == [
            {"key": "STREET", "name": "Calle"},
            {"key": "ALLEY", "name": "Alley"},
        ]
        assert "Pothole" in [s["service_name"] for s in english]
    else:
        names = [s.findtext("service_name") for s in services.findall("service")]
        assert "Bache" in names
        assert definition.findtext("attributes/attribute/description") == "¿Dónde está?"
        assert "Pothole" in [s.findtext("service_name") for s in english.findall("service")]
