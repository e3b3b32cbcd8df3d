"""Geography in the admin (administrators only, through their model permissions).

Boundaries and address points arrive through `import_boundaries` / `import_addresses`; here they
can be looked at, renamed, switched off or deleted — each write through `geo.services`, so every
process's spatial index follows. Nearby-duplicate rules are edited per service.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civicdesk.core import clock
from civicdesk.geo.enums import GeoDataName
from civicdesk.geo.models import AddressPoint, Boundary, NearbyDuplicateRule
from civicdesk.geo.services import (
    boundary_delete,
    boundary_set_active,
    geo_data_mark_changed,
    nearby_duplicate_rule_delete,
    nearby_duplicate_rule_set,
)


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin[Boundary]):
    list_display = ("name", "code", "kind", "layer", "is_active", "updated_at")
    list_filter = ("kind", "layer", "is_active")
    search_fields = ("name", "code", "layer")
    fields = (
        "name",
        "is_active",
        "kind",
        "layer",
        "code",
        ("min_longitude", "min_latitude", "max_longitude", "max_latitude"),
        "properties",
        "created_at",
        "updated_at",
    )
    readonly_fields = (
        "kind",
        "layer",
        "code",
        "min_longitude",
        "min_latitude",
        "max_longitude",
        "max_latitude",
        "properties",
        "created_at",
        "updated_at",
    )
    actions = ("activate", "deactivate")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # boundaries come from `civicdesk import_boundaries`

    def save_model(self, request: HttpRequest, obj: Boundary, form: Any, change: bool) -> None:
        now = clock.now()
        if "is_active" in form.changed_data:
            boundary_set_active(boundary=obj, is_active=obj.is_active, now=now)
        if "name" in form.changed_data:
            obj.full_clean()
            obj.save(update_fields=["name", "updated_at"])
            geo_data_mark_changed(name=GeoDataName.BOUNDARIES, now=now)

    def delete_model(self, request: HttpRequest, obj: Boundary) -> None:
        boundary_delete(boundary=obj, now=clock.now())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Boundary]) -> None:
        now = clock.now()
        for boundary in queryset:
            boundary_delete(boundary=boundary, now=now)

    @admin.action(description=_("Switch on the selected boundaries"))
    def activate(self, request: HttpRequest, queryset: QuerySet[Boundary]) -> None:
        now = clock.now()
        for boundary in queryset:
            boundary_set_active(boundary=boundary, is_active=True, now=now)

    @admin.action(description=_("Switch off the selected boundaries"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Boundary]) -> None:
        now = clock.now()
        for boundary in queryset:
            boundary_set_active(boundary=boundary, is_active=False, now=now)


@admin.register(AddressPoint)
class AddressPointAdmin(admin.ModelAdmin[AddressPoint]):
    list_display = (
        "house_number",
        "street",
        "unit",
        "zip_code",
        "address_id",
        "latitude",
        "longitude",
    )
    list_filter = ("zip_code",)
    search_fields = ("address_id", "street", "street_key", "house_number")
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # address points come from `civicdesk import_addresses`

    def has_change_permission(self, request: HttpRequest, obj: AddressPoint | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AddressPoint | None = None) -> bool:
        return False


@admin.register(NearbyDuplicateRule)
class NearbyDuplicateRuleAdmin(admin.ModelAdmin[NearbyDuplicateRule]):
    list_display = ("service", "radius_metres", "window_days")
    search_fields = ("service__code", "service__name")
    autocomplete_fields = ("service",)

    def save_model(
        self, request: HttpRequest, obj: NearbyDuplicateRule, form: Any, change: bool
    ) -> None:
        saved = nearby_duplicate_rule_set(
            service=obj.service,
            radius_metres=obj.radius_metres,
            window_days=obj.window_days,
            now=clock.now(),
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: NearbyDuplicateRule) -> None:
        nearby_duplicate_rule_delete(rule=obj, now=clock.now())

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[NearbyDuplicateRule]
    ) -> None:
        now = clock.now()
        for rule in queryset:
            nearby_duplicate_rule_delete(rule=rule, now=now)
