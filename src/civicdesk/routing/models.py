"""Queues, routing rules, per-service defaults, referral agencies and the contact center's SLAs.

Where a new request goes is decided by `routing.resolve.routing_resolve`: the first active rule
(lowest `position`) whose conditions all match, else the service's default route, else the
department's default queue, else just the service's department.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicdesk.core.models import TimeStampedModel
from civicdesk.crm.enums import Channel
from civicdesk.service_requests.enums import Priority


class Queue(TimeStampedModel):
    """A department's work list: its staff see it at /work/; its supervisors hear escalations."""

    department = models.ForeignKey(
        "catalog.Department",
        on_delete=models.PROTECT,
        related_name="queues",
        verbose_name=_("department"),
    )
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supervised_queues",
        verbose_name=_("supervisors"),
        help_text=_("They receive the escalation e-mails of this queue."),
    )
    is_default = models.BooleanField(
        _("department's default"),
        default=False,
        help_text=_("Requests of the department that no rule or service default places go here."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["department__name", "name"]
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        constraints = [
            models.UniqueConstraint(fields=["department", "code"], name="queue_unique_code"),
            models.UniqueConstraint(
                fields=["department"],
                condition=Q(is_default=True),
                name="queue_one_default_per_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.department})"


class ReferralAgency(TimeStampedModel):
    """Someone outside the city's remit (a state road agency, a utility) residents are sent to."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("web site"), blank=True)
    instructions = models.TextField(
        _("what the resident should do"),
        help_text=_("Shown to the resident on their request, e.g. “Call … and give them …”."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("referral agency")
        verbose_name_plural = _("referral agencies")

    def __str__(self) -> str:
        return self.name


class RoutingRule(TimeStampedModel):
    """If a request matches every condition set here, it goes where this rule says.

    Blank conditions match anything. Rules are tried by `position`, lowest first; the first that
    matches decides. A rule either places the request (department, queue, priority) or refers it.
    """

    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveIntegerField(
        _("order"), default=100, help_text=_("Lower numbers are tried first.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Conditions
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("service"),
    )
    boundary = models.ForeignKey(
        "geo.Boundary",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("inside boundary"),
        help_text=_("A district, service area or other boundary the location must fall in."),
    )
    attribute_code = models.CharField(
        _("answer to question"), max_length=64, blank=True, help_text=_("An attribute code.")
    )
    attribute_value = models.CharField(
        _("answer"),
        max_length=200,
        blank=True,
        help_text=_("The value (or one of the values) the answer must hold."),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    # Outcome
    department = models.ForeignKey(
        "catalog.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("send to department"),
        help_text=_("Blank: the queue's department, or the service's."),
    )
    queue = models.ForeignKey(
        Queue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("send to queue"),
    )
    priority = models.PositiveSmallIntegerField(
        _("set priority"), choices=Priority.choices, null=True, blank=True
    )
    refer_to = models.ForeignKey(
        ReferralAgency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("refer to"),
        help_text=_(
            "Outside the city's remit: close the request as referred and tell the "
            "resident where to go."
        ),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        indexes = [models.Index(fields=["is_active", "position"], name="routing_rule_order_idx")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if self.attribute_value and not self.attribute_code:
            errors["attribute_code"] = [_("Say which question the answer belongs to.")]
        if (
            self.queue_id is not None
            and self.department_id is not None
            and self.queue is not None
            and self.queue.department_id != self.department_id
        ):
            errors["queue"] = [_("The queue belongs to another department.")]
        if self.refer_to_id is not None and (
            self.queue_id is not None or self.department_id is not None
        ):
            errors["refer_to"] = [
                _("A rule either refers the request elsewhere or places it, not both.")
            ]
        if (
            self.refer_to_id is None
            and self.queue_id is None
            and self.department_id is None
            and self.priority is None
        ):
            errors["queue"] = [
                _("Say what the rule does: a department, a queue, a priority or a referral.")
            ]
        if errors:
            raise ValidationError(errors)


class ServiceRoute(TimeStampedModel):
    """A service's default queue and priority, used when no rule matches."""

    service = models.OneToOneField(
        "catalog.Service",
        on_delete=models.CASCADE,
        related_name="default_route",
        verbose_name=_("service"),
    )
    queue = models.ForeignKey(
        Queue, on_delete=models.PROTECT, related_name="+", verbose_name=_("queue")
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )

    class Meta:
        ordering = ["service"]
        verbose_name = _("service default route")
        verbose_name_plural = _("service default routes")

    def __str__(self) -> str:
        return f"{self.service} → {self.queue}"


class ChannelSla(TimeStampedModel):
    """The contact center's own target: time to first response on a channel (e-mail, chat)."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, unique=True)
    sla_policy = models.ForeignKey(
        "catalog.SlaPolicy",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("SLA policy"),
    )
    escalation_email = models.EmailField(
        _("escalate to"),
        blank=True,
        help_text=_("The contact-center supervisors' address for at-risk and late contacts."),
    )

    class Meta:
        ordering = ["channel"]
        verbose_name = _("contact-center SLA")
        verbose_name_plural = _("contact-center SLAs")

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.sla_policy}"


class InteractionSla(models.Model):
    """The first-response clock of one e-mail or chat contact."""

    interaction = models.OneToOneField(
        "crm.Interaction", on_delete=models.CASCADE, related_name="sla", primary_key=True
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    started_at = models.DateTimeField(_("received at"))
    at_risk_at = models.DateTimeField(_("at risk from"))
    due_at = models.DateTimeField(_("first response due"))
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    at_risk_escalated_at = models.DateTimeField(_("at-risk escalation"), null=True, blank=True)
    breach_escalated_at = models.DateTimeField(_("breach escalation"), null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("first-response clock")
        verbose_name_plural = _("first-response clocks")
        indexes = [
            models.Index(
                fields=["at_risk_at"],
                condition=Q(first_response_at__isnull=True, at_risk_escalated_at__isnull=True),
                name="interaction_sla_risk_idx",
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(first_response_at__isnull=True, breach_escalated_at__isnull=True),
                name="interaction_sla_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interaction_id}: due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_on_time(self) -> bool | None:
        if self.first_response_at is None:
            return None
        return self.first_response_at <= self.due_at
