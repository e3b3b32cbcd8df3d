"""The catalog in the admin: departments, calendars, SLA policies, services and their forms.

Administrators manage all of it. Supervisors hold the role permissions in
`accounts.permissions.SUPERVISOR_PERMISSIONS` (change services, edit their forms, view the rest);
this module narrows those to the services of the departments they supervise and asks
`permissions.can_change_service` about each object. It grants nothing the role does not carry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civicdesk.accounts import permissions
from civicdesk.accounts.enums import Role
from civicdesk.catalog.models import (
    BusinessCalendar,
    CalendarClosure,
    Department,
    DepartmentTranslation,
    Service,
    ServiceAttribute,
    ServiceAttributeValue,
    ServiceTranslation,
    SlaPolicy,
    WorkingHours,
)

_SHORT_TEXTAREA: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
}


def _supervised_department_ids(request: HttpRequest) -> frozenset[int]:
    return permissions.department_ids_for(request.user, Role.SUPERVISOR)


def _may_edit_form_of(request: HttpRequest, service: Service | None) -> bool:
    """Whether the user may edit the form (attributes, values) of `service`; None: no object yet."""
    return service is None or permissions.can_change_service(request.user, service)


class DepartmentTranslationInline(admin.TabularInline):
    """The department's name in the site's other languages."""

    model = DepartmentTranslation
    fields = ["language", "name"]
    extra = 0


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "email", "phone", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"code": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "code", "description", "email", "phone", "is_active"]}),
        (_("Record"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]
    inlines = [DepartmentTranslationInline]


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 1


class CalendarClosureInline(admin.TabularInline):
    model = CalendarClosure
    extra = 1


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "timezone",
        "is_always_open",
        "holiday_country",
        "holiday_subdivision",
    ]
    list_filter = ["is_always_open", "timezone"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"code": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "code",
                    "timezone",
                    "is_always_open",
                    "holiday_country",
                    "holiday_subdivision",
                ]
            },
        ),
        (_("Record"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]
    inlines = [WorkingHoursInline, CalendarClosureInline]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "target_value", "target_unit", "at_risk_percent", "calendar"]
    list_filter = ["target_unit", "calendar"]
    search_fields = ["code", "name"]
    list_select_related = ["calendar"]
    prepopulated_fields = {"code": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "code",
                    "calendar",
                    "target_value",
                    "target_unit",
                    "at_risk_percent",
                ]
            },
        ),
        (_("Record"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]


class ServiceAttributeInline(admin.TabularInline):
    """The questions of a service's form; list values are edited on each attribute's own page."""

    model = ServiceAttribute
    fields = [
        "order",
        "code",
        "description",
        "datatype",
        "variable",
        "required",
        "datatype_description",
        "is_active",
    ]
    formfield_overrides = _SHORT_TEXTAREA
    extra = 0
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Service | None) -> bool:  # type: ignore[override]
        return super().has_add_permission(request, obj) and _may_edit_form_of(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Service | None = None) -> bool:
        return super().has_change_permission(request, obj) and _may_edit_form_of(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Service | None = None) -> bool:
        return super().has_delete_permission(request, obj) and _may_edit_form_of(request, obj)


class ServiceTranslationInline(admin.StackedInline):
    """The service's name, group, description and form questions in the site's other languages."""

    model = ServiceTranslation
    fields = ["language", "name", "group", "description", "keywords", "attribute_texts"]
    formfield_overrides = _SHORT_TEXTAREA
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Service | None) -> bool:  # type: ignore[override]
        return super().has_add_permission(request, obj) and _may_edit_form_of(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Service | None = None) -> bool:
        return super().has_change_permission(request, obj) and _may_edit_form_of(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Service | None = None) -> bool:
        return super().has_delete_permission(request, obj) and _may_edit_form_of(request, obj)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "group",
        "department",
        "sla_policy",
        "type",
        "is_active",
        "allows_anonymous",
    ]
    list_filter = [
        "is_active",
        "group",
        ("department", admin.RelatedOnlyFieldListFilter),
        ("sla_policy", admin.RelatedOnlyFieldListFilter),
        "type",
        "allows_anonymous",
    ]
    search_fields = ["code", "name", "group", "keywords"]
    list_select_related = ["department", "sla_policy"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "name",
                    "group",
                    "department",
                    "sla_policy",
                    "type",
                    "is_active",
                    "allows_anonymous",
                ]
            },
        ),
        (_("What residents see"), {"fields": ["description", "keywords"]}),
        (_("Record"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]
    inlines = [ServiceAttributeInline, ServiceTranslationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Service]:
        services: QuerySet[Service] = super().get_queryset(request)
        if permissions.is_administrator(request.user):
            return services
        return services.filter(department_id__in=_supervised_department_ids(request))

    def has_change_permission(self, request: HttpRequest, obj: Service | None = None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or permissions.can_change_service(request.user, obj)
        )

    def has_delete_permission(self, request: HttpRequest, obj: Service | None = None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or permissions.can_change_service(request.user, obj)
        )

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.name == "department" and not permissions.is_administrator(request.user):
            # A supervisor may not hand a service to a department they do not supervise.
            kwargs["queryset"] = Department.objects.filter(
                pk__in=_supervised_department_ids(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ServiceAttributeValueInline(admin.TabularInline):
    model = ServiceAttributeValue
    fields = ["order", "key", "name"]
    extra = 0

    def has_add_permission(  # type: ignore[override]
        self, request: HttpRequest, obj: ServiceAttribute | None
    ) -> bool:
        return super().has_add_permission(request, obj) and _may_edit_form_of(
            request, obj.service if obj else None
        )

    def has_change_permission(
        self, request: HttpRequest, obj: ServiceAttribute | None = None
    ) -> bool:
        return super().has_change_permission(request, obj) and _may_edit_form_of(
            request, obj.service if obj else None
        )

    def has_delete_permission(
        self, request: HttpRequest, obj: ServiceAttribute | None = None
    ) -> bool:
        return super().has_delete_permission(request, obj) and _may_edit_form_of(
            request, obj.service if obj else None
        )


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(admin.ModelAdmin):
    """One question of a service's form, with the choices of a list question."""

    list_display = ["code", "service", "datatype", "required", "variable", "order", "is_active"]
    list_filter = [
        "datatype",
        "required",
        "is_active",
        ("service__department", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["code", "description", "service__code", "service__name"]
    list_select_related = ["service"]
    fields = [
        "service",
        "code",
        "description",
        "datatype",
        "datatype_description",
        "variable",
        "required",
        "order",
        "is_active",
    ]
    inlines = [ServiceAttributeValueInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ServiceAttribute]:
        attributes: QuerySet[ServiceAttribute] = (
            super().get_queryset(request).select_related("service")
        )
        if permissions.is_administrator(request.user):
            return attributes
        return attributes.filter(service__department_id__in=_supervised_department_ids(request))

    def has_change_permission(
        self, request: HttpRequest, obj: ServiceAttribute | None = None
    ) -> bool:
        return super().has_change_permission(request, obj) and _may_edit_form_of(
            request, obj.service if obj else None
        )

    def has_delete_permission(
        self, request: HttpRequest, obj: ServiceAttribute | None = None
    ) -> bool:
        return super().has_delete_permission(request, obj) and _may_edit_form_of(
            request, obj.service if obj else None
        )

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        if db_field.name == "service" and not permissions.is_administrator(request.user):
            kwargs["queryset"] = Service.objects.filter(
                department_id__in=_supervised_department_ids(request)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
