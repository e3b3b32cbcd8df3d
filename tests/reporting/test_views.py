"""The dashboard, its drill-down and CSV tables, the public page and the open-data export."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import User
from civicdesk.crm.enums import Channel
from civicdesk.reporting import tables
from civicdesk.reporting.models import DailyRequestRollup, RequestFact
from civicdesk.reporting.opendata import OPEN_DATA_SCHEMA
from civicdesk.reporting.selectors import OPEN_DATA_COLUMNS, SECONDS_PER_DAY, RequestSummary
from civicdesk.reporting.services import rollups_refresh
from civicdesk.reporting.views.public import _scorecard
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.models import ServiceRequest
from tests.factories import DepartmentFactory, UserFactory, staff_user
from tests.factories.reporting import (
    NOW,
    RESIDENT_ADDRESS,
    RESIDENT_EMAILS,
    RESIDENT_NAMES,
    RESIDENT_PHONES,
    FixtureCity,
    may,
    service_request_with_timeline,
)

MAY = "start=2026-05-01&end=2026-05-31"
DASHBOARD_URLS = [
    "/dashboard/",
    "/dashboard/live/",
    "/dashboard/requests/",
    "/dashboard/tables/departments.csv",
]


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("civicdesk.core.clock.now", lambda: NOW)


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _body(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _snapshot() -> tuple[int, int, int, list[str]]:
    return (
        ServiceRequest.objects.count(),
        RequestFact.objects.count(),
        DailyRequestRollup.objects.count(),
        sorted(ServiceRequest.objects.values_list("status", flat=True)),
    )


# --- Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", DASHBOARD_URLS)
def test_dashboard__anonymous_is_sent_to_sign_in(city: FixtureCity, url: str) -> None:
    before = _snapshot()
    response = _client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert _snapshot() == before


@pytest.mark.parametrize("url", DASHBOARD_URLS)
@pytest.mark.parametrize(
    "role",
    [Role.AGENT, Role.DEPARTMENT_STAFF, Role.CREW_MEMBER, Role.ENGAGEMENT_COORDINATOR, None],
)
def test_dashboard__staff_without_the_role_are_refused(
    city: FixtureCity, url: str, role: Role | None
) -> None:
    user: User
    if role is None:
        user = cast(User, UserFactory())  # signed in, no role at all
    else:
        user = staff_user(role, department=city.streets if role.is_department_scoped else None)
    before = _snapshot()
    assert _client(user).get(url).status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("url", DASHBOARD_URLS)
def test_dashboard__supervisors_and_managers_get_in(city: FixtureCity, url: str) -> None:
    supervisor = staff_user(Role.SUPERVISOR, department=city.streets)
    administrator = staff_user(Role.ADMINISTRATOR)
    before = _snapshot()
    assert _client(supervisor).get(url).status_code == 200
    assert _client(administrator).get(url).status_code == 200
    assert _snapshot() == before


def test_dashboard__a_user_with_the_city_performance_permission_is_a_manager(
    city: FixtureCity,
) -> None:
    from django.contrib.auth.models import Permission

    manager = cast(User, UserFactory(is_staff=True))
    manager.user_permissions.add(Permission.objects.get(codename="view_city_performance"))
    response = _client(manager).get(f"/dashboard/?{MAY}")
    assert response.status_code == 200
    assert "Parks" in _body(response)
    assert "Streets" in _body(response)


def test_dashboard__supervisor_sees_only_their_departments(city: FixtureCity) -> None:
    supervisor = staff_user(Role.SUPERVISOR, department=city.parks)
    page = _body(_client(supervisor).get(f"/dashboard/?{MAY}"))
    assert "Graffiti" in page
    assert "Pothole" not in page
    csv_rows = list(
        csv.reader(
            io.StringIO(_body(_client(supervisor).get(f"/dashboard/tables/departments.csv?{MAY}")))
        )
    )
    assert [row[0] for row in csv_rows[1:]] == ["Parks"]
    # Asking for another department's figures does not widen the scope.
    other = _body(_client(supervisor).get(f"/dashboard/requests/?{MAY}&department=streets"))
    assert all(public_id not in other for public_id in _public_ids(city, "R1", "R2", "R3"))


def _public_ids(city: FixtureCity, *keys: str) -> list[str]:
    return [city.requests[key].public_id for key in keys]


# --- The dashboard ----------------------------------------------------------------------------


def test_dashboard__shows_figures_charts_with_tables_and_the_live_script(city: FixtureCity) -> None:
    administrator = staff_user(Role.ADMINISTRATOR)
    response = _client(administrator).get(f"/dashboard/?{MAY}")
    page = _body(response)
    assert response.status_code == 200
    assert page.count('role="img"') >= 5
    assert page.count("<title id=") == page.count('role="img"')
    assert "/static/reporting/live.js" in page
    assert "<script>" not in page  # no inline script under our Content Security Policy
    assert 'data-live-field="open_now">2<' in page
    assert 'data-live-field="breaching_now">1<' in page
    for slug in ("summary", "volume", "departments", "services", "districts", "channels"):
        assert f"/dashboard/tables/{slug}.csv" in page
    assert "50%" in page  # Streets resolved within target


def test_dashboard__table_cells_are_escaped_and_link_to_their_requests(
    city: FixtureCity,
) -> None:
    city.pothole.name = 'Pothole <b>"deep"</b> & wide'
    city.pothole.save(update_fields=["name"])
    administrator = staff_user(Role.ADMINISTRATOR)
    page = _body(_client(administrator).get(f"/dashboard/?{MAY}"))
    assert "<b>" not in page
    escaped = "Pothole &lt;b&gt;&quot;deep&quot;&lt;/b&gt; &amp; wide"
    link = "/dashboard/requests/?start=2026-05-01&amp;end=2026-05-31&amp;service=POTHOLE"
    assert f'<tr><th scope="row"><a href="{link}">{escaped}</a></th>' in page
    assert f'<td class="number"><a href="{link}&amp;state=late">' in page


def test_dashboard__query_count_is_bounded(
    city: FixtureCity, django_assert_max_num_queries: Any
) -> None:
    administrator = staff_user(Role.ADMINISTRATOR)
    client = _client(administrator)
    with django_assert_max_num_queries(40):
        assert client.get(f"/dashboard/?{MAY}").status_code == 200


def test_live__returns_the_live_figures_as_json(city: FixtureCity) -> None:
    supervisor = staff_user(Role.SUPERVISOR, department=city.parks)
    figures = json.loads(_body(_client(supervisor).get("/dashboard/live/")))
    assert (figures["received_today"], figures["open_now"], figures["breaching_now"]) == (1, 2, 1)


def test_drill_down__lists_the_requests_behind_a_figure(city: FixtureCity) -> None:
    administrator = staff_user(Role.ADMINISTRATOR)
    client = _client(administrator)
    late = _body(client.get(f"/dashboard/requests/?{MAY}&department=streets&state=late"))
    assert all(public_id in late for public_id in _public_ids(city, "R2", "R7"))
    assert all(public_id not in late for public_id in _public_ids(city, "R1", "R3", "R8"))
    old = _body(client.get("/dashboard/requests/?state=open&age=8-30"))
    assert city.requests["R5"].public_id in old
    assert city.requests["R6"].public_id not in old
    web = _body(client.get(f"/dashboard/requests/?{MAY}&channel=web"))
    assert all(public_id in web for public_id in _public_ids(city, "R2", "R3", "R6"))
    assert city.requests["R1"].public_id not in web


def test_table_csv__has_the_same_rows_as_the_page(city: FixtureCity) -> None:
    administrator = staff_user(Role.ADMINISTRATOR)
    response = _client(administrator).get(f"/dashboard/tables/channels.csv?{MAY}")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(_body(response))))
    assert rows[0][:2] == ["Channel", "Received"]
    assert {row[0]: int(row[1]) for row in rows[1:]} == {
        "Web portal": 3,
        "Phone call": 2,
        "Mobile app (Open311)": 1,
        "E-mail": 1,
    }
    assert _client(administrator).get("/dashboard/tables/nothing.csv").status_code == 404


# --- The public page ---------------------------------------------------------------------------


def test_performance__scorecard_in_plain_language(city: FixtureCity) -> None:
    page = _body(_client().get(f"/performance/?{MAY}"))
    assert "Requests received" in page
    assert "50%" in page  # closed within target
    assert '<p class="score__value">3.0</p>' in page  # median days to close
    assert "Up 6 requests from the previous 31 days." in page  # April had one request
    assert "District by district" in page
    assert 'aria-hidden="true" class="trend-arrow"' in page


def test_performance__filters_live_in_the_url(city: FixtureCity) -> None:
    page = _body(_client().get(f"/performance/?{MAY}&department=parks"))
    assert '<th scope="row">Graffiti</th>' in page
    assert '<th scope="row">Pothole</th>' not in page
    assert 'value="parks" selected' in page


def test_public_outputs__contain_no_personal_data(city: FixtureCity) -> None:
    client = _client()
    outputs = {
        "page": _body(client.get(f"/performance/?{MAY}")),
        "csv": _body(client.get("/open-data/requests.csv")),
        "jsonl": _body(client.get("/open-data/requests.jsonl")),
        "schema": _body(client.get("/open-data/")),
    }
    secrets = [*RESIDENT_NAMES, *RESIDENT_EMAILS, *RESIDENT_PHONES, RESIDENT_ADDRESS]
    for name, output in outputs.items():
        for secret in secrets:
            assert secret.lower() not in output.lower(), (name, secret)
        # The phone's last digits in any other layout: a number of their own, not digits that
        # happen to occur inside a longer one (a timestamp's microseconds, "13.018742").
        assert re.search(r"(?<![0-9])0187(?![0-9])", output) is None, name
    assert city.requests["R1"].public_id in outputs["csv"]


def _score(page: str, label: str) -> tuple[str, str]:
    """The value and the trend (empty when none) of the scorecard's `label`, as text."""
    found = re.search(
        rf'<h3 class="score__label">{re.escape(label)}</h3>\s*<p class="score__value">(.*?)</p>'
        r'\s*(?:<p class="score__trend[^"]*"><span[^>]*>.</span> (.*?)</p>)?',
        page,
    )
    assert found is not None, label
    return found.group(1), found.group(2) or ""


def _table_row(page: str, table_id: str, label: str) -> list[str]:
    """The cells of the row headed `label` in the table `table_id`, as text."""
    table = re.search(rf'<table class="report-table" id="{table_id}">(.*?)</table>', page, re.S)
    assert table is not None, table_id
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', table.group(1), re.S)
    assert row is not None, (table_id, label)
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)


def test_performance__trend_units_agree_with_their_amount(city: FixtureCity) -> None:
    # R6 arrived on 31 May, nothing on the 30th.
    page = _body(_client().get("/performance/?start=2026-05-31&end=2026-05-31"))
    assert _score(page, "Requests received")[1] == "Up 1 request from the previous day."
    # 9-26 May: R2 (6 days) and R8 (1 day) closed, a median of 3.5; 21 April - 8 May: R7
    # (12 days), R1 (2) and R3 (3), a median of 3.
    page = _body(_client().get("/performance/?start=2026-05-09&end=2026-05-26"))
    assert _score(page, "Median days to close") == (
        "3.5",
        "Up 0.5 days from the previous 18 days (worse).",
    )
    # 66.7% of 21 April - 8 May closed within target (R1 and R3, not R7), none of 9-26 May.
    assert _score(page, "Closed within target") == (
        "0%",
        "Down 67 percentage points from the previous 18 days (worse).",
    )


def test_performance__a_change_of_one_day_is_said_in_the_singular(city: FixtureCity) -> None:
    service_request_with_timeline(  # closed on 25 May after 2 days; R8 on the 26th after 1
        service=city.pothole,
        created_at=may(23, 10),
        channel=Channel.WEB,
        district="south",
        moves=((Status.IN_PROGRESS, may(23, 11)), (Status.RESOLVED, may(25, 10))),
    )
    rollups_refresh(now=NOW)
    page = _body(_client().get("/performance/?start=2026-05-26&end=2026-05-26"))
    assert _score(page, "Median days to close") == (
        "1.0",  # as the tables below show it, not cut to 0.9
        "Down 1 day from the previous day (better).",
    )
    assert _table_row(page, "public-services", "Pothole")[-1] == "1.0"


def _summary(**figures: float) -> RequestSummary:
    """A period's request figures: `figures`, and zero for every other."""
    zero = {field.name: 0 for field in dataclasses.fields(RequestSummary)}
    return RequestSummary(**{**zero, **figures})


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (8, 7, "Up 1 request from the previous 30 days."),
        (5, 7, "Down 2 requests from the previous 30 days."),
        (1234, 0, "Up 1,234 requests from the previous 30 days."),
        (7, 7, "About the same as the previous 30 days."),
    ],
)
def test_scorecard__requests_trend_agrees_with_the_number(
    current: int, previous: int, expected: str
) -> None:
    with translation.override("en"):
        received = _scorecard(_summary(received=current), _summary(received=previous), 30)[0]
    assert received.trend is not None
    assert received.trend.text == expected


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (3.5, 2.0, "Up 1.5 days from the previous 30 days (worse)."),
        (2.0, 3.0, "Down 1 day from the previous 30 days (better)."),
        (2.96, 2.0, "Up 1 day from the previous 30 days (worse)."),  # 0.96 shows as 1
        (2.0, 4.0, "Down 2 days from the previous 30 days (better)."),
        (2.46, 2.0, "Up 0.5 days from the previous 30 days (worse)."),  # not cut to 0.4
        (2.04, 2.0, "About the same as the previous 30 days."),
    ],
)
def test_scorecard__days_trend_agrees_with_the_amount_shown(
    current: float, previous: float, expected: str
) -> None:
    with translation.override("en"):
        median = _scorecard(
            _summary(close_median_seconds=current * SECONDS_PER_DAY),
            _summary(close_median_seconds=previous * SECONDS_PER_DAY),
            30,
        )[2]
    assert median.trend is not None
    assert median.trend.text == expected


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        ((51, 49), (50, 50), "Up 1 percentage point from the previous 30 days (better)."),
        ((2, 1), (1, 1), "Up 17 percentage points from the previous 30 days (better)."),  # 67-50
        ((40, 60), (50, 50), "Down 10 percentage points from the previous 30 days (worse)."),
        ((1004, 996), (50, 50), "About the same as the previous 30 days."),  # 50.2% and 50%
    ],
)
def test_scorecard__share_trend_agrees_with_the_points_shown(
    current: tuple[int, int], previous: tuple[int, int], expected: str
) -> None:
    on_time, late = current
    before_on_time, before_late = previous
    with translation.override("en"):
        share = _scorecard(
            _summary(closed_on_time=on_time, closed_late=late),
            _summary(closed_on_time=before_on_time, closed_late=before_late),
            30,
        )[1]
    assert share.trend is not None
    assert share.trend.text == expected


def test_scorecard__a_half_percent_rounds_up_as_its_trend_does() -> None:
    """1 of 8 on time is 12.5%: shown 13%, as the trend beside it and the tables round halves."""
    with translation.override("en"):
        share = _scorecard(
            _summary(closed_on_time=1, closed_late=7),
            _summary(closed_on_time=1, closed_late=9),  # 10%
            30,
        )[1]
    assert share.value == "13%"
    assert share.trend is not None
    assert share.trend.text == "Up 3 percentage points from the previous 30 days (better)."
    assert tables.share_cell(1 / 8).text == "13%"
    assert tables.share_cell(3 / 8).text == "38%"  # 37.5%: half-even would say 38% too
    assert tables.share_cell(0.0049).text == "0%"


def test_performance__rows_whose_fixed_requests_had_no_target_say_so(city: FixtureCity) -> None:
    page = _body(_client().get(f"/performance/?{MAY}"))
    # R8 (no district, no target) was fixed in May: fixed, but with nothing to be on time for.
    assert _table_row(page, "public-districts", "Unknown") == ["1", "1", "no target", "1.0"]
    # Parks (graffiti) fixed nothing in May.
    assert _table_row(page, "public-departments", "Parks") == ["3", "0", "none fixed yet", "—"]
    assert _table_row(page, "public-departments", "Streets")[:3] == ["4", "5", "50%"]
    # On 26 May only R8 was fixed: the scorecard says why there is no share either.
    page = _body(_client().get("/performance/?start=2026-05-26&end=2026-05-26"))
    assert _score(page, "Closed within target")[0] == "None of the closed requests had a target"
    assert _table_row(page, "public-services", "Pothole") == ["0", "1", "no target", "1.0"]
    page = _body(_client().get("/performance/?start=2026-05-31&end=2026-05-31"))
    assert _score(page, "Closed within target")[0] == "No requests closed yet"


# --- Open data -----------------------------------------------------------------------------------


def _jsonl(response: Any) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _body(response).splitlines()]


def test_open_data__csv_and_jsonl_stream_the_documented_columns(city: FixtureCity) -> None:
    client = _client()
    response = client.get("/open-data/requests.csv")
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    assert tuple(rows[0]) == OPEN_DATA_COLUMNS
    assert tuple(name for name, _type, _text in OPEN_DATA_SCHEMA) == OPEN_DATA_COLUMNS
    assert len(rows) == 8
    records = _jsonl(client.get("/open-data/requests.jsonl"))
    assert len(records) == 8
    r4 = next(r for r in records if r["service_request_id"] == city.requests["R4"].public_id)
    assert r4["status"] == "closed_duplicate"
    assert r4["open311_status"] == "closed"
    assert r4["duplicate_of"] == city.requests["R5"].public_id
    assert (r4["latitude"], r4["longitude"]) == (41.6612, -91.5346)
    assert r4["service_code"] == "GRAFFITI"


def test_open_data__takes_the_dashboard_filters(city: FixtureCity) -> None:
    records = _jsonl(_client().get(f"/open-data/requests.jsonl?{MAY}&department=streets"))
    assert sorted(r["service_request_id"] for r in records) == sorted(
        _public_ids(city, "R1", "R2", "R3", "R8")
    )
    bad = _client().get("/open-data/requests.csv?start=2026-06-01&end=2026-05-01")
    assert bad.status_code == 400


def test_open_data__reads_in_one_query_whatever_the_row_count(
    city: FixtureCity, django_assert_num_queries: Any
) -> None:
    client = _client()
    with django_assert_num_queries(1):
        body = _body(client.get("/open-data/requests.jsonl"))
    assert body.count("\n") == 8


def test_other_department_ids_do_not_leak_into_supervisor_choices(city: FixtureCity) -> None:
    DepartmentFactory(code="water", name="Water")
    supervisor = staff_user(Role.SUPERVISOR, department=city.parks)
    page = _body(_client(supervisor).get("/dashboard/"))
    assert 'value="water"' not in page
    assert 'value="parks"' in page


def test_drill_down__query_count_does_not_grow_with_the_page(
    city: FixtureCity, django_assert_max_num_queries: Any
) -> None:
    administrator = staff_user(Role.ADMINISTRATOR)
    client = _client(administrator)
    with django_assert_max_num_queries(15):
        response = client.get(f"/dashboard/requests/?{MAY}")
    assert _body(response).count('<th scope="row">26-T') == 7


def test_drill_down__downloads_as_csv(city: FixtureCity) -> None:
    supervisor = staff_user(Role.SUPERVISOR, department=city.streets)
    response = _client(supervisor).get(f"/dashboard/requests/?{MAY}&state=late&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(_body(response))))
    assert rows[0][0] == "Request"
    assert sorted(row[0] for row in rows[1:]) == sorted(_public_ids(city, "R2", "R7"))
