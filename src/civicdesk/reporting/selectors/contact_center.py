"""Contact-center figures: first-contact resolution, handle time, knowledge-base deflection."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q, Sum

from civicdesk.crm.enums import InteractionOutcome, InteractionReason
from civicdesk.reporting.models import (
    DailyDistribution,
    DailyInteractionRollup,
    DistributionMeasure,
)
from civicdesk.reporting.selectors._base import (
    MetricFilters,
    _cached,
    _date_range,
    _filters_key,
    _share,
    percentile_from_buckets,
)

# --- The contact center --------------------------------------------------------------------------

DEFLECTED_REASON = InteractionReason.QUESTION
DEFLECTED_OUTCOME = InteractionOutcome.ANSWERED


@dataclass(frozen=True)
class ContactCenterSummary:
    interactions: int
    first_contact_resolutions: int
    handled: int
    handle_seconds_sum: int
    handle_median_seconds: float | None
    handle_p90_seconds: float | None
    questions: int
    questions_deflected: int

    @property
    def first_contact_resolution_rate(self) -> float | None:
        return _share(self.first_contact_resolutions, self.interactions)

    @property
    def handle_mean_seconds(self) -> float | None:
        return self.handle_seconds_sum / self.handled if self.handled else None

    @property
    def deflection_rate(self) -> float | None:
        """Questions answered (from the knowledge base) without filing a request."""
        return _share(self.questions_deflected, self.questions)


def _contact_center_summary_compute(*, filters: MetricFilters) -> ContactCenterSummary:
    """Interactions in the period (and channel): first-contact resolution, handle time, and
    knowledge-base deflection. Service, department and district do not apply: a question
    answered on the phone belongs to no department."""
    rollups = _date_range(DailyInteractionRollup.objects.order_by(), "day", filters)
    handle_times = _date_range(
        DailyDistribution.objects.filter(measure=DistributionMeasure.HANDLE).order_by(),
        "day",
        filters,
    )
    if filters.channel:
        rollups = rollups.filter(channel=filters.channel)
        handle_times = handle_times.filter(grouping="channel", channel=filters.channel)
    else:
        handle_times = handle_times.filter(grouping="")
    is_deflected = Q(reason=DEFLECTED_REASON, outcome=DEFLECTED_OUTCOME, has_service_request=False)
    totals = rollups.aggregate(
        interactions=Sum("interaction_count"),
        first_contact_resolutions=Sum("first_contact_resolution_count"),
        handled=Sum("handled_count"),
        handle_seconds_sum=Sum("handle_seconds_sum"),
        questions=Sum("interaction_count", filter=Q(reason=DEFLECTED_REASON)),
        questions_deflected=Sum("interaction_count", filter=is_deflected),
    )
    durations: Counter[int] = Counter()
    for counts in handle_times.values_list("counts", flat=True):
        for bucket, number in counts:
            durations[bucket] += number
    return ContactCenterSummary(
        handle_median_seconds=percentile_from_buckets(durations, 0.5),
        handle_p90_seconds=percentile_from_buckets(durations, 0.9),
        **{key: value or 0 for key, value in totals.items()},
    )


def contact_center_summary(*, filters: MetricFilters) -> ContactCenterSummary:
    """Interactions in the period (and channel): first-contact resolution, handle time, and
    knowledge-base deflection. Service, department and district do not apply: a question
    answered on the phone belongs to no department."""
    return _cached(
        "contact-center",
        _filters_key(filters),
        lambda: _contact_center_summary_compute(filters=filters),
    )
