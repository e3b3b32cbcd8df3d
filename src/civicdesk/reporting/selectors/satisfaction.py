"""Resident satisfaction from survey responses: how many answered, the average rating (1-5),
and the share satisfied (a rating of 4 or 5).

Responses are counted on the day they were answered (the city's calendar day). Service,
department and district are those of the request the survey was about (responses about a
contact-center interaction that touched no request have none, so filtering by them leaves those
out); the channel is the request's (how it was reported) or, for a survey about an interaction,
the interaction's. Responses without a rating (only text or choices answered) count as
responses but not in the average or the share.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q, QuerySet, Sum

from civicdesk.reporting.selectors._base import (
    MetricFilters,
    _cached,
    _filters_key,
    _share,
    day_start,
)
from civicdesk.surveys.enums import SATISFIED_MIN_RATING
from civicdesk.surveys.models import SurveyResponse


@dataclass(frozen=True)
class SatisfactionSummary:
    """Survey figures for a period. Shares are 0-1, or None when nobody gave a rating."""

    responses: int
    rated: int
    rating_sum: int
    satisfied: int

    @property
    def average_rating(self) -> float | None:
        return self.rating_sum / self.rated if self.rated else None

    @property
    def satisfied_share(self) -> float | None:
        return _share(self.satisfied, self.rated)


def survey_response_list_matching(*, filters: MetricFilters) -> QuerySet[SurveyResponse]:
    """Responses answered in the period that match the filters."""
    responses = SurveyResponse.objects.order_by()
    if filters.service_id is not None:
        responses = responses.filter(service_id=filters.service_id)
    if filters.department_ids is not None:
        responses = responses.filter(department_id__in=sorted(filters.department_ids))
    if filters.district:
        responses = responses.filter(district=filters.district)
    if filters.channel:
        responses = responses.filter(channel=filters.channel)
    if filters.start_date is not None:
        responses = responses.filter(submitted_at__gte=day_start(filters.start_date))
    if filters.end_date is not None:
        responses = responses.filter(
            submitted_at__lt=day_start(filters.end_date + timedelta(days=1))
        )
    return responses


def _satisfaction_summary_compute(*, filters: MetricFilters) -> SatisfactionSummary:
    totals = survey_response_list_matching(filters=filters).aggregate(
        responses=Count("pk"),
        rated=Count("pk", filter=Q(rating__isnull=False)),
        rating_sum=Sum("rating"),
        satisfied=Count("pk", filter=Q(rating__gte=SATISFIED_MIN_RATING)),
    )
    return SatisfactionSummary(**{key: value or 0 for key, value in totals.items()})


def satisfaction_summary(*, filters: MetricFilters, cached: bool = True) -> SatisfactionSummary:
    """Responses, average rating and share satisfied for the period and filters.

    Read from the responses themselves (not the daily rollups), so a new answer shows within
    LIVE_CACHE_SECONDS; `cached=False` reads the database now.
    """
    if not cached:
        return _satisfaction_summary_compute(filters=filters)
    from civicdesk.core import clock

    return _cached(
        "satisfaction",
        _filters_key(filters),
        lambda: _satisfaction_summary_compute(filters=filters),
        live_at=clock.now(),
    )
