"""Satisfaction from survey responses, checked against figures worked out by hand."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from civicdesk.accounts.enums import Role
from civicdesk.catalog.models import Department, Service
from civicdesk.crm.enums import Channel
from civicdesk.reporting.selectors import MetricFilters
from civicdesk.reporting.selectors.satisfaction import satisfaction_summary
from civicdesk.surveys.enums import InvitationChannel, SurveyTrigger
from civicdesk.surveys.models import Survey, SurveyInvitation, SurveyResponse
from tests.factories import DepartmentFactory, InteractionFactory, ServiceFactory, staff_user

pytestmark = pytest.mark.django_db

CITY = ZoneInfo("America/Chicago")
NOVEMBER = MetricFilters(start_date=date(2026, 11, 1), end_date=date(2026, 11, 30))


def _response(
    *,
    rating: int | None,
    at: datetime,
    service: Service | None = None,
    department: Department | None = None,
    district: str = "",
    channel: str = Channel.WEB,
) -> SurveyResponse:
    survey, _created = Survey.objects.get_or_create(
        code="after-contact", defaults={"trigger": SurveyTrigger.INTERACTION}
    )
    invitation = SurveyInvitation.objects.create(
        survey=survey,
        token=f"token-{SurveyInvitation.objects.count()}",
        interaction=InteractionFactory(),
        channel=InvitationChannel.EMAIL,
        recipient="resident@mail.example",
        language="en",
        expires_at=at,
        answered_at=at,
    )
    return SurveyResponse.objects.create(
        invitation=invitation,
        survey=survey,
        submitted_at=at,
        language="en",
        rating=rating,
        service=service,
        department=department,
        district=district,
        channel=channel,
    )


@pytest.fixture
def answers() -> dict[str, object]:
    streets = DepartmentFactory(code="streets")
    parks = DepartmentFactory(code="parks")
    pothole = ServiceFactory(code="POTHOLE", department=streets)
    graffiti = ServiceFactory(code="GRAFFITI", department=parks)
    # November, pothole, district 1, web: 5, 4, 2 and one without a rating.
    for rating in (5, 4, 2, None):
        _response(
            rating=rating,
            at=datetime(2026, 11, 10, 9, tzinfo=CITY),
            service=pothole,
            department=streets,
            district="1",
        )
    # November, graffiti, district 2, by phone: 3.
    _response(
        rating=3,
        at=datetime(2026, 11, 30, 23, 30, tzinfo=CITY),  # the last evening still counts
        service=graffiti,
        department=parks,
        district="2",
        channel=Channel.PHONE,
    )
    # October and December: outside the period.
    _response(rating=1, at=datetime(2026, 10, 31, 23, 59, tzinfo=CITY), service=pothole)
    _response(rating=1, at=datetime(2026, 12, 1, 0, 0, tzinfo=CITY), service=pothole)
    return {"streets": streets, "parks": parks, "pothole": pothole, "graffiti": graffiti}


def test_period__counts_average_and_share_satisfied(answers: dict[str, object]) -> None:
    summary = satisfaction_summary(filters=NOVEMBER, cached=False)
    # Responses 5, 4, 2, (none), 3: five responses, four ratings summing to 14;
    # satisfied (4 or 5): two of four.
    assert (summary.responses, summary.rated, summary.rating_sum, summary.satisfied) == (
        5,
        4,
        14,
        2,
    )
    assert summary.average_rating == pytest.approx(3.5)
    assert summary.satisfied_share == pytest.approx(0.5)


def test_filters__service_department_district_channel(answers: dict[str, object]) -> None:
    pothole = answers["pothole"]
    parks = answers["parks"]
    assert isinstance(pothole, Service)
    assert isinstance(parks, Department)
    by_service = satisfaction_summary(
        filters=MetricFilters(
            start_date=NOVEMBER.start_date, end_date=NOVEMBER.end_date, service_id=pothole.pk
        ),
        cached=False,
    )
    assert (by_service.responses, by_service.average_rating) == (4, pytest.approx(11 / 3))
    assert by_service.satisfied_share == pytest.approx(2 / 3)

    by_department = satisfaction_summary(
        filters=MetricFilters(department_ids=frozenset({parks.pk})), cached=False
    )
    assert (by_department.responses, by_department.average_rating) == (1, 3.0)
    assert by_department.satisfied_share == 0.0

    assert (
        satisfaction_summary(
            filters=MetricFilters(department_ids=frozenset()), cached=False
        ).responses
        == 0
    )
    assert satisfaction_summary(filters=MetricFilters(district="2"), cached=False).responses == 1
    by_channel = satisfaction_summary(filters=MetricFilters(channel=Channel.WEB), cached=False)
    # Web: the four November pothole answers and the two outside the period.
    assert (by_channel.responses, by_channel.rating_sum) == (6, 13)


def test_nobody_answered__no_average_rather_than_zero(db: None) -> None:
    summary = satisfaction_summary(filters=NOVEMBER)
    assert summary.responses == 0
    assert summary.average_rating is None
    assert summary.satisfied_share is None


# --- On the dashboard and the public page ------------------------------------------------------


@pytest.fixture
def _frozen_in_november(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "civicdesk.core.clock.now", lambda: datetime(2026, 11, 30, 23, 45, tzinfo=CITY)
    )


@pytest.mark.usefixtures("_frozen_in_november")
def test_dashboard__satisfaction_table_and_its_csv(answers: dict[str, object]) -> None:
    client = Client()
    client.force_login(staff_user(Role.ADMINISTRATOR))
    page = client.get("/dashboard/?start=2026-11-01&end=2026-11-30").content.decode()
    assert "Resident satisfaction" in page
    assert "3.5" in page  # the average of 5, 4, 2 and 3
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    client.get(
                        "/dashboard/tables/satisfaction.csv?start=2026-11-01&end=2026-11-30"
                    ).streaming_content
                ).decode()
            )
        )
    )
    assert rows[1:] == [
        ["Survey answers", "5"],
        ["Answers with a rating", "4"],
        ["Average rating (1 to 5)", "3.5"],
        ["Share satisfied (rated 4 or 5)", "50.0"],
    ]


@pytest.mark.usefixtures("_frozen_in_november")
def test_public_page__share_satisfied_with_its_trend(answers: dict[str, object]) -> None:
    page = Client().get("/performance/?start=2026-11-01&end=2026-11-30").content.decode()
    assert "Residents satisfied" in page
    assert '<p class="score__value">50%</p>' in page
    assert "Of the 4 residents who rated our service" in page
    # October had one answer, rated 1 (0% satisfied): up 50 points.
    assert "Up 50 percentage points from the previous 30 days" in page
