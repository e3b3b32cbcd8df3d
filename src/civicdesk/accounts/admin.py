"""Staff users and their roles, API keys and the audit log in the admin; administrators only.

The role backend gives administrators every `accounts` permission and supervisors none, so
nothing here needs a check of its own beyond narrowing. Writes that the city must be able to
account for go through `accounts.services`: role changes (audited), API keys (created and revoked,
never edited; the secret is shown once). The audit log is read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from civicdesk.accounts import permissions, services
from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import ApiKey, AuditLogEntry, RoleAssignment, User
from civicdesk.core import clock


def _acting_user(request: HttpRequest) -> User:
    """The signed-in user, as the `actor` of a service call."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _is_superuser_of_others(request: HttpRequest, user: User | None) -> bool:
    """Whether `user` is a superuser whom the (non-superuser) requester must not take over."""
    return user is not None and user.is_superuser and not request.user.is_superuser


def _roles_revoke_all(user: User, *, actor: User) -> None:
    """Revoke `user`'s roles through the service, so that deleting a user is audited."""
    now = clock.now()
    for assignment in user.role_assignments.select_related("department"):
        services.role_revoke(assignment=assignment, actor=actor, now=now)


class RoleAssignmentInline(admin.TabularInline):
    """The user's roles; `UserAdmin.save_formset` saves them through the role services."""

    model = RoleAssignment
    fields = ["role", "department", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: User | None) -> bool:  # type: ignore[override]
        return super().has_add_permission(request, obj) and not _is_superuser_of_others(
            request, obj
        )

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_change_permission(request, obj) and not _is_superuser_of_others(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_delete_permission(request, obj) and not _is_superuser_of_others(
            request, obj
        )


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "email", "preferred_language")},
        ),
        (
            _("Access"),
            {
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
                "description": _(
                    "What a person may do comes from their roles below. Everyone with a role is "
                    "staff; the role decides whether they may use this admin."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "email", "preferred_language")},
        ),
    )
    list_display = ("username", "email", "first_name", "last_name", "roles", "is_active")
    list_filter = (
        "is_active",
        "is_superuser",
        "role_assignments__role",
        "role_assignments__department",
    )
    inlines = [RoleAssignmentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users: QuerySet[User] = super().get_queryset(request)
        return users.prefetch_related("role_assignments__department")

    @admin.display(description=_("roles"))
    def roles(self, user: User) -> str:
        return ", ".join(str(assignment) for assignment in user.role_assignments.all())

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        readonly = ["last_login", "date_joined"]
        if not request.user.is_superuser:
            # Roles decide access; only a superuser hands out Django's own flags and permissions.
            readonly += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return readonly

    def has_change_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_change_permission(request, obj) and not _is_superuser_of_others(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: User | None = None) -> bool:
        return super().has_delete_permission(request, obj) and not _is_superuser_of_others(
            request, obj
        )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: Any) -> None:
        if formset.model is not RoleAssignment:
            super().save_formset(request, form, formset, change)
            return
        user: User = form.instance
        actor = _acting_user(request)
        now = clock.now()
        # Fills new_objects, changed_objects and deleted_objects (for the change message) and
        # writes nothing: every role change goes through the services, which audit it.
        formset.save(commit=False)
        replaced = [assignment.pk for assignment, _changed in formset.changed_objects]
        removed = [assignment.pk for assignment in formset.deleted_objects]
        # The form has already changed these instances in memory; revoke what is stored.
        for stored in RoleAssignment.objects.filter(
            user=user, pk__in=[*replaced, *removed]
        ).select_related("department"):
            services.role_revoke(assignment=stored, actor=actor, now=now)
        # role_revoke may have cleared `is_staff` on its own copy of the user; role_assign reads it.
        user.refresh_from_db(fields=["is_staff"])
        wanted = [assignment for assignment, _changed in formset.changed_objects]
        for assignment in [*wanted, *formset.new_objects]:
            services.role_assign(
                user=user,
                role=Role(assignment.role),
                department=assignment.department,
                actor=actor,
                now=now,
            )
        permissions.forget_cached_roles(request.user)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        with transaction.atomic():
            _roles_revoke_all(obj, actor=_acting_user(request))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = _acting_user(request)
        with transaction.atomic():
            for user in queryset:
                _roles_revoke_all(user, actor=actor)
            super().delete_queryset(request, queryset)


class ApiKeyStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("active", _("Active")), ("revoked", _("Revoked"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> QuerySet[ApiKey]:
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys of Open311 clients. Created from a name alone and revoked; never edited or deleted."""

    list_display = [
        "name",
        "key_prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "usage_count",
        "submission_count",
        "throttled_count",
        "active",
        "revoked_at",
    ]
    list_filter = [ApiKeyStatusFilter]
    search_fields = ["name", "prefix"]
    list_select_related = ["created_by"]
    actions = ["revoke_selected"]
    _detail_fields = (
        "name",
        "key_prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "usage_count",
        "submission_count",
        "throttled_count",
        "rate_limit_per_minute",
        "revoked_at",
    )

    @admin.display(description=_("key"), ordering="prefix")
    def key_prefix(self, api_key: ApiKey) -> str:
        return f"cd_{api_key.prefix}_…"

    @admin.display(description=_("active"), boolean=True, ordering="revoked_at")
    def active(self, api_key: ApiKey) -> bool:
        return api_key.is_active

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> tuple[str, ...]:
        return ("name", "rate_limit_per_minute") if obj is None else self._detail_fields

    def get_readonly_fields(
        self, request: HttpRequest, obj: ApiKey | None = None
    ) -> tuple[str, ...]:
        return () if obj is None else self._detail_fields

    def has_change_permission(self, request: HttpRequest, obj: ApiKey | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiKey | None = None) -> bool:
        return False

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("accounts.change_apikey")

    def save_form(self, request: HttpRequest, form: Any, change: Any) -> ApiKey:
        """Create the key through `api_key_create` and show its secret, once.

        Keys are never changed here (`has_change_permission` is False), so this runs only when
        one is added; `save_model` then has nothing left to save.
        """
        if change:
            raise PermissionDenied
        api_key, raw_key = services.api_key_create(
            name=form.cleaned_data["name"],
            rate_limit_per_minute=form.cleaned_data.get("rate_limit_per_minute"),
            actor=_acting_user(request),
            now=clock.now(),
        )
        messages.success(
            request,
            format_html(
                "{} <code>{}</code>",
                _("Copy the new key now; it is not stored and will not be shown again:"),
                raw_key,
            ),
        )
        return api_key

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: Any) -> None:
        """Nothing to save: `save_form` created the key through the service."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: Any) -> None:
        """Nothing related to save: a key has no inlines and no many-to-many fields."""

    @admin.action(description=_("Revoke selected keys"), permissions=["revoke"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        actor = _acting_user(request)
        now = clock.now()
        revoked = 0
        with transaction.atomic():
            for api_key in queryset.filter(revoked_at__isnull=True):
                services.api_key_revoke(api_key=api_key, actor=actor, now=now)
                revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    """What staff did, as the services recorded it. Nobody adds, edits or deletes entries."""

    list_display = ["occurred_at", "actor", "action", "target", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "object_id", "actor__username"]
    list_select_related = ["actor"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False
    fields = ["occurred_at", "actor", "action", "object_type", "object_id", "summary", "data"]

    @admin.display(description=_("object"))
    def target(self, entry: AuditLogEntry) -> str:
        if not entry.object_type:
            return ""
        return f"{entry.object_type} #{entry.object_id}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditLogEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditLogEntry | None = None) -> bool:
        return False
