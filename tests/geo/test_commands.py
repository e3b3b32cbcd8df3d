"""`import_boundaries` and `import_addresses` from files, as an administrator runs them."""

from __future__ import annotations

import gzip
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from civicdesk.geo.cells import cell_for
from civicdesk.geo.geocoding import AddressPointGeocoder
from civicdesk.geo.models import AddressPoint, Boundary
from civicdesk.geo.spatial import boundary_index
from civicdesk.service_requests.models import ServiceRequest
from tests.factories import ServiceFactory
from tests.factories.geo import BoundaryFactory, square

pytestmark = pytest.mark.django_db


def feature_collection(*features: tuple[dict[str, object], dict[str, object]]) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": properties, "geometry": geometry}
                for properties, geometry in features
            ],
        }
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, verbosity=0)
    return out.getvalue()


def test_import_boundaries__loads_named_districts_from_gzipped_geojson(tmp_path: Path) -> None:
    path = tmp_path / "wards.geojson.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(
            feature_collection(
                ({"WARD": 1, "NAME": "Riverside"}, square(-92.90, 42.36, -92.85, 42.44)),
                ({"WARD": 2, "NAME": "Uplands"}, square(-92.85, 42.36, -92.80, 42.44)),
            )
        )

    output = run(
        "import_boundaries",
        str(path),
        "--kind",
        "ward",
        "--layer",
        "wards",
        "--code-field",
        "ward",
        "--name-field",
        "name",
    )

    assert "2 created" in output
    assert sorted(Boundary.objects.values_list("code", "name")) == [
        ("1", "Riverside"),
        ("2", "Uplands"),
    ]
    assert boundary_index().place(longitude=-92.82, latitude=42.4).areas == {"wards": "2"}


def test_import_boundaries__a_bad_file_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "limit.geojson"
    path.write_text(
        feature_collection(
            ({"name": "ok"}, square(-92.90, 42.36, -92.80, 42.44)),
            ({"name": "line"}, {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}),
        )
    )

    with pytest.raises(CommandError, match=r"Nothing was imported.*polygons"):
        run("import_boundaries", str(path), "--kind", "jurisdiction", "--name-field", "name")

    assert Boundary.objects.count() == 0


def test_import_addresses__reads_a_csv_and_skips_unusable_rows(tmp_path: Path) -> None:
    path = tmp_path / "addresses.csv"
    path.write_text(
        "ADDR_NUM,ST_NAME,UNIT,ZIP,LAT,LON,SAM_ADDRESS_ID\n"
        "104,Alder Street,,52840,42.40,-92.86,1001\n"
        "12,North Harbor Avenue,2,52841,42.41,-92.84,1002\n"
        ",No Number Road,,52840,42.42,-92.83,1003\n"
        "7,Nowhere Lane,,52840,,,1004\n",
        encoding="utf-8",
    )

    output = run("import_addresses", str(path))
    again = run("import_addresses", str(path))

    assert "2 created" in output
    assert "2 skipped" in output
    assert "2 updated" in again
    assert AddressPoint.objects.get(address_id="1002").street_key == "N HARBOR AVE"
    assert AddressPointGeocoder().geocode("12 N Harbor Ave Unit 2")[0].address_id == "1002"


def test_import_addresses__reads_geojson_points_with_named_fields(tmp_path: Path) -> None:
    path = tmp_path / "points.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"num": "9", "road": "Harbor Ave", "pc": "52841"},
                        "geometry": {"type": "Point", "coordinates": [-92.82, 42.41]},
                    }
                ],
            }
        )
    )

    run(
        "import_addresses",
        str(path),
        "--field",
        "house_number=num",
        "--field",
        "street=road",
        "--field",
        "zip_code=pc",
    )

    point = AddressPoint.objects.get()
    assert (point.house_number, point.street, point.zip_code) == ("9", "Harbor Ave", "52841")
    assert (point.latitude, point.longitude) == (42.41, -92.82)


def test_import_addresses__says_which_column_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("foo,bar,lat,lon\n1,2,3,4\n", encoding="utf-8")

    with pytest.raises(CommandError, match="--field house_number=COLUMN"):
        run("import_addresses", str(path))


def test_locate_requests__places_history_and_follows_new_boundaries() -> None:
    service = ServiceFactory()
    old = ServiceRequest.objects.create(
        public_id="15-00000001",
        service=service,
        department=service.department,
        channel="phone",
        latitude=42.40,
        longitude=-92.86,
    )
    unlocated = ServiceRequest.objects.create(
        public_id="15-00000002", service=service, department=service.department, channel="phone"
    )
    west = BoundaryFactory(code="1", geometry=square(-92.90, 42.36, -92.85, 42.44))

    first = run("locate_requests")
    again = run("locate_requests")
    old.refresh_from_db()

    assert "1 examined, 1 changed" in first
    assert "0 examined" in again
    assert (old.district, old.areas) == ("1", {"districts": "1"})
    assert old.h3_cell == cell_for(latitude=42.40, longitude=-92.86)

    west.delete()
    BoundaryFactory(code="9", geometry=square(-92.90, 42.36, -92.80, 42.44))
    run("locate_requests", "--all")
    old.refresh_from_db()
    unlocated.refresh_from_db()

    assert old.district == "9"
    assert (unlocated.h3_cell, unlocated.district) == (None, "")
