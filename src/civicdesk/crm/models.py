"""Contacts (one record per resident), their identities, and interactions across channels."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicdesk.core.models import TimeStampedModel
from civicdesk.crm.enums import (
    AddressKind,
    Channel,
    ContactMethod,
    IdentityKind,
    InteractionOutcome,
    InteractionReason,
    ServiceCenterKind,
)


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
    preferred_contact_method = models.CharField(
        _("preferred way to be reached"),
        max_length=10,
        choices=ContactMethod.choices,
        default=ContactMethod.EMAIL,
    )
    wants_status_updates = models.BooleanField(
        _("wants updates when a request changes status"), default=True
    )

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


class ContactAddress(TimeStampedModel):
    """A place a resident lives, works or receives mail. Searched by its text."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(
        _("kind"), max_length=10, choices=AddressKind.choices, default=AddressKind.HOME
    )
    address = models.CharField(_("address"), max_length=300)
    zip_code = models.CharField(_("ZIP code"), max_length=20, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        ordering = ["contact", "-is_primary", "pk"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        indexes = [models.Index(fields=["address"], name="contact_address_idx")]

    def __str__(self) -> str:
        return f"{self.address} {self.zip_code}".strip()


class ServiceCenter(TimeStampedModel):
    """A walk-in desk or neighborhood station where residents talk to the city in person."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(
        _("kind"),
        max_length=25,
        choices=ServiceCenterKind.choices,
        default=ServiceCenterKind.WALK_IN_DESK,
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service center")
        verbose_name_plural = _("service centers")

    def __str__(self) -> str:
        return self.name


class ContactMerge(models.Model):
    """Two records of one resident made one: what the merged record held, and what moved."""

    kept_contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="merges", verbose_name=_("kept contact")
    )
    merged_contact_id = models.PositiveBigIntegerField(_("merged contact number"))
    merged_snapshot = models.JSONField(
        _("merged record"),
        default=dict,
        help_text=_("The merged contact's names, preferences, identities and addresses."),
    )
    moved_counts = models.JSONField(_("moved"), default=dict)
    merged_at = models.DateTimeField(_("merged at"))
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("merged by"),
    )

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("contact merge")
        verbose_name_plural = _("contact merges")

    def __str__(self) -> str:
        return f"#{self.merged_contact_id} → #{self.kept_contact_id}"


class Interaction(TimeStampedModel):
    """One contact with a resident through one channel, and what came of it."""

    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("contact"),
        db_index=False,  # interaction_contact_idx leads with it
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
    article = models.ForeignKey(
        "knowledge.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("article"),
        db_index=False,  # interaction_article_idx, on the rows that have one
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("agent"),
        db_index=False,  # interaction_agent_idx, on the rows that have one
    )
    service_center = models.ForeignKey(
        ServiceCenter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interactions",
        verbose_name=_("service center"),
        db_index=False,  # interaction_center_idx, on the rows that have one
        help_text=_("The walk-in desk or neighborhood station, for contacts in person."),
    )
    call_id = models.CharField(
        _("call id"), max_length=100, blank=True, help_text=_("The phone system's call id.")
    )
    referred_to = models.CharField(_("transferred or referred to"), max_length=200, blank=True)
    article_sent_to = models.CharField(
        _("article sent to"),
        max_length=254,
        blank=True,
        help_text=_("The e-mail address the article was sent to, if the resident asked for it."),
    )
    article_texted_to = models.CharField(
        _("article texted to"),
        max_length=32,
        blank=True,
        help_text=_("The phone number the article was texted to, if the resident asked for it."),
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
            # Most contacts name no article, agent or desk (and no imported one does): the rows
            # without one are left out of these indexes, which every insert would otherwise grow.
            models.Index(
                fields=["article"],
                name="interaction_article_idx",
                condition=Q(article__isnull=False),
            ),
            models.Index(
                fields=["agent"], name="interaction_agent_idx", condition=Q(agent__isnull=False)
            ),
            models.Index(
                fields=["service_center"],
                name="interaction_center_idx",
                condition=Q(service_center__isnull=False),
            ),
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
        if self.article_sent_to and self.article_id is None:
            raise ValidationError({"article_sent_to": _("Choose the article to send.")})
        if self.article_texted_to and self.article_id is None:
            raise ValidationError({"article_texted_to": _("Choose the article to send.")})

    @property
    def duration(self) -> timedelta | None:
        return self.ended_at - self.started_at if self.ended_at else None

    @property
    def duration_display(self) -> str:
        """The duration as minutes and seconds ("12:05"), or "" while it is not over."""
        duration = self.duration
        if duration is None:
            return ""
        minutes, seconds = divmod(int(duration.total_seconds()), 60)
        return f"{minutes}:{seconds:02d}"
