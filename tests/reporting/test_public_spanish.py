"""The public performance page and the open-data page in Spanish: a resident who chose español
reads the scorecard, its trends, the tables, the filters and the open-data schema in Spanish,
with no English left over."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from civicdesk.catalog.models import DepartmentTranslation, ServiceTranslation
from civicdesk.portal.management.commands.compile_translations import (
    catalogue_paths,
    compile_catalogue,
)
from civicdesk.reporting.opendata import OPEN_DATA_SCHEMA
from civicdesk.reporting.selectors import SECONDS_PER_DAY, RequestSummary
from civicdesk.reporting.selectors import requests as request_selectors
from civicdesk.reporting.views.public import _scorecard
from tests.factories.reporting import NOW, FixtureCity
from tests.translations import catalogue, untranslated

MAY = "start=2026-05-01&end=2026-05-31"
PACKAGE = Path(settings.PACKAGE_DIR)
SPANISH = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po"
# The code behind what the two public pages show.
PUBLIC_PAGE_SOURCES = (
    "reporting/views/public.py",
    "reporting/templates/reporting/performance.html",
    "reporting/templates/reporting/_public_table.html",
    "reporting/templates/reporting/open_data.html",
    "reporting/templates/reporting/_filters.html",
    "reporting/forms.py",
    "reporting/opendata.py",
    "reporting/selectors/requests.py",
)
PUBLIC_TEMPLATES = [
    PACKAGE / "reporting" / "templates" / "reporting" / name
    for name in ("performance.html", "_public_table.html", "open_data.html", "_filters.html")
]
_TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""")
# What the filter form shows on both pages, in English.
ENGLISH_FILTERS = (
    "Apply filters",
    "Clear filters",
    ">From<",
    ">To<",
    "All departments",
    "All services",
    "All channels",
    "Web portal",
    "Mobile app",
    "Phone call",
    "Automated phone line",
    "Text message",
    "Social media",
    "Walk-in",
    "Reported by city staff",
)
ENGLISH_PERFORMANCE = (
    "How we are doing",
    "How quickly",
    "Requests from",
    "Every figure counts requests",
    "Choose a period",
    "The address of this page",
    "Scorecard",
    "Requests received",
    "Reports and requests residents made",
    "from the previous",
    "Closed within target",
    "Of the requests the city fixed",
    "Median days to close",
    "Half of the requests",
    "By department",
    "By service",
    "Requests and results by",
    "Requests fixed",
    "Fixed within target",
    "none fixed yet",
    "District by district",
    "Every part of the city",
    "Share closed within target",
    "The same figures are in",
    ">Unknown<",
    "About these figures",
    "Within target",
    "Trends compare",
    "Download every request",
    ">Performance<",
    ">Open data<",
    *ENGLISH_FILTERS,
)
ENGLISH_OPEN_DATA = (
    "Open data",
    "Every service request, with public fields only",
    "Download as CSV",
    "Download as JSON Lines",
    "A complete snapshot",
    "Columns, in file order",
    ">Column<",
    ">Type<",
    ">Meaning<",
    "The request number residents see",
    "When the request was received",
    "When it was closed",
    "Internal status",
    "as the Open311 GeoReport v2 API reports it",
    "The code of the department",
    "How it was reported",
    "The ZIP code",
    "rounded to 4 decimals",
    "target time runs out",
    "The request this one duplicates",
    ">Performance<",
    *ENGLISH_FILTERS,
)


@pytest.fixture(scope="module", autouse=True)
def _translations_compiled() -> None:
    """The set-up step builds the .mo files; build them here too when a .po is newer, so that
    running pytest alone after editing a catalogue shows the pages as residents will see them."""
    for path in catalogue_paths():
        compiled = path.with_suffix(".mo")
        if not compiled.exists() or compiled.stat().st_mtime < path.stat().st_mtime:
            compile_catalogue(path)


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("civicdesk.core.clock.now", lambda: NOW)


def _spanish_client() -> Client:
    """A resident who chose español with the site's language switcher (a cookie)."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def _english_left(page: str, phrases: tuple[str, ...]) -> list[str]:
    return [phrase for phrase in phrases if phrase in page]


def test_performance__in_spanish_says_everything_in_spanish(city: FixtureCity) -> None:
    page = _spanish_client().get(f"/performance/?{MAY}").content.decode()
    assert '<html lang="es"' in page
    assert "<h1>Cómo vamos</h1>" in page
    assert "Solicitudes del 1 de mayo de 2026 al 31 de mayo de 2026." in page
    assert "Elija un período, departamento, servicio o distrito" in page
    assert ">Resumen de resultados</h2>" in page
    assert '<h3 class="score__label">Solicitudes recibidas</h3>' in page
    assert '<h3 class="score__label">Cerradas dentro del plazo</h3>' in page
    assert '<h3 class="score__label">Mediana de días hasta el cierre</h3>' in page
    assert '<p class="score__value">3,0</p>' in page  # a Spanish decimal comma
    # April had one request: the trend, with the plural of "the previous N days".
    assert "6 solicitudes más que en los 31 días anteriores." in page
    assert "Solicitudes y resultados por departamento" in page
    assert '<th scope="col">Resueltas dentro del plazo</th>' in page
    assert "todavía ninguna resuelta" in page  # Parks fixed nothing in May
    assert ">Distrito por distrito</h2>" in page
    assert "Porcentaje cerrado dentro del plazo, por distrito" in page  # the chart's title
    assert '<th scope="row">Desconocido</th>' in page  # R8 has no district
    assert ">Sobre estas cifras</h2>" in page
    assert "Llamada telefónica</option>" in page
    assert _english_left(page, ENGLISH_PERFORMANCE) == []


def test_performance__a_one_day_period_compares_with_the_day_before(city: FixtureCity) -> None:
    page = _spanish_client().get("/performance/?start=2026-05-31&end=2026-05-31").content.decode()
    # R6 arrived on 31 May, nothing on the 30th: the singular of "the previous N days".
    assert "más que en el día anterior." in page
    assert "días anteriores" not in page
    assert "from the previous" not in page


def test_open_data__in_spanish_says_everything_in_spanish(city: FixtureCity) -> None:
    # The browser's language alone (no cookie) is enough to get Spanish.
    client = Client(headers={"accept-language": "es-US,es;q=0.9,en;q=0.5"})
    page = client.get("/open-data/").content.decode()
    assert '<html lang="es"' in page
    assert "<h1>Datos abiertos: solicitudes de servicio</h1>" in page
    assert "solo con sus datos públicos" in page
    assert "Descargar en formato CSV" in page
    assert "Descargar en formato JSON Lines" in page
    assert "Columnas, en el orden del archivo" in page
    assert '<th scope="col">Significado</th>' in page
    assert "<td>Cuándo se recibió la solicitud (ISO 8601" in page
    assert "<td>El nombre del servicio.</td>" in page
    assert "Aplicar filtros" in page
    assert "Todos los canales" in page
    assert _english_left(page, ENGLISH_OPEN_DATA) == []


def _summary(**figures: float) -> RequestSummary:
    """A period's request figures: `figures`, and zero for every other."""
    zero = {field.name: 0 for field in dataclasses.fields(RequestSummary)}
    return RequestSummary(**{**zero, **figures})


def test_performance__one_request_more_is_said_in_the_singular(city: FixtureCity) -> None:
    page = _spanish_client().get("/performance/?start=2026-05-31&end=2026-05-31").content.decode()
    assert "1 solicitud más que en el día anterior." in page
    assert "1 solicitudes" not in page


@pytest.mark.parametrize(
    ("current", "previous", "score", "expected"),
    [
        ({"received": 8}, {"received": 7}, 0, "1 solicitud más que en los 30 días anteriores."),
        ({"received": 5}, {"received": 7}, 0, "2 solicitudes menos que en los 30 días anteriores."),
        (
            {"closed_on_time": 51, "closed_late": 49},
            {"closed_on_time": 50, "closed_late": 50},
            1,
            "1 punto porcentual más que en los 30 días anteriores (mejor).",
        ),
        (
            {"closed_on_time": 40, "closed_late": 60},
            {"closed_on_time": 50, "closed_late": 50},
            1,
            "10 puntos porcentuales menos que en los 30 días anteriores (peor).",
        ),
        (
            {"close_median_seconds": 3.5 * SECONDS_PER_DAY},
            {"close_median_seconds": 2 * SECONDS_PER_DAY},
            2,
            "1,5 días más que en los 30 días anteriores (peor).",
        ),
        (
            {"close_median_seconds": 2 * SECONDS_PER_DAY},
            {"close_median_seconds": 3 * SECONDS_PER_DAY},
            2,
            "1 día menos que en los 30 días anteriores (mejor).",
        ),
        (
            {"close_median_seconds": 2.3 * SECONDS_PER_DAY},
            {"close_median_seconds": 2 * SECONDS_PER_DAY},
            2,
            "0,3 días más que en los 30 días anteriores (peor).",
        ),
    ],
)
def test_scorecard__trend_units_agree_with_the_amount_in_spanish(
    current: dict[str, float], previous: dict[str, float], score: int, expected: str
) -> None:
    with translation.override("es"):
        trend = _scorecard(_summary(**current), _summary(**previous), 30)[score].trend
    assert trend is not None
    assert trend.text == expected


def test_performance__rows_whose_fixed_requests_had_no_target_say_so_in_spanish(
    city: FixtureCity,
) -> None:
    page = _spanish_client().get(f"/performance/?{MAY}").content.decode()
    # R8 was fixed in May, with no target; Parks fixed nothing.
    unknown = re.search(r'<th scope="row">Desconocido</th>(.*?)</tr>', page, re.S)
    assert unknown is not None
    assert re.findall(r"<td[^>]*>(.*?)</td>", unknown.group(1)) == ["1", "1", "sin plazo", "1,0"]
    assert page.count("todavía ninguna resuelta") == 2  # Parks, and its only service Graffiti
    page = _spanish_client().get("/performance/?start=2026-05-26&end=2026-05-26").content.decode()
    assert '<p class="score__value">Ninguna de las solicitudes cerradas tenía plazo</p>' in page
    assert "Todavía no hay solicitudes cerradas" not in page
    assert "no target" not in page


def test_performance__services_are_named_in_the_visitors_language(
    city: FixtureCity, monkeypatch: pytest.MonkeyPatch
) -> None:
    ServiceTranslation.objects.create(service=city.pothole, language="es", name="Bache")
    ServiceTranslation.objects.create(service=city.graffiti, language="es", name="")  # blank
    computed: list[str | None] = []
    compute = request_selectors._request_breakdown_compute

    def counted(**kwargs: Any) -> Any:
        computed.append(translation.get_language())
        return compute(**kwargs)

    monkeypatch.setattr(request_selectors, "_request_breakdown_compute", counted)
    english, spanish = Client(), _spanish_client()
    service_rows = re.compile(r'<th scope="row">([^<]*)</th>')

    def services_table(client: Client) -> list[str]:
        page = client.get(f"/performance/?{MAY}").content.decode()
        table = re.search(r'id="public-services">(.*?)</table>', page, re.S)
        assert table is not None
        return service_rows.findall(table.group(1))

    # The cache is kept between the visits: each language's figures are computed once.
    assert services_table(english) == ["Pothole", "Graffiti"]
    assert services_table(spanish) == ["Bache", "Graffiti"]
    assert services_table(english) == ["Pothole", "Graffiti"]
    assert services_table(spanish) == ["Bache", "Graffiti"]
    assert computed == ["en"] * 3 + ["es"] * 3  # departments, services, districts


def test_open_data__column_types_are_in_spanish_on_the_page_only(city: FixtureCity) -> None:
    machine_types = [column[1] for column in OPEN_DATA_SCHEMA]
    page = _spanish_client().get("/open-data/").content.decode()
    rows = dict(re.findall(r"<th scope=\"row\"><code>(\w+)</code></th><td>(.*?)</td>", page))
    assert rows["service_request_id"] == "texto"
    assert rows["requested_datetime"] == "fecha y hora"
    assert rows["closed_datetime"] == "fecha y hora, o vacío"
    assert rows["latitude"] == "número, o vacío"
    assert rows["duplicate_of"] == "texto, o vacío"
    english_types = {
        "string",
        "datetime",
        "datetime or empty",
        "number or empty",
        "string or empty",
    }
    assert not english_types & set(rows.values())
    # The type names people and programs read in the documentation stay as they are.
    with translation.override("es"):
        assert [column[1] for column in OPEN_DATA_SCHEMA] == machine_types
    assert set(machine_types) == english_types
    page = Client().get("/open-data/").content.decode()
    assert "<td>datetime or empty</td>" in page


def test_filters__errors_are_in_spanish(city: FixtureCity) -> None:
    client = _spanish_client()
    backwards = "start=2026-06-01&end=2026-05-01"
    start_after_end = "La fecha de inicio no puede ser posterior a la fecha de fin."
    page = client.get(f"/open-data/?{backwards}").content.decode()
    assert start_after_end in page
    assert "The period must start before it ends." not in page
    refused = client.get(f"/open-data/requests.csv?{backwards}")
    assert refused.status_code == 400
    assert refused.content.decode() == start_after_end
    page = client.get("/performance/?start=2023-01-01&end=2026-05-31").content.decode()
    assert "Elija un período de 731 días como máximo." in page
    assert "Choose a period of at most" not in page


def test_spanish_catalogue_translates_every_string_of_the_public_pages() -> None:
    messages = catalogue("es")
    assert untranslated(messages, PUBLIC_PAGE_SOURCES) == []
    known = set(messages)
    missing = [
        (template.name, match.group(2))
        for template in PUBLIC_TEMPLATES
        for match in _TRANSLATE_TAG.finditer(template.read_text())
        if match.group(2) not in known
    ]
    assert missing == [], "run `civicdesk update_translations` and translate the new strings"


def test_filters__name_and_sort_services_in_the_visitors_language(city: FixtureCity) -> None:
    ServiceTranslation.objects.create(service=city.pothole, language="es", name="Bache")
    ServiceTranslation.objects.create(service=city.graffiti, language="es", name="")  # blank

    def options(client: Client) -> list[str]:
        return _menu(client, "service", f"/performance/?{MAY}&service=POTHOLE")

    assert options(Client())[1:] == ["Graffiti", "Pothole"]
    assert options(_spanish_client())[1:] == ["Bache", "Graffiti"]  # Graffiti has no Spanish name
    page = _spanish_client().get(f"/performance/?{MAY}&service=POTHOLE").content.decode()
    assert '<option value="POTHOLE" selected>Bache</option>' in page


def test_performance__departments_are_named_in_the_visitors_language(city: FixtureCity) -> None:
    DepartmentTranslation.objects.create(department=city.streets, language="es", name="Calles")
    DepartmentTranslation.objects.create(department=city.parks, language="es", name="")  # blank

    def departments_table(client: Client) -> list[str]:
        page = client.get(f"/performance/?{MAY}").content.decode()
        table = re.search(r'id="public-departments">(.*?)</table>', page, re.S)
        assert table is not None
        return re.findall(r'<th scope="row">([^<]*)</th>', table.group(1))

    assert sorted(departments_table(Client())) == ["Parks", "Streets"]
    assert sorted(departments_table(_spanish_client())) == ["Calles", "Parks"]  # Parks: blank
    assert _menu(Client(), "department", f"/performance/?{MAY}")[1:] == ["Parks", "Streets"]
    assert _menu(_spanish_client(), "department", f"/performance/?{MAY}")[1:] == [
        "Calles",
        "Parks",
    ]


def _menu(client: Client, name: str, url: str) -> list[str]:
    """The options of the filter menu `name` on the page at `url`, as shown."""
    page = client.get(url).content.decode()
    menu = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert menu is not None
    return re.findall(r"<option [^>]*>([^<]*)</option>", menu.group(1))
