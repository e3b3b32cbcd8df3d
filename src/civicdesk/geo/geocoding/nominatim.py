"""An adapter for a Nominatim-compatible HTTP geocoder (OpenStreetMap's, or a city's own).

Set `GEOCODER=civicdesk.geo.geocoding.NominatimGeocoder` and `GEOCODER_URL`. Every failure —
a timeout, a refused connection, an HTTP error, a body that is not the expected JSON — becomes a
`GeocoderUnavailableError` with a sentence a person can act on; nothing is guessed.
"""

from __future__ import annotations

import json
import logging
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from civicdesk.geo.geocoding.base import GeocodeCandidate, GeocoderUnavailableError

logger = logging.getLogger(__name__)


class NominatimGeocoder:
    """Forward (`/search`) and reverse (`/reverse`) geocoding over HTTP, JSON v2 format."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout_seconds: float | None = None,
        user_agent: str | None = None,
    ) -> None:
        config = settings.CIVICDESK
        self.base_url = (base_url or config["GEOCODER_URL"]).rstrip("/")
        self.timeout_seconds = float(
            timeout_seconds if timeout_seconds is not None else config["GEOCODER_TIMEOUT_SECONDS"]
        )
        self.user_agent = user_agent or config["GEOCODER_USER_AGENT"]
        if not self.base_url.startswith(("http://", "https://")):
            raise ValueError("GEOCODER_URL must start with http:// or https://")

    def geocode(self, query: str, *, zip_code: str = "", limit: int = 5) -> list[GeocodeCandidate]:
        text = f"{query.strip()} {zip_code.strip()}".strip()
        if not text:
            return []
        body = self._get(
            "/search", {"q": text, "format": "jsonv2", "limit": str(limit), "addressdetails": "1"}
        )
        if not isinstance(body, list):
            raise self._unexpected("search")
        candidates = [self._candidate(item, rank=rank) for rank, item in enumerate(body)]
        return candidates[:limit]

    def reverse(self, *, latitude: float, longitude: float) -> GeocodeCandidate | None:
        body = self._get(
            "/reverse",
            {"lat": f"{latitude:.7f}", "lon": f"{longitude:.7f}", "format": "jsonv2"},
        )
        if isinstance(body, dict) and "error" in body:
            return None  # Nominatim's answer for "nothing here", e.g. the open sea.
        if not isinstance(body, dict):
            raise self._unexpected("reverse")
        candidate = self._candidate(body, rank=0)
        return GeocodeCandidate(
            address=candidate.address,
            latitude=candidate.latitude,
            longitude=candidate.longitude,
            score=candidate.score,
            address_id=candidate.address_id,
            zip_code=candidate.zip_code,
            match="reverse",
        )

    def _get(self, path: str, parameters: dict[str, str]) -> Any:
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(parameters)}"
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked in __init__)
            url, headers={"User-Agent": self.user_agent, "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_seconds) as response:  # noqa: S310
                raw = response.read(2_000_000)
        except urllib.error.HTTPError as error:
            logger.warning("Geocoder %s answered HTTP %s", self.base_url, error.code)
            raise GeocoderUnavailableError(
                _("The address service answered with an error (HTTP %(status)s).")
                % {"status": error.code}
            ) from error
        except TimeoutError as error:
            logger.warning("Geocoder %s timed out after %ss", self.base_url, self.timeout_seconds)
            raise GeocoderUnavailableError(
                _("The address service did not answer in time.")
            ) from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError | socket.timeout):
                raise GeocoderUnavailableError(
                    _("The address service did not answer in time.")
                ) from error
            logger.warning("Geocoder %s unreachable: %s", self.base_url, reason)
            raise GeocoderUnavailableError(_("The address service cannot be reached.")) from error
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise self._unexpected(path.strip("/")) from error

    def _unexpected(self, what: str) -> GeocoderUnavailableError:
        logger.warning("Geocoder %s sent an unexpected %s answer", self.base_url, what)
        return GeocoderUnavailableError(_("The address service sent an answer we cannot read."))

    def _candidate(self, item: Any, *, rank: int) -> GeocodeCandidate:
        try:
            latitude = float(item["lat"])
            longitude = float(item["lon"])
            address = str(item.get("display_name", ""))
        except (KeyError, TypeError, ValueError) as error:
            raise self._unexpected("place") from error
        # Nominatim ranks its answers; its own "importance" measures fame, not accuracy.
        score = max(50.0, 100.0 - 10.0 * rank)
        details = item.get("address") if isinstance(item.get("address"), dict) else {}
        return GeocodeCandidate(
            address=address,
            latitude=latitude,
            longitude=longitude,
            score=round(min(100.0, score), 1),
            address_id=f"osm:{item['osm_type']}:{item['osm_id']}"
            if "osm_type" in item and "osm_id" in item
            else "",
            zip_code=str(details.get("postcode", "")),
            match="external",
        )
