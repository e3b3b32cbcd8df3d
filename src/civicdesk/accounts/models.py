"""Staff users with roles, API keys for Open311 clients, and the audit log of staff actions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicdesk.accounts.enums import DEPARTMENT_SCOPED_ROLES, Role
from civicdesk.core.models import TimeStampedModel

_SCOPED_ROLE_VALUES = sorted(role.value for role in DEPARTMENT_SCOPED_ROLES)


class User(AbstractUser):
    """A person who signs in: staff of the city (residents are CRM contacts, not users)."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(TimeStampedModel):
    """One role held by one user, scoped to a department where the role is departmental."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    department = models.ForeignKey(
        "catalog.Department",
        on_delete=models.CASCADE,
        related_name="role_assignments",
        null=True,
        blank=True,
        verbose_name=_("department"),
    )

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "department"],
                condition=Q(department__isnull=False),
                name="role_assignment_unique_in_department",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(department__isnull=True),
                name="role_assignment_unique_city_wide",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=_SCOPED_ROLE_VALUES, department__isnull=False)
                    | (~Q(role__in=_SCOPED_ROLE_VALUES) & Q(department__isnull=True))
                ),
                name="role_assignment_department_scope",
            ),
        ]

    def __str__(self) -> str:
        label = Role(self.role).label
        return f"{label} — {self.department}" if self.department_id else str(label)

    def clean(self) -> None:
        if not self.role:
            return
        if Role(self.role).is_department_scoped and self.department_id is None:
            raise ValidationError({"department": _("This role needs a department.")})
        if not Role(self.role).is_department_scoped and self.department_id is not None:
            raise ValidationError(
                {"department": _("This role applies city-wide; leave the department empty.")}
            )


class ApiKey(TimeStampedModel):
    """A key an Open311 client sends as `api_key`. Only a SHA-256 hash of the secret is stored.

    The key reads `cd_<prefix>_<secret>`; the prefix finds the row, the hash proves the secret.
    """

    name = models.CharField(_("name"), max_length=200)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("key hash"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    usage_count = models.PositiveBigIntegerField(_("requests made"), default=0, editable=False)
    submission_count = models.PositiveBigIntegerField(
        _("service requests filed"), default=0, editable=False
    )
    throttled_count = models.PositiveBigIntegerField(
        _("requests refused by the rate limit"), default=0, editable=False
    )
    rate_limit_per_minute = models.PositiveIntegerField(
        _("POST limit per minute"),
        null=True,
        blank=True,
        help_text=_("Service requests this key may file a minute; blank uses the city's default."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} (cd_{self.prefix}_…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class AuditLogEntry(models.Model):
    """One staff action, kept for accountability. Written by services, never edited."""

    occurred_at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.summary}"
