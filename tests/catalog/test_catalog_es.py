"""The demo city's catalog in Spanish: every text is translated, seeding writes one Spanish
translation per service, and residents see it through Open311 and the portal."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from civicdesk.catalog.models import Service, ServiceTranslation
from civicdesk.demo import catalog_data
from civicdesk.demo.catalog_data_es import SERVICES_ES
from civicdesk.demo.seed import seed_catalog
from tests.portal.helpers import speak_spanish


def _blank(text: Any) -> bool:
    return not isinstance(text, str) or not text.strip()


def test_every_english_text_has_a_spanish_one() -> None:
    missing: list[str] = []
    for service in catalog_data.SERVICES:
        code = service["code"]
        spanish = SERVICES_ES.get(code)
        if spanish is None:
            missing.append(code)
            continue
        missing += [
            f"{code}.{field}"
            for field in ("name", "group", "description")
            if _blank(spanish.get(field))
        ]
        if not spanish.get("keywords") or any(_blank(word) for word in spanish["keywords"]):
            missing.append(f"{code}.keywords")
        for attribute in service["attributes"]:
            where = f"{code}.{attribute['code']}"
            texts = spanish["attributes"].get(attribute["code"])
            if texts is None:
                missing.append(where)
                continue
            if _blank(texts.get("description")):
                missing.append(f"{where}.description")
            if attribute.get("datatype_description") and _blank(texts.get("datatype_description")):
                missing.append(f"{where}.datatype_description")
            missing += [
                f"{where}.{key}"
                for key, _name in attribute["values"]
                if _blank(texts["values"].get(key))
            ]
    assert missing == []


def test_the_spanish_texts_name_nothing_the_catalog_lacks() -> None:
    english = {service["code"]: service for service in catalog_data.SERVICES}
    extra: list[str] = [code for code in SERVICES_ES if code not in english]
    for code, spanish in SERVICES_ES.items():
        if code not in english:
            continue
        attributes = {attribute["code"]: attribute for attribute in english[code]["attributes"]}
        for attribute_code, texts in spanish["attributes"].items():
            where = f"{code}.{attribute_code}"
            if attribute_code not in attributes:
                extra.append(where)
                continue
            if texts.get("datatype_description") and not attributes[attribute_code].get(
                "datatype_description"
            ):
                extra.append(f"{where}.datatype_description")
            keys = {key for key, _name in attributes[attribute_code]["values"]}
            extra += [f"{where}.{key}" for key in texts["values"] if key not in keys]
    assert extra == []


def test_spanish_keywords_fit_the_translation_field() -> None:
    limit = ServiceTranslation._meta.get_field("keywords").max_length
    assert limit is not None
    assert all(len(", ".join(spanish["keywords"])) <= limit for spanish in SERVICES_ES.values())


@pytest.mark.django_db
def test_seeding_twice_keeps_one_spanish_translation_per_service() -> None:
    seed_catalog()
    seed_catalog()

    assert ServiceTranslation.objects.filter(language="es").count() == Service.objects.count()
    assert ServiceTranslation.objects.count() == len(catalog_data.SERVICES)
    pothole = ServiceTranslation.objects.get(service__code="POTHOLE", language="es")
    assert pothole.name == SERVICES_ES["POTHOLE"]["name"]
    assert "bache" in pothole.keywords.split(", ")
    size = pothole.attribute_texts["pothole_size"]
    assert (
        size["description"] == SERVICES_ES["POTHOLE"]["attributes"]["pothole_size"]["description"]
    )
    assert size["values"]["small"] == "Más chico que un plato"
    assert pothole.attribute_texts["lane_position"]["datatype_description"] == ""
    for translation in ServiceTranslation.objects.all():
        translation.full_clean()


@pytest.mark.django_db
def test_open311_serves_the_seeded_catalog_in_spanish(client: Client) -> None:
    seed_catalog()

    services = json.loads(client.get("/open311/v2/services.json", {"locale": "es"}).content)
    definition = json.loads(
        client.get("/open311/v2/services/POTHOLE.json", {"locale": "es"}).content
    )

    pothole = next(service for service in services if service["service_code"] == "POTHOLE")
    assert (pothole["service_name"], pothole["group"]) == ("Bache", "Calles y banquetas")
    size = next(a for a in definition["attributes"] if a["code"] == "pothole_size")
    assert size["description"] == "¿Qué tan grande es el bache?"
    assert {"key": "small", "name": "Más chico que un plato"} in size["values"]


@pytest.mark.django_db
def test_portal_lists_and_finds_services_in_spanish(client: Client) -> None:
    seed_catalog()
    speak_spanish(client)

    listing = client.get("/report/").content.decode()
    found = client.get("/report/", {"q": "farola"}).content.decode()

    assert "Bache" in listing
    assert "Calles y banquetas" in listing
    assert "Farola o alumbrado público apagado" in found
