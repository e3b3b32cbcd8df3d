"""The home page: one search box that finds services and help-center answers."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories.knowledge import ArticleFactory
from tests.portal.conftest import City
from tests.portal.helpers import speak_spanish
from tests.portal.requests import file_request

pytestmark = pytest.mark.django_db


def test_home__search_suggests_services_and_articles(client: Client, city: City) -> None:
    ArticleFactory(
        slug="pothole-repair-times",
        title="How long does pothole repair take?",
        keywords="pothole, repair",
    )
    html = client.get("/", {"q": "pothole"}).content.decode()
    assert 'href="/report/POTHOLE/"' in html
    assert "How long does pothole repair take?" in html
    assert "Graffiti</a></h4>" not in html


def test_home__search_in_spanish_finds_translated_keywords(client: Client, city: City) -> None:
    speak_spanish(client)
    html = client.get("/", {"q": "hoyo"}).content.decode()
    assert "Resultados para “hoyo”" in html
    assert '<a href="/report/POTHOLE/">Bache</a>' in html


def test_home__most_common_requests_come_first(client: Client, city: City) -> None:
    for _number in range(2):
        file_request(service_code="GRAFFITI")
    html = client.get("/").content.decode()
    common = html.split('id="common-title"')[1].split("</section>")[0]
    assert common.index("Graffiti") < common.index("Pothole")


def test_home__nothing_found_says_what_to_do(client: Client, city: City) -> None:
    html = client.get("/", {"q": "zzzz"}).content.decode()
    assert "We found nothing for those words" in html


def test_manifest__lets_phones_install_the_portal(client: Client, city: City) -> None:
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    body = manifest.json()
    assert body["start_url"] == "/"
    assert body["display"] == "standalone"
    assert body["icons"]
    assert '<link rel="manifest" href="/manifest.webmanifest">' in client.get("/").content.decode()


def test_address_suggestions__complete_what_the_resident_is_typing(
    client: Client, city: City
) -> None:
    partial = client.get("/report/address-suggestions/", {"q": "12 Alde"}).json()["suggestions"]
    assert [suggestion["label"] for suggestion in partial] == [
        "120 Alder Street, 52840",
        "122 Alder Street, 52840",
    ]
    full = client.get("/report/address-suggestions/", {"q": "118 Alder St"}).json()
    assert full["suggestions"][0]["label"] == "118 Alder Street, 52840"
    assert full["suggestions"][0]["latitude"] == pytest.approx(42.4012)
    assert client.get("/report/address-suggestions/", {"q": "Al"}).json()["suggestions"] == []
