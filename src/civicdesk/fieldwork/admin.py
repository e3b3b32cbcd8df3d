"""Crews and work orders in the admin: supervisors and administrators set up crews and see the
work orders; work orders change through the services (actions below), not by editing rows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from civicdesk.accounts import permissions
from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import User
from civicdesk.core import clock
from civicdesk.fieldwork.models import (
    Crew,
    WorkOrder,
    WorkOrderMaterial,
    WorkOrderNote,
    WorkOrderPhoto,
    WorkOrderTimeEntry,
)
from civicdesk.fieldwork.permissions import can_manage_work_orders
from civicdesk.fieldwork.services import (
    WorkOrderError,
    work_order_check,
    work_order_create,
    work_order_schedule,
)
from civicdesk.service_requests.models import ServiceRequest


def _departments(request: HttpRequest) -> frozenset[int] | None:
    if permissions.is_administrator(request.user):
        return None
    return permissions.department_ids_for(request.user, Role.SUPERVISOR)


@admin.register(Crew)
class CrewAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "department", "is_active"]
    list_filter = ["department", "is_active"]
    search_fields = ["name", "code"]
    filter_horizontal = ["members"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Crew]:
        queryset = super().get_queryset(request).select_related("department")
        departments = _departments(request)
        return queryset if departments is None else queryset.filter(department__in=departments)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.is_administrator(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.is_administrator(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.is_administrator(request.user)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NoteInline(_ReadOnlyInline):
    model = WorkOrderNote
    fields = readonly_fields = ("created_at", "author", "text")


class PhotoInline(_ReadOnlyInline):
    model = WorkOrderPhoto
    fields = readonly_fields = ("created_at", "taken_by", "file")


class MaterialInline(_ReadOnlyInline):
    model = WorkOrderMaterial
    fields = readonly_fields = ("created_at", "description", "quantity", "unit", "recorded_by")


class TimeInline(_ReadOnlyInline):
    model = WorkOrderTimeEntry
    fields = readonly_fields = ("created_at", "worker", "minutes")


class WorkOrderCreateForm(forms.ModelForm):
    """A new work order: its requests (one or more, one department), a crew and a day."""

    class Meta:
        model = WorkOrder
        fields = ["title", "service_requests", "crew", "scheduled_date", "instructions"]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            work_order_check(
                service_requests=list(cleaned.get("service_requests") or []),
                crew=cleaned.get("crew"),
                scheduled_date=cleaned.get("scheduled_date"),
            )
        except WorkOrderError as error:
            raise ValidationError(error.message) from error
        return cleaned

    def _post_clean(self) -> None:
        """The service builds the row; the model's own checks run there."""


class WorkOrderScheduleForm(forms.ModelForm):
    """An open work order given to another crew or day."""

    class Meta:
        model = WorkOrder
        fields = ["crew", "scheduled_date"]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        crew = cleaned.get("crew")
        if (crew is None) != (cleaned.get("scheduled_date") is None):
            raise ValidationError(_("Give both a crew and a day to schedule the work order."))
        if crew is not None and crew.department_id != self.instance.department_id:
            raise ValidationError(_("Choose a crew of the work order's department."))
        return cleaned

    def _post_clean(self) -> None:
        """The service writes the change; the model's own checks run there."""


_DETAIL_FIELDS = (
    "title",
    "department",
    "service_requests",
    "status",
    "instructions",
    "created_by",
    "started_at",
    "completed_at",
    "completed_by",
    "completion_note",
)


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):
    """Supervisors make work orders from requests and schedule them; the services do the
    writing (the requests' timelines say when the work is planned)."""

    list_display = ["__str__", "department", "crew", "scheduled_date", "status", "completed_at"]
    list_filter = ["status", "department", "crew", "scheduled_date"]
    search_fields = ["title", "service_requests__public_id"]
    date_hierarchy = "scheduled_date"
    show_full_result_count = False
    raw_id_fields = ["service_requests"]
    inlines = [NoteInline, PhotoInline, MaterialInline, TimeInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkOrder]:
        queryset = super().get_queryset(request).select_related("department", "crew")
        departments = _departments(request)
        return queryset if departments is None else queryset.filter(department__in=departments)

    def get_form(
        self,
        request: HttpRequest,
        obj: WorkOrder | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        kwargs["form"] = WorkOrderCreateForm if obj is None else WorkOrderScheduleForm
        kwargs["fields"] = None
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: WorkOrder | None = None) -> Any:
        if obj is None:
            return list(WorkOrderCreateForm.Meta.fields)
        return [*_DETAIL_FIELDS, "crew", "scheduled_date"]

    def get_readonly_fields(self, request: HttpRequest, obj: WorkOrder | None = None) -> Any:
        if obj is None:
            return ()
        if obj.is_open and self.has_change_permission(request, obj):
            return _DETAIL_FIELDS
        return (*_DETAIL_FIELDS, "crew", "scheduled_date")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "crew":
            departments = _departments(request)
            crews = Crew.objects.filter(is_active=True)
            kwargs["queryset"] = (
                crews if departments is None else crews.filter(department__in=departments)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "service_requests":
            departments = _departments(request)
            open_requests = ServiceRequest.objects.all()
            kwargs["queryset"] = (
                open_requests
                if departments is None
                else open_requests.filter(department__in=departments)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: WorkOrder, form: Any, change: bool) -> None:
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - the admin site admits signed-in staff only
        data = form.cleaned_data
        if not change:
            created = work_order_create(
                service_requests=list(data["service_requests"]),
                title=data["title"],
                instructions=data.get("instructions") or "",
                crew=data.get("crew"),
                scheduled_date=data.get("scheduled_date"),
                actor=user,
                now=clock.now(),
            )
            obj.pk = created.pk
        elif data.get("crew") is not None and data.get("scheduled_date") is not None:
            work_order_schedule(
                work_order=obj,
                crew=data["crew"],
                scheduled_date=data["scheduled_date"],
                actor=user,
                now=clock.now(),
            )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The service stored the requests; inlines are read-only."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return can_manage_work_orders(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return can_manage_work_orders(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
