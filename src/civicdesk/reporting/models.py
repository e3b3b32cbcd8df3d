"""Derived reporting tables: one fact row per request, and additive daily rollups.

Nothing here is a record of its own: every row is rebuilt from the timeline, the requests and the
interactions by `reporting.services` (`rollups_refresh`), and can be thrown away and rebuilt with
`civicdesk refresh_rollups --full`. Metrics are read only through `reporting.selectors`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicdesk.crm.enums import Channel, InteractionOutcome, InteractionReason
from civicdesk.service_requests.workflow import OPEN_STATUSES

OPEN_FACT = Q(status__in=sorted(status.value for status in OPEN_STATUSES))


class RequestFact(models.Model):
    """What the timeline says about one request, flattened for percentiles and rollups."""

    service_request = models.OneToOneField(
        "service_requests.ServiceRequest",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reporting_fact",
    )
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    department = models.ForeignKey(
        "catalog.Department", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20)
    created_at = models.DateTimeField(_("received at"))
    created_date = models.DateField(_("received on"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledge_seconds = models.BigIntegerField(_("seconds to acknowledge"), null=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_date = models.DateField(_("closed on"), null=True, blank=True)
    close_seconds = models.BigIntegerField(_("seconds to close"), null=True)
    is_resolved = models.BooleanField(
        _("closed with the work done"),
        default=False,
        help_text=_("Resolved or closed; not a duplicate, cancelled or referred request."),
    )
    sla_due_at = models.DateTimeField(_("SLA due"), null=True, blank=True)
    is_closed_on_time = models.BooleanField(_("closed within target"), null=True)
    has_been_resolved = models.BooleanField(_("resolved at least once"), default=False)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    is_duplicate = models.BooleanField(_("closed as a duplicate"), default=False)
    satisfaction_score = models.PositiveSmallIntegerField(_("satisfaction (1-5)"), null=True)
    hotspot_cell = models.BigIntegerField(
        _("hotspot cell"), null=True, help_text=_("The location's H3 cell at resolution 8.")
    )
    acknowledge_bucket = models.PositiveSmallIntegerField(
        _("bucket of the time to acknowledge"), null=True
    )
    close_bucket = models.PositiveSmallIntegerField(_("bucket of the time to close"), null=True)
    sla_due_date = models.DateField(_("SLA due on"), null=True, blank=True)

    class Meta:
        verbose_name = _("request fact")
        verbose_name_plural = _("request facts")
        # The percentile reads can be index-only scans: the partial indexes below hold the
        # duration they sort and every column a filter tests.
        indexes = [
            models.Index(fields=["created_date", "department", "service"], name="fact_created_idx"),
            models.Index(
                fields=[
                    "created_date",
                    "department",
                    "service",
                    "district",
                    "channel",
                    "acknowledge_seconds",
                ],
                name="fact_acknowledged_idx",
                condition=Q(acknowledge_seconds__isnull=False),
            ),
            models.Index(
                fields=[
                    "created_date",
                    "department",
                    "service",
                    "district",
                    "channel",
                    "hotspot_cell",
                ],
                name="fact_hotspot_idx",
                condition=Q(hotspot_cell__isnull=False),
            ),
            models.Index(
                fields=[
                    "closed_date",
                    "department",
                    "service",
                    "district",
                    "channel",
                    "close_seconds",
                ],
                name="fact_resolved_idx",
                condition=Q(is_resolved=True),
            ),
            # The open backlog reads the requests received, or due, on a few boundary days (of
            # one department, on a supervisor's dashboard).
            models.Index(
                fields=["created_date", "department"],
                name="fact_open_received_idx",
                condition=OPEN_FACT,
            ),
            models.Index(fields=["sla_due_date"], name="fact_open_due_idx", condition=OPEN_FACT),
        ]

    def __str__(self) -> str:
        return f"fact {self.service_request_id}"


class RequestCounts(models.Model):
    """The additive counts a rollup row holds.

    Counts about receiving (received, acknowledged, reopened, duplicates, satisfaction) sit on
    the day the request was received; counts about closing sit on the day it was closed.
    """

    received_count = models.PositiveIntegerField(default=0)
    acknowledged_count = models.PositiveIntegerField(default=0)
    acknowledge_seconds_sum = models.BigIntegerField(default=0)
    resolved_ever_count = models.PositiveIntegerField(default=0)
    reopened_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    survey_count = models.PositiveIntegerField(default=0)
    survey_score_sum = models.PositiveIntegerField(default=0)
    closed_count = models.PositiveIntegerField(default=0)
    close_seconds_sum = models.BigIntegerField(default=0)
    closed_on_time_count = models.PositiveIntegerField(default=0)
    closed_late_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


# The count columns of `RequestCounts`, in order (for the refresh's SQL).
REQUEST_COUNT_COLUMNS = (
    "received_count",
    "acknowledged_count",
    "acknowledge_seconds_sum",
    "resolved_ever_count",
    "reopened_count",
    "duplicate_count",
    "survey_count",
    "survey_score_sum",
    "closed_count",
    "close_seconds_sum",
    "closed_on_time_count",
    "closed_late_count",
)


class DailyRequestRollup(RequestCounts):
    """Additive counts for one local day, service, department, district, channel."""

    day = models.DateField(_("day"))
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    department = models.ForeignKey(
        "catalog.Department", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("daily request rollup")
        verbose_name_plural = _("daily request rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "service", "department", "district", "channel"],
                name="request_rollup_unique_group",
            )
        ]
        indexes = [
            models.Index(fields=["department", "day"], name="rollup_department_day_idx"),
            models.Index(fields=["service", "day"], name="rollup_service_day_idx"),
            models.Index(fields=["district", "day"], name="rollup_district_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.service_id}/{self.department_id}/{self.district}/{self.channel}"


# Rollups are added up for groups of at most this many dimensions (pairs); a figure that needs
# more (two filters and a breakdown by a third) reads `DailyRequestRollup` itself.
ROLLUP_LARGEST_GROUP = 2


class DayGroup(models.Model):
    """One day of one group: the whole city, one value of one dimension, or one pair of values
    of two dimensions. `grouping` names the dimensions, in DISTRIBUTION_DIMENSIONS order, e.g.
    "department+district" ("" for the city); the other dimension columns are null."""

    day = models.DateField(_("day"))
    grouping = models.CharField(_("grouped by"), max_length=40, blank=True)
    department = models.ForeignKey(
        "catalog.Department", on_delete=models.CASCADE, related_name="+", null=True, db_index=False
    )
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.CASCADE, related_name="+", null=True, db_index=False
    )
    # Null means "not grouped by it"; a blank district is the group of unknown districts.
    district = models.CharField(_("district"), max_length=100, null=True)  # noqa: DJ001
    channel = models.CharField(_("channel"), max_length=10, null=True)  # noqa: DJ001

    class Meta:
        abstract = True


class DailyRequestRollupGroup(RequestCounts, DayGroup):
    """The daily rollup added up for one group: the whole city, one value of one dimension, or
    one pair of values of two dimensions (`grouping` names them as `DailyDistribution` does; the
    other dimension columns are null). A page's totals, days and breakdowns read these few rows
    instead of every combination of service, department, district and channel.
    """

    class Meta:
        verbose_name = _("daily request rollup by group")
        verbose_name_plural = _("daily request rollups by group")
        indexes = [models.Index(fields=["grouping", "day"], name="rollup_group_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.grouping or 'city'}"


class DistributionMeasure(models.TextChoices):
    """What a distribution counts, and which day it counts it on."""

    ACKNOWLEDGE = "acknowledge", _("seconds to acknowledge, on the day received")
    CLOSE = "close", _("seconds to close of resolved requests, on the day closed")
    HOTSPOT = "hotspot", _("requests per hotspot cell, on the day received")
    HANDLE = "handle", _("handle seconds of ended interactions, on the day started")
    OPEN_RECEIVED = "open_received", _("requests open at the last refresh, on the day received")
    OPEN_DUE = "open_due", _("requests open at the last refresh, on the day their target ends")


# The request columns a distribution can be grouped by, in the order grouping names list them.
DISTRIBUTION_DIMENSIONS = ("department", "service", "district", "channel")


def distribution_largest_group(measure: str) -> int:
    """How many dimensions a group of `measure` names at most: pairs, except for hotspots (a map
    has no breakdown, and a hundred cells per group make pairs costly to keep)."""
    return 1 if measure == DistributionMeasure.HOTSPOT else 2


class Distribution(DayGroup):
    """How many of a group's requests (or interactions) fall in each duration bucket or hotspot
    cell of `measure`, as [bucket or cell, count] pairs, and their total."""

    measure = models.CharField(_("measure"), max_length=20, choices=DistributionMeasure.choices)
    counts = models.JSONField(_("counts"), help_text=_("[[bucket or cell, count], ...]"))
    total = models.PositiveIntegerField(_("total"))

    class Meta:
        abstract = True


class DailyDistribution(Distribution):
    """How many requests (or interactions) of one day fall in each duration bucket or hotspot
    cell, for one group: the whole city, one value of one dimension, or one pair of values of
    two dimensions (`grouping` names them, e.g. "department+district"; the other dimension
    columns are null). Medians, 90th percentiles and hotspot maps of any period are read from
    these rows instead of from every request of the period.
    """

    class Meta:
        verbose_name = _("daily distribution")
        verbose_name_plural = _("daily distributions")
        indexes = [
            models.Index(fields=["measure", "grouping", "day"], name="distribution_lookup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.measure} {self.grouping or 'city'}"


# The measures a period adds up day by day (the open-request snapshots are read as they stand,
# and handle times per channel are few): these also get a row per calendar month.
MONTHLY_DISTRIBUTION_MEASURES = (
    DistributionMeasure.ACKNOWLEDGE,
    DistributionMeasure.CLOSE,
    DistributionMeasure.HOTSPOT,
)


class MonthlyDistribution(Distribution):
    """The daily distributions of one calendar month added up, for one group (`day` is the
    month's first day). A period that covers whole months reads one row per month for them
    instead of one per day: a month's row holds a fraction of the buckets of its thirty days
    together, as the same durations and cells recur from day to day. Rebuilt from the day rows
    whenever one of its days is, so it always equals their sum.
    """

    class Meta:
        verbose_name = _("monthly distribution")
        verbose_name_plural = _("monthly distributions")
        indexes = [
            models.Index(fields=["measure", "grouping", "day"], name="monthly_distribution_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m} {self.measure} {self.grouping or 'city'}"


class DailyInteractionRollup(models.Model):
    """Contact-center counts for one local day, channel, reason, outcome."""

    day = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=InteractionReason.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=InteractionOutcome.choices)
    has_service_request = models.BooleanField(default=False)

    interaction_count = models.PositiveIntegerField(default=0)
    first_contact_resolution_count = models.PositiveIntegerField(default=0)
    handled_count = models.PositiveIntegerField(default=0)
    handle_seconds_sum = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("daily interaction rollup")
        verbose_name_plural = _("daily interaction rollups")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "reason", "outcome", "has_service_request"],
                name="interaction_rollup_unique_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.reason} {self.outcome}"


class RollupState(models.Model):
    """How far the incremental refresh has read: the newest `updated_at` it has seen."""

    key = models.CharField(max_length=40, primary_key=True)
    version = models.PositiveBigIntegerField(
        default=0, help_text=_("Counts refreshes; cached figures are keyed by it.")
    )
    requests_seen_through_at = models.DateTimeField(null=True, blank=True)
    interactions_seen_through_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rollup state")
        verbose_name_plural = _("rollup state")
        permissions = [
            (
                "view_city_performance",
                _("Can see the performance dashboard for every department (a manager)"),
            )
        ]

    def __str__(self) -> str:
        return self.key
