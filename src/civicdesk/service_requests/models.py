"""Service requests, their media and their timeline."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicdesk.core.models import TimeStampedModel
from civicdesk.crm.enums import Channel
from civicdesk.service_requests.enums import EventType, Open311Status, Priority, Status
from civicdesk.service_requests.workflow import CLOSED_STATUSES, OPEN_STATUSES, open311_status

# Sorted, so that the partial indexes' SQL (and the migrations) never change between runs.
SR_OPEN_STATUS_VALUES = sorted(status.value for status in OPEN_STATUSES)


class PublicIdSequence(models.Model):
    """The last number handed out in a year; public ids read `YY-NNNNNNNN`."""

    year = models.PositiveIntegerField(primary_key=True)
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("public id sequence")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_value}"


class ServiceRequest(TimeStampedModel):
    """One reported problem. Written only by the services in `service_requests.services`."""

    # Unique through `sr_unique_public_id` (a plain unique index: `unique=True` would add a second,
    # pattern-ops index on PostgreSQL that no query uses, written on every insert).
    public_id = models.CharField(_("request number"), max_length=20, editable=False)
    # No index of its own: the composite indexes below all start with the service.
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("service"),
        db_index=False,
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    attributes = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )

    # Where. Coordinates are WGS 84 degrees.
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_id = models.CharField(_("address id"), max_length=100, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=20, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    # Indexed with the time received: sr_district_created_idx.
    district = models.CharField(_("district"), max_length=100, blank=True)
    areas = models.JSONField(
        _("areas"),
        default=dict,
        blank=True,
        help_text=_("The boundaries the location falls in: layer → boundary code."),
    )
    h3_cell = models.BigIntegerField(
        _("H3 cell"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The location's H3 cell (see civicdesk.geo.cells), for nearby look-ups."),
    )

    # Who. A request without a requester was made anonymously.
    requester = models.ForeignKey(
        "crm.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("requester"),
        db_index=False,  # sr_requester_idx, on the requests that have one
    )

    # Who works on it, and by when.
    # No index of its own: `sr_department_queue_idx` starts with the department.
    department = models.ForeignKey(
        "catalog.Department",
        on_delete=models.PROTECT,
        related_name="service_requests",
        verbose_name=_("department"),
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_service_requests",
        verbose_name=_("assignee"),
        db_index=False,  # sr_assignee_idx, on the requests that have one
    )
    sla_due_at = models.DateTimeField(_("SLA due"), null=True, blank=True)
    expected_at = models.DateTimeField(
        _("expected by"),
        null=True,
        blank=True,
        help_text=_("What the resident is told; Open311's expected_datetime."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
        db_index=False,  # sr_duplicate_of_idx, on the requests that have one
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # Routing and the SLA clock (civicdesk.routing; the rules are in routing/sla.py).
    queue = models.ForeignKey(
        "routing.Queue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
        verbose_name=_("queue"),
    )
    sla_at_risk_at = models.DateTimeField(_("SLA at risk from"), null=True, blank=True)
    sla_paused_at = models.DateTimeField(
        _("SLA clock paused at"), null=True, blank=True, help_text=_("Set while on hold.")
    )
    sla_paused_seconds = models.PositiveBigIntegerField(
        _("SLA time on hold (seconds)"),
        default=0,
        help_text=_("Clock time spent on hold, added to the due time."),
    )
    sla_at_risk_escalated_at = models.DateTimeField(
        _("at-risk escalation sent"), null=True, blank=True
    )
    sla_breach_escalated_at = models.DateTimeField(
        _("breach escalation sent"), null=True, blank=True
    )

    # Provenance of requests imported from another system's history (`civicdesk
    # import_requests`): re-running an import skips what it has already brought in.
    source = models.CharField(
        _("imported from"),
        max_length=40,
        blank=True,
        help_text=_("The system or export this request was imported from; empty when filed here."),
    )
    source_id = models.CharField(_("id in that system"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        indexes = [
            # Most requests have no known requester (anonymous reports, imported history), no
            # assignee and no original: those rows are left out of the indexes that find them.
            models.Index(
                fields=["requester"], name="sr_requester_idx", condition=Q(requester__isnull=False)
            ),
            models.Index(
                fields=["assignee"], name="sr_assignee_idx", condition=Q(assignee__isnull=False)
            ),
            models.Index(
                fields=["duplicate_of"],
                name="sr_duplicate_of_idx",
                condition=Q(duplicate_of__isnull=False),
            ),
            models.Index(fields=["status", "created_at"], name="sr_status_created_idx"),
            models.Index(fields=["service", "status"], name="sr_service_status_idx"),
            models.Index(
                fields=["department", "status", "sla_due_at"], name="sr_department_queue_idx"
            ),
            models.Index(fields=["updated_at"], name="sr_updated_idx"),
            models.Index(fields=["latitude", "longitude"], name="sr_location_idx"),
            # A department's or district's requests received in a period (a dashboard's "received
            # today", drill-downs, open data): with the date in the index, PostgreSQL reads only
            # the period's entries instead of ANDing a million-entry bitmap with the date's.
            models.Index(fields=["district", "created_at"], name="sr_district_created_idx"),
            models.Index(fields=["department", "created_at"], name="sr_department_created_idx"),
            models.Index(fields=["service", "h3_cell", "created_at"], name="sr_nearby_idx"),
            # The backlog and live figures of the dashboards read only open requests.
            models.Index(
                fields=["created_at", "sla_due_at", "department", "service", "district", "channel"],
                condition=Q(status__in=SR_OPEN_STATUS_VALUES),
                name="sr_open_idx",
            ),
            # Open311 and the portal list one service's requests, newest first.
            models.Index(fields=["service", "created_at"], name="sr_service_created_idx"),
            # The /work/ queue: a department's open requests by SLA due time. The at-risk time
            # beside it lets the SLA filters (at risk: at_risk_at <= now < due_at) read a range
            # of running clocks without visiting the rows that do not match.
            models.Index(
                fields=["department", "sla_due_at", "sla_at_risk_at"],
                condition=Q(status__in=SR_OPEN_STATUS_VALUES),
                name="sr_open_queue_idx",
            ),
            # Every department at once (administrators), and the queue's other sort orders.
            models.Index(
                fields=["sla_due_at", "sla_at_risk_at"],
                condition=Q(status__in=SR_OPEN_STATUS_VALUES),
                name="sr_open_due_idx",
            ),
            # Paused clocks (on hold), judged at the moment they were paused: the other half
            # of each SLA filter, and the "paused" filter.
            models.Index(
                fields=["department", "sla_due_at"],
                condition=Q(status__in=SR_OPEN_STATUS_VALUES, sla_paused_at__isnull=False),
                name="sr_open_paused_idx",
            ),
            models.Index(
                fields=["department", "created_at"],
                condition=Q(status__in=SR_OPEN_STATUS_VALUES),
                name="sr_open_created_idx",
            ),
            models.Index(
                "department",
                models.F("priority").desc(),
                "sla_due_at",
                condition=Q(status__in=SR_OPEN_STATUS_VALUES),
                name="sr_open_priority_idx",
            ),
            # The escalation sweep: open, running clocks not yet escalated past a threshold, in
            # the order its batches claim them (threshold time, then id).
            models.Index(
                fields=["sla_at_risk_at", "id"],
                condition=Q(
                    status__in=SR_OPEN_STATUS_VALUES,
                    sla_paused_at__isnull=True,
                    sla_at_risk_escalated_at__isnull=True,
                ),
                name="sr_sla_risk_sweep_idx",
            ),
            models.Index(
                fields=["sla_due_at", "id"],
                condition=Q(
                    status__in=SR_OPEN_STATUS_VALUES,
                    sla_paused_at__isnull=True,
                    sla_breach_escalated_at__isnull=True,
                ),
                name="sr_sla_breach_sweep_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["public_id"], name="sr_unique_public_id"),
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~Q(source_id=""),
                name="sr_unique_source_id",
            ),
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True) | ~Q(duplicate_of=models.F("id")),
                name="sr_not_duplicate_of_itself",
            ),
            models.CheckConstraint(
                condition=(
                    Q(latitude__isnull=True, longitude__isnull=True)
                    | Q(latitude__isnull=False, longitude__isnull=False)
                ),
                name="sr_latitude_with_longitude",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def open311_status(self) -> Open311Status:
        return open311_status(Status(self.status))

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


MEDIA_EXTERNAL_URL_MAX_LENGTH = 2000


class ServiceRequestMedia(TimeStampedModel):
    """A photo attached to a request: a file stored here, or a link to one held elsewhere
    (Open311's `media_url`), kept exactly as the client gave it."""

    service_request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="media"
    )
    file = models.FileField(_("file"), upload_to="requests/%Y/%m/", blank=True)
    external_url = models.URLField(
        _("link to a photo elsewhere"),
        max_length=MEDIA_EXTERNAL_URL_MAX_LENGTH,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("An http or https address given by the reporter instead of an upload."),
    )
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    is_public = models.BooleanField(_("shown to the public"), default=True)

    class Meta:
        ordering = ["service_request", "created_at", "pk"]
        verbose_name = _("media")
        verbose_name_plural = _("media")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(external_url="")) | (~Q(file="") & Q(external_url="")),
                name="sr_media_file_or_external_url",
            ),
        ]

    def __str__(self) -> str:
        return self.file.name or self.external_url

    @property
    def is_external(self) -> bool:
        return not self.file.name

    @property
    def url(self) -> str:
        """Where the picture can be fetched: the stored file's URL or the external link."""
        return self.external_url if self.is_external else self.file.url


class ServiceRequestEvent(models.Model):
    """One thing that happened to a request: the record its status and metrics derive from."""

    service_request = models.ForeignKey(
        ServiceRequest,
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,  # event_timeline_idx leads with it
    )
    event_type = models.CharField(_("event"), max_length=64, choices=EventType.choices)
    occurred_at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        db_index=False,  # event_actor_idx, on the events a person made
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    is_public = models.BooleanField(
        _("shown to the public"),
        default=True,
        help_text=_("Internal events and notes are seen only by staff."),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [
            models.Index(fields=["service_request", "occurred_at"], name="event_timeline_idx"),
            models.Index(fields=["event_type", "occurred_at"], name="event_type_idx"),
            models.Index(
                fields=["actor"], name="event_actor_idx", condition=Q(actor__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.event_type}"
