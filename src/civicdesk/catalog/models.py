"""Departments, services with their Open311 definitions, SLA policies and business calendars."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civicdesk.catalog.enums import AttributeDatatype, ServiceType, SlaUnit, Weekday
from civicdesk.core.models import TimeStampedModel

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$",
    _("Use letters, digits, dots, dashes and underscores, starting with a letter or digit."),
)


class Department(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name


class DepartmentTranslation(models.Model):
    """A department's name in another of the site's languages, as residents and the public
    performance page read it. A blank name falls back to the department's own."""

    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("department"),
    )
    language = models.CharField(_("language"), max_length=10)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["department", "language"]
        verbose_name = _("department translation")
        verbose_name_plural = _("department translations")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "language"], name="department_translation_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.name}"

    def clean(self) -> None:
        language_check(self.language)


def language_check(language: str) -> None:
    """Refuse a language the site does not speak (translations of catalog rows)."""
    from django.conf import settings

    if language not in dict(settings.LANGUAGES):
        raise ValidationError(
            {
                "language": _("Choose one of the site's languages: %(codes)s.")
                % {"codes": ", ".join(code for code, _name in settings.LANGUAGES)}
            }
        )


class BusinessCalendar(TimeStampedModel):
    """When the city works: weekly hours, public holidays and the city's own closures.

    Holidays come from the `holidays` package for `holiday_country`/`holiday_subdivision` (blank
    means the deployment's settings). An always-open calendar (24/7 emergency services) ignores
    hours, holidays and closures.
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    timezone = models.CharField(_("time zone"), max_length=64, default="America/Chicago")
    is_always_open = models.BooleanField(
        _("always open"), default=False, help_text=_("Round the clock, every day of the year.")
    )
    holiday_country = models.CharField(
        _("holiday country"),
        max_length=2,
        blank=True,
        help_text=_("ISO country code for public holidays; blank uses the city's setting."),
    )
    holiday_subdivision = models.CharField(
        _("holiday subdivision"),
        max_length=10,
        blank=True,
        help_text=_("State or province code, e.g. IA; blank uses the city's setting."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                {"timezone": _("Unknown time zone; use a name such as America/Chicago.")}
            ) from None


class WorkingHours(models.Model):
    """One opening interval on a weekday; a day with no rows is closed."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="working_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["calendar", "weekday", "opens_at"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="working_hours_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Closing time must be after opening time.")})


class CalendarClosure(models.Model):
    """A day the city is closed beyond public holidays (a storm, a city-specific holiday)."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="closures"
    )
    closed_date = models.DateField(_("date"))
    name = models.CharField(_("reason"), max_length=200)

    class Meta:
        ordering = ["closed_date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "closed_date"], name="calendar_closure_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.closed_date:%Y-%m-%d} {self.name}"


class SlaPolicy(TimeStampedModel):
    """How long the city gives itself to resolve a request, counted on a business calendar."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.PROTECT, related_name="sla_policies"
    )
    target_value = models.PositiveIntegerField(
        _("target"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    target_unit = models.CharField(_("unit"), max_length=20, choices=SlaUnit.choices)
    at_risk_percent = models.PositiveSmallIntegerField(
        _("at risk at (% of target)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self) -> str:
        return f"{self.name} ({self.target_value} {self.get_target_unit_display()})"


class Service(TimeStampedModel):
    """An entry of the catalog: what a resident can report (Open311's service)."""

    code = models.CharField(
        _("service code"), max_length=64, unique=True, validators=[code_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    group = models.CharField(_("group"), max_length=100, blank=True, db_index=True)
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True, help_text=_("Comma-separated search words.")
    )
    type = models.CharField(
        _("type"), max_length=10, choices=ServiceType.choices, default=ServiceType.REALTIME
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="services", verbose_name=_("department")
    )
    sla_policy = models.ForeignKey(
        SlaPolicy,
        on_delete=models.PROTECT,
        related_name="services",
        null=True,
        blank=True,
        verbose_name=_("SLA policy"),
    )
    is_active = models.BooleanField(_("active"), default=True, db_index=True)
    allows_anonymous = models.BooleanField(
        _("anonymous reports allowed"),
        default=True,
        help_text=_("When off, a report needs the resident's e-mail or phone number."),
    )

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]


class ServiceAttribute(models.Model):
    """One question of a service's form (an Open311 attribute)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    code = models.CharField(_("code"), max_length=64, validators=[code_validator])
    variable = models.BooleanField(
        _("asks for input"),
        default=True,
        help_text=_("Off for an informational note that takes no answer."),
    )
    datatype = models.CharField(_("datatype"), max_length=20, choices=AttributeDatatype.choices)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)
    description = models.TextField(_("question"))
    datatype_description = models.CharField(_("help text"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["service", "order", "pk"]
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "code"], name="service_attribute_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.required and not self.variable:
            raise ValidationError(
                {
                    "required": _(
                        "An informational attribute takes no answer, so it cannot be required."
                    )
                }
            )


class ServiceAttributeValue(models.Model):
    """One choice of a single- or multi-value list attribute."""

    attribute = models.ForeignKey(ServiceAttribute, on_delete=models.CASCADE, related_name="values")
    key = models.CharField(_("key"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["attribute", "order", "pk"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(fields=["attribute", "key"], name="attribute_value_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.name}"


class ServiceTranslation(models.Model):
    """What residents read about a service in another language: name, group, description, and
    the questions of its form (`attribute_texts`: attribute code → {"description",
    "datatype_description", "values": {key: name}}). Blank texts fall back to the original."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="translations", verbose_name=_("service")
    )
    language = models.CharField(_("language"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(
        _("keywords"), max_length=500, blank=True, help_text=_("Comma-separated search words.")
    )
    attribute_texts = models.JSONField(
        _("form questions"),
        default=dict,
        blank=True,
        help_text=_(
            'Per question code: {"description": "…", "datatype_description": "…", '
            '"values": {"key": "name"}}.'
        ),
    )

    class Meta:
        ordering = ["service", "language"]
        verbose_name = _("service translation")
        verbose_name_plural = _("service translations")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language"], name="service_translation_unique_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.name}"

    def clean(self) -> None:
        language_check(self.language)
        texts = self.attribute_texts
        if not isinstance(texts, dict) or not all(
            isinstance(text, dict)
            and all(
                isinstance(text.get(key, ""), str)
                for key in ("description", "datatype_description")
            )
            and isinstance(text.get("values", {}), dict)
            for text in texts.values()
        ):
            raise ValidationError(
                {
                    "attribute_texts": _(
                        "Give an object per question code, with description, "
                        "datatype_description and values."
                    )
                }
            )


__all__ = [
    "AttributeDatatype",
    "BusinessCalendar",
    "CalendarClosure",
    "Department",
    "Service",
    "ServiceAttribute",
    "ServiceAttributeValue",
    "ServiceTranslation",
    "ServiceType",
    "SlaPolicy",
    "SlaUnit",
    "WorkingHours",
]
