"""Contacts (one record per resident), their identities, and interactions across channels."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicdesk.core.models import TimeStampedModel
from civicdesk.crm.enums import Channel, IdentityKind, InteractionOutcome, InteractionReason


class Contact(TimeStampedModel):
    """A resident known to the city. Their e-mails, phones and handles are `identities`."""

    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    has_email_consent = models.BooleanField(_("agrees to e-mail updates"), default=False)
    has_sms_consent = models.BooleanField(_("agrees to text-message updates"), default=False)
    has_survey_consent = models.BooleanField(_("agrees to satisfaction surveys"), default=False)

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [models.Index(fields=["last_name", "first_name"], name="contact_name_idx")]

    def __str__(self) -> str:
        return self.full_name or f"Contact #{self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ContactIdentity(TimeStampedModel):
    """One way to reach a contact. `value` is normalised (lower-case e-mail, E.164 phone)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(_("kind"), max_length=10, choices=IdentityKind.choices)
    value = models.CharField(_("value"), max_length=254)
    is_primary = models.BooleanField(_("primary"), default=False)
    is_verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        ordering = ["contact", "kind", "-is_primary", "pk"]
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        constraints = [
            # One resident per e-mail address or phone number: the CRM's single record.
            models.UniqueConstraint(fields=["kind", "value"], name="contact_identity_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Interaction(TimeStampedModel):
    """One contact with a resident through one channel, and what came of it."""

    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("contact"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=InteractionReason.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=InteractionOutcome.choices)
    service_request = models.ForeignKey(
        "service_requests.ServiceRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("service request"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("agent"),
    )
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    is_first_contact_resolution = models.BooleanField(_("resolved on first contact"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [
            models.Index(fields=["contact", "-started_at"], name="interaction_contact_idx"),
            models.Index(fields=["channel", "started_at"], name="interaction_channel_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="interaction_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_channel_display()} {self.get_reason_display()} {self.started_at:%Y-%m-%d}"
        )

    def clean(self) -> None:
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": _("An interaction cannot end before it starts.")})

    @property
    def duration(self) -> timedelta | None:
        return self.ended_at - self.started_at if self.ended_at else None
