"""Readers for the shared real-data folder (Boston and NYC), for tests and bench/geo.py.

The folder is `$CIVICDESK_SHARED_DATA`, by default `../shared/data` beside the checkout. Nothing
is copied into the repository; callers skip when a file is absent.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civicdesk.geo.addressing import house_number_value

SHARED_DATA = Path(
    os.environ.get("CIVICDESK_SHARED_DATA")
    or Path(__file__).resolve().parents[3] / "shared" / "data"
)
BOSTON_311 = SHARED_DATA / "311" / "boston" / "boston_311_2015_by_type.csv.gz"
BOSTON_WARDS = SHARED_DATA / "geo" / "boston" / "boston_wards.geojson"
BOSTON_PRECINCTS = SHARED_DATA / "geo" / "boston" / "boston_precincts.geojson"
NYC_COUNCIL = SHARED_DATA / "geo" / "nyc" / "nyc_council_districts.geojson.gz"
NYC_COMMUNITY = SHARED_DATA / "geo" / "nyc" / "nyc_community_districts.geojson.gz"
NYC_311_2018 = SHARED_DATA / "311" / "nyc" / "nyc_311_2018-10-21_oneday_hadro.csv.gz"
# 17,070 Boston rows carry City Hall's coordinate as a placeholder (see the data README).
BOSTON_PLACEHOLDER = (42.3594, -71.0587)


def load_geojson(path: Path) -> dict[str, Any]:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8-sig") as handle:
            return dict(json.load(handle))
    with path.open(encoding="utf-8-sig") as handle:
        return dict(json.load(handle))


def csv_rows(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


@dataclass(frozen=True)
class BostonAddress:
    property_id: str
    house_number: str
    street: str
    zip_code: str
    typed: str  # the case's `Location`, e.g. "29 Hereford St  Boston  MA  02115"
    latitude: float
    longitude: float


def boston_addresses() -> list[BostonAddress]:
    """One real address per distinct `Property_ID` of the 2015 Boston 311 export."""
    seen: dict[str, BostonAddress] = {}
    for row in csv_rows(BOSTON_311):
        property_id = row["Property_ID"].removesuffix(".0")
        if row["Property_Type"] != "Address" or not property_id or property_id in seen:
            continue
        try:
            latitude, longitude = float(row["LATITUDE"]), float(row["LONGITUDE"])
        except ValueError:
            continue
        if (round(latitude, 4), round(longitude, 4)) == BOSTON_PLACEHOLDER:
            continue
        number, _space, street = row["LOCATION_STREET_NAME"].strip().partition(" ")
        if house_number_value(number) is None or not street.strip():
            continue
        zip_text = row["LOCATION_ZIPCODE"].removesuffix(".0")
        seen[property_id] = BostonAddress(
            property_id=property_id,
            house_number=number,
            street=street.strip(),
            zip_code=zip_text.zfill(5) if zip_text else "",
            typed=row["Location"],
            latitude=latitude,
            longitude=longitude,
        )
    return list(seen.values())


def is_held_out(key: str, share_percent: int = 20) -> bool:
    """A stable pseudo-random split by key (the same on every run and machine)."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100 < share_percent


def boston_ward_points(limit: int) -> list[tuple[float, float, str]]:
    """(latitude, longitude, ward number) of real cases, placeholders left out."""
    points: list[tuple[float, float, str]] = []
    for row in csv_rows(BOSTON_311):
        ward = row["ward"].replace("Ward", "").strip()
        try:
            latitude, longitude = float(row["LATITUDE"]), float(row["LONGITUDE"])
        except ValueError:
            continue
        if not ward or (round(latitude, 4), round(longitude, 4)) == BOSTON_PLACEHOLDER:
            continue
        if is_held_out(row["CASE_ENQUIRY_ID"], share_percent=5):
            points.append((latitude, longitude, ward))
            if len(points) >= limit:
                break
    return points


def nyc_community_points() -> list[tuple[float, float, str]]:
    """(latitude, longitude, "QUEENS 05") of the 2018 NYC 311 day that has both."""
    points: list[tuple[float, float, str]] = []
    for row in csv_rows(NYC_311_2018):
        board = row["Community Board"].split(" ", 1)
        try:
            latitude, longitude = float(row["Latitude"]), float(row["Longitude"])
        except ValueError:
            continue
        if len(board) == 2 and board[0].isdigit() and board[1] != "Unspecified":
            points.append((latitude, longitude, f"{board[1]} {board[0]}"))
    return points
