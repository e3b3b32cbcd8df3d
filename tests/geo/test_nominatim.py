"""The Nominatim-compatible adapter against a local fake server: answers, errors, timeouts."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from civicdesk.crm.enums import Channel
from civicdesk.geo.geocoding import GeocoderUnavailableError, NominatimGeocoder
from civicdesk.service_requests.models import ServiceRequest, ServiceRequestEvent
from civicdesk.service_requests.services import (
    IntakeValidationError,
    Location,
    service_request_submit,
)
from tests.factories import ServiceFactory

SEARCH_ANSWER = [
    {
        "place_id": 1,
        "osm_type": "node",
        "osm_id": 42,
        "lat": "42.4012",
        "lon": "-92.8533",
        "display_name": "104, Alder Street, Alderport, Iowa, 52840, United States",
        "importance": 0.11,
        "address": {"house_number": "104", "road": "Alder Street", "postcode": "52840"},
    },
    {
        "place_id": 2,
        "lat": "42.3",
        "lon": "-92.9",
        "display_name": "Alder Street, Elsewhere",
    },
]
REVERSE_ANSWER = {
    "place_id": 3,
    "osm_type": "way",
    "osm_id": 7,
    "lat": "42.40",
    "lon": "-92.85",
    "display_name": "9, Harbor Avenue, Alderport, Iowa, 52841, United States",
    "address": {"postcode": "52841"},
}


@dataclass
class FakeNominatim:
    base_url: str
    # path → (HTTP status, body, seconds to wait before answering)
    answers: dict[str, tuple[int, bytes, float]] = field(default_factory=dict)
    seen: list[dict[str, list[str]]] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)

    def answer(self, path: str, body: Any, *, status: int = 200, delay: float = 0.0) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.answers[path] = (status, raw, delay)


@pytest.fixture
def nominatim() -> Iterator[FakeNominatim]:
    fake: FakeNominatim

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            fake.seen.append(parse_qs(url.query))
            fake.user_agents.append(self.headers.get("User-Agent", ""))
            status, body, delay = fake.answers.get(url.path, (404, b"{}", 0.0))
            time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False  # a slow answer still being written must not hold up a test
    fake = FakeNominatim(base_url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


def geocoder(fake: FakeNominatim, timeout: float = 2.0) -> NominatimGeocoder:
    return NominatimGeocoder(base_url=fake.base_url, timeout_seconds=timeout, user_agent="test/1")


def test_geocode__reads_the_search_answer_best_first(nominatim: FakeNominatim) -> None:
    nominatim.answer("/search", SEARCH_ANSWER)

    results = geocoder(nominatim).geocode("104 Alder St", zip_code="52840")

    assert [(r.latitude, r.longitude) for r in results] == [(42.4012, -92.8533), (42.3, -92.9)]
    assert results[0].address.startswith("104, Alder Street")
    assert results[0].zip_code == "52840"
    assert results[0].address_id == "osm:node:42"
    assert results[0].score > results[1].score
    assert nominatim.seen[0]["q"] == ["104 Alder St 52840"]
    assert nominatim.seen[0]["format"] == ["jsonv2"]
    assert nominatim.user_agents == ["test/1"]


def test_geocode__an_empty_answer_means_not_found(nominatim: FakeNominatim) -> None:
    nominatim.answer("/search", [])

    assert geocoder(nominatim).geocode("1 Nowhere Lane") == []


def test_reverse__reads_the_place_or_nothing(nominatim: FakeNominatim) -> None:
    nominatim.answer("/reverse", REVERSE_ANSWER)
    found = geocoder(nominatim).reverse(latitude=42.4, longitude=-92.85)
    nominatim.answer("/reverse", {"error": "Unable to geocode"})
    nothing = geocoder(nominatim).reverse(latitude=0.0, longitude=-150.0)

    assert found is not None
    assert found.address.startswith("9, Harbor Avenue")
    assert found.zip_code == "52841"
    assert nothing is None


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (500, b"oops", "HTTP 500"),
        (429, b"{}", "HTTP 429"),
        (200, b"<html>maintenance</html>", "cannot read"),
        (200, b'{"unexpected": true}', "cannot read"),
        (200, b'[{"lat": "x"}]', "cannot read"),
    ],
)
def test_geocode__a_broken_answer_is_a_clear_error(
    nominatim: FakeNominatim, status: int, body: bytes, message: str
) -> None:
    nominatim.answer("/search", body, status=status)

    with pytest.raises(GeocoderUnavailableError, match=message):
        geocoder(nominatim).geocode("104 Alder St")


def test_geocode__a_slow_server_times_out(nominatim: FakeNominatim) -> None:
    nominatim.answer("/search", SEARCH_ANSWER, delay=1.0)
    started = time.monotonic()

    with pytest.raises(GeocoderUnavailableError, match="did not answer in time"):
        geocoder(nominatim, timeout=0.2).geocode("104 Alder St")

    assert time.monotonic() - started < 0.9


def test_geocode__an_unreachable_server_is_a_clear_error() -> None:
    closed_port = NominatimGeocoder(base_url="http://127.0.0.1:9", timeout_seconds=1)

    with pytest.raises(GeocoderUnavailableError, match="cannot be reached"):
        closed_port.geocode("104 Alder St")


@pytest.fixture
def nominatim_settings(settings: Any, nominatim: FakeNominatim) -> FakeNominatim:
    settings.CIVICDESK = {
        **settings.CIVICDESK,
        "GEOCODER": "civicdesk.geo.geocoding.NominatimGeocoder",
        "GEOCODER_URL": nominatim.base_url,
        "GEOCODER_TIMEOUT_SECONDS": 0.3,
    }
    return nominatim


@pytest.mark.django_db
def test_intake__geocodes_a_typed_address_through_the_http_service(
    nominatim_settings: FakeNominatim,
) -> None:
    nominatim_settings.answer("/search", SEARCH_ANSWER)
    ServiceFactory(code="GRAFFITI")

    result = service_request_submit(
        service_code="GRAFFITI",
        location=Location(address="104 Alder St"),
        channel=Channel.WEB,
        now=ServiceFactory.build().created_at,
    )

    request = result.service_request
    assert (request.latitude, request.longitude) == (42.4012, -92.8533)
    assert request.address == "104 Alder St"  # an external answer does not rename the address


@pytest.mark.django_db
@pytest.mark.parametrize("failure", ["timeout", "error"])
def test_intake__refuses_clearly_when_the_http_geocoder_fails_and_stores_nothing(
    nominatim_settings: FakeNominatim, failure: str
) -> None:
    if failure == "timeout":
        nominatim_settings.answer("/search", SEARCH_ANSWER, delay=1.0)
    else:
        nominatim_settings.answer("/search", b"busy", status=503)
    ServiceFactory(code="GRAFFITI")

    with pytest.raises(IntakeValidationError) as refused:
        service_request_submit(
            service_code="GRAFFITI",
            location=Location(address="104 Alder St"),
            channel=Channel.WEB,
            now=ServiceFactory.build().created_at,
        )

    assert list(refused.value.field_errors) == ["address_string"]
    message = refused.value.field_errors["address_string"][0]
    assert "mark the spot on the map" in message
    assert ("did not answer in time" if failure == "timeout" else "HTTP 503") in message
    assert ServiceRequest.objects.count() == 0
    assert ServiceRequestEvent.objects.count() == 0


@pytest.mark.django_db
def test_intake__keeps_a_point_when_reverse_geocoding_fails(
    nominatim_settings: FakeNominatim,
) -> None:
    nominatim_settings.answer("/reverse", b"busy", status=503)
    ServiceFactory(code="GRAFFITI")

    result = service_request_submit(
        service_code="GRAFFITI",
        location=Location(latitude=42.4, longitude=-92.85),
        channel=Channel.WEB,
        now=ServiceFactory.build().created_at,
    )

    assert (result.service_request.latitude, result.service_request.address) == (42.4, "")
