"""Reading boundary and address files (GeoJSON, CSV, optionally gzipped) into import records.

These only read; `civicdesk.geo.services` writes. Column and property names are matched without
regard to case, with the common spellings of each field tried in turn unless one is named.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from civicdesk.geo.services import AddressRecord, BoundaryFeature, GeoImportError

ADDRESS_FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "address_id": ("address_id", "addressid", "id", "sam_address_id", "property_id", "objectid"),
    "house_number": (
        "house_number",
        "housenumber",
        "number",
        "addr_num",
        "st_num",
        "addr:housenumber",
    ),
    "street": ("street", "street_name", "st_name", "streetname", "full_street_name", "addr:street"),
    "unit": ("unit", "unit_number", "apt", "addr:unit"),
    "zip_code": ("zip_code", "zip", "zipcode", "postcode", "postal_code", "addr:postcode"),
    "city": ("city", "municipality", "addr:city"),
    "latitude": ("latitude", "lat", "y"),
    "longitude": ("longitude", "lon", "lng", "long", "x"),
}


def open_text(path: Path) -> IO[str]:
    """The file as text; `.gz` files are unpacked on the fly, a BOM is dropped."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def read_geojson(path: Path) -> dict[str, Any]:
    try:
        with open_text(path) as handle:
            data = json.load(handle)
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise GeoImportError(f"{path} is not a readable GeoJSON file: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise GeoImportError(f"{path} is not a GeoJSON FeatureCollection.")
    return data


def _lookup(properties: Mapping[str, Any], name: str) -> Any:
    if name in properties:
        return properties[name]
    lowered = name.lower()
    for key, value in properties.items():
        if key.lower() == lowered:
            return value
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def boundary_features(
    data: Mapping[str, Any], *, code_field: str = "", name_field: str = ""
) -> Iterator[BoundaryFeature]:
    """The collection's features; the code comes from `code_field`, else the name, else the
    feature's position (1, 2, …)."""
    for position, feature in enumerate(data.get("features") or [], start=1):
        properties = feature.get("properties") or {}
        name = _text(_lookup(properties, name_field)) if name_field else ""
        code = _text(_lookup(properties, code_field)) if code_field else ""
        if code_field and not code:
            raise GeoImportError(
                f"Feature {position} has no value for the code field {code_field!r}."
            )
        yield BoundaryFeature(
            code=code or name or _text(feature.get("id")) or str(position),
            name=name or code or str(position),
            geometry=feature.get("geometry") or {},
            properties=dict(properties),
        )


def _resolve_columns(columns: list[str], overrides: Mapping[str, str]) -> dict[str, str]:
    lowered = {column.lower(): column for column in columns}
    resolved: dict[str, str] = {}
    for field, aliases in ADDRESS_FIELD_ALIASES.items():
        if field in overrides:
            wanted = overrides[field]
            if wanted.lower() not in lowered:
                raise GeoImportError(f"The file has no column {wanted!r} (for {field}).")
            resolved[field] = lowered[wanted.lower()]
            continue
        for alias in aliases:
            if alias in lowered:
                resolved[field] = lowered[alias]
                break
    missing = [field for field in ("house_number", "street") if field not in resolved]
    if missing:
        raise GeoImportError(
            "Cannot tell which column holds "
            + " and ".join(missing)
            + "; name it with --field "
            + " --field ".join(f"{field}=COLUMN" for field in missing)
            + "."
        )
    return resolved


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def _record(
    row: Mapping[str, Any], columns: Mapping[str, str], lat: Any, lon: Any
) -> AddressRecord:
    def get(field: str) -> str:
        return _text(row.get(columns[field])) if field in columns else ""

    return AddressRecord(
        address_id=get("address_id"),
        house_number=get("house_number"),
        street=get("street"),
        unit=get("unit"),
        zip_code=get("zip_code"),
        city=get("city"),
        latitude=_float(lat),
        longitude=_float(lon),
    )


def address_records(
    path: Path, *, overrides: Mapping[str, str] | None = None
) -> Iterator[AddressRecord]:
    """Address points from a CSV (with latitude/longitude columns) or a GeoJSON of points."""
    overrides = dict(overrides or {})
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".geojson", ".json")):
        data = read_geojson(path)
        features = data.get("features") or []
        columns = _resolve_columns(
            sorted(
                {key for feature in features[:100] for key in (feature.get("properties") or {})}
            ),
            overrides,
        )
        for feature in features:
            geometry = feature.get("geometry") or {}
            coordinates = geometry.get("coordinates") or [None, None]
            if geometry.get("type") != "Point":
                coordinates = [None, None]
            yield _record(feature.get("properties") or {}, columns, coordinates[1], coordinates[0])
        return
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        columns = _resolve_columns(list(reader.fieldnames or []), overrides)
        for field in ("latitude", "longitude"):
            if field not in columns:
                raise GeoImportError(
                    f"Cannot tell which column holds {field}; name it with --field {field}=COLUMN."
                )
        for row in reader:
            yield _record(row, columns, row.get(columns["latitude"]), row.get(columns["longitude"]))
