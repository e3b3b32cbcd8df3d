"""Routing in the admin: queues, rules, service defaults, referral agencies, contact-center SLAs,
and the "which queue would this go to?" tester.

Administrators manage everything here (`permissions.can_manage_routing`); supervisors may use the
tester (`permissions.can_try_routing`) and see the rules it applies.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from civicdesk.accounts import permissions
from civicdesk.catalog.models import Service
from civicdesk.crm.enums import Channel
from civicdesk.routing.models import (
    ChannelSla,
    InteractionSla,
    Queue,
    ReferralAgency,
    RoutingRule,
    ServiceRoute,
)
from civicdesk.routing.resolve import Route, routing_resolve


class _RoutingAdmin(admin.ModelAdmin):
    """Administrators manage routing; supervisors may look at the rules."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_try_routing(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_try_routing(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return permissions.can_manage_routing(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_routing(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_manage_routing(request.user)


@admin.register(Queue)
class QueueAdmin(_RoutingAdmin):
    list_display = ["name", "code", "department", "is_default", "is_active"]
    list_filter = ["department", "is_default", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    filter_horizontal = ["supervisors"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(ReferralAgency)
class ReferralAgencyAdmin(_RoutingAdmin):
    list_display = ["name", "code", "phone", "url"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ServiceRoute)
class ServiceRouteAdmin(_RoutingAdmin):
    list_display = ["service", "queue", "priority"]
    list_select_related = ["service", "queue__department"]
    autocomplete_fields = ["service"]


class TesterForm(forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.order_by("name"))
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )
    district = forms.CharField(
        label=_("District code"),
        required=False,
        help_text=_("Used when no point is given."),
        max_length=100,
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", "—"), *Channel.choices]
    )
    answers = forms.CharField(
        label=_("Answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 40}),
        help_text=_("One per line: question code = answer."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return data

    def answers_dict(self) -> dict[str, str]:
        answers: dict[str, str] = {}
        for line in self.cleaned_data["answers"].splitlines():
            code, _sep, value = line.partition("=")
            if code.strip():
                answers[code.strip()] = value.strip()
        return answers


def route_try(form: TesterForm) -> tuple[Route, dict[str, str], str]:
    """Run the routing rules on what the form describes; the route and the place it used."""
    from civicdesk.geo.spatial import boundary_index

    data = form.cleaned_data
    areas: dict[str, str] = {}
    district = data["district"].strip()
    if data["latitude"] is not None:
        placement = boundary_index().place(longitude=data["longitude"], latitude=data["latitude"])
        areas, district = placement.areas, placement.district
    route = routing_resolve(
        service=data["service"],
        areas=areas,
        district=district,
        attributes=form.answers_dict(),
        channel=data["channel"],
    )
    return route, areas, district


@admin.register(RoutingRule)
class RoutingRuleAdmin(_RoutingAdmin):
    list_display = [
        "position",
        "name",
        "service",
        "boundary",
        "channel",
        "attribute_code",
        "attribute_value",
        "department",
        "queue",
        "priority",
        "refer_to",
        "is_active",
    ]
    list_display_links = ["name"]
    list_filter = ["is_active", "channel", "department"]
    list_select_related = ["service", "boundary", "department", "queue__department", "refer_to"]
    search_fields = ["name", "service__name", "service__code"]
    autocomplete_fields = ["service"]
    ordering = ["position", "pk"]
    fieldsets = [
        (None, {"fields": ["name", "position", "is_active"]}),
        (
            _("When the request matches all of these (blank: anything)"),
            {"fields": ["service", "boundary", "attribute_code", "attribute_value", "channel"]},
        ),
        (_("Then"), {"fields": ["department", "queue", "priority", "refer_to"]}),
    ]
    change_list_template = "admin/routing/routingrule/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        tester = path(
            "tester/",
            self.admin_site.admin_view(self.tester_view),
            name="routing_routingrule_tester",
        )
        return [tester, *super().get_urls()]

    def tester_view(self, request: HttpRequest) -> HttpResponse:
        if not permissions.can_try_routing(request.user):
            raise PermissionDenied
        form = TesterForm(request.GET or None)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": _("Which queue would this go to?"),
            "form": form,
            "opts": self.model._meta,
        }
        if request.GET and form.is_valid():
            route, areas, district = route_try(form)
            context.update(route=route, areas=areas, district=district)
        return TemplateResponse(request, "admin/routing/routingrule/tester.html", context)


@admin.register(ChannelSla)
class ChannelSlaAdmin(_RoutingAdmin):
    list_display = ["channel", "sla_policy", "escalation_email"]


@admin.register(InteractionSla)
class InteractionSlaAdmin(_RoutingAdmin):
    """First-response clocks are written by the contact center's services; read-only here."""

    list_display = [
        "interaction",
        "channel",
        "started_at",
        "due_at",
        "first_response_at",
        "at_risk_escalated_at",
        "breach_escalated_at",
    ]
    list_filter = ["channel"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
