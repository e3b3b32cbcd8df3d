"""Crews and work orders. Written only by `fieldwork.services` (and crews by the admin)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicdesk.core.models import TimeStampedModel
from civicdesk.fieldwork.enums import OPEN_WORK_ORDER_STATUSES, WorkOrderStatus

_OPEN_VALUES = sorted(status.value for status in OPEN_WORK_ORDER_STATUSES)


class Crew(TimeStampedModel):
    """A team of a department that goes out to fix things."""

    department = models.ForeignKey(
        "catalog.Department",
        on_delete=models.PROTECT,
        related_name="crews",
        verbose_name=_("department"),
    )
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="crews", blank=True, verbose_name=_("members")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["department", "name"]
        verbose_name = _("crew")
        verbose_name_plural = _("crews")

    def __str__(self) -> str:
        return self.name


class WorkOrder(TimeStampedModel):
    """A job for a crew on one day, made from one or more requests (several potholes on one
    street). Completing it resolves its requests."""

    department = models.ForeignKey(
        "catalog.Department",
        on_delete=models.PROTECT,
        related_name="work_orders",
        verbose_name=_("department"),
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True, max_length=4000)
    service_requests = models.ManyToManyField(
        "service_requests.ServiceRequest",
        related_name="work_orders",
        verbose_name=_("service requests"),
    )
    crew = models.ForeignKey(
        Crew,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_orders",
        verbose_name=_("crew"),
    )
    scheduled_date = models.DateField(_("scheduled for"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=WorkOrderStatus.choices,
        default=WorkOrderStatus.UNSCHEDULED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("completed by"),
    )
    completion_note = models.TextField(_("completion note"), blank=True, max_length=4000)

    class Meta:
        ordering = ["scheduled_date", "pk"]
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        indexes = [
            models.Index(
                fields=["crew", "scheduled_date"],
                condition=Q(status__in=_OPEN_VALUES),
                name="work_order_crew_day_idx",
            ),
            models.Index(fields=["department", "status"], name="work_order_department_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(crew__isnull=True, scheduled_date__isnull=True)
                | Q(crew__isnull=False, scheduled_date__isnull=False)
                | ~Q(status__in=[WorkOrderStatus.SCHEDULED, WorkOrderStatus.IN_PROGRESS]),
                name="work_order_scheduled_has_crew_and_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        return f"WO-{self.pk:06d}" if self.pk else "WO-"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_WORK_ORDER_STATUSES


class WorkOrderNote(TimeStampedModel):
    """What the crew wrote down on the job (seen by staff, not residents)."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    text = models.TextField(_("note"), max_length=4000)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("work-order note")
        verbose_name_plural = _("work-order notes")

    def __str__(self) -> str:
        return self.text[:60]


class WorkOrderPhoto(TimeStampedModel):
    """A photo the crew took, checked and stripped of EXIF; the proof when the job is done."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to="work-orders/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=100)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("work-order photo")
        verbose_name_plural = _("work-order photos")

    def __str__(self) -> str:
        return self.file.name


class WorkOrderMaterial(TimeStampedModel):
    """Material used on the job: "asphalt cold patch, 3 bags"."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="materials")
    description = models.CharField(_("material"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("material used")
        verbose_name_plural = _("materials used")

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} {self.description}".strip()


class WorkOrderTimeEntry(TimeStampedModel):
    """Time a crew member spent on the job, in minutes."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="time_entries")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("worker"),
    )
    minutes = models.PositiveIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("time spent")
        verbose_name_plural = _("time spent")

    def __str__(self) -> str:
        return f"{self.minutes} min"
