"""Authentication backend that turns CivicDesk roles into Django permissions for the admin."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from civicdesk.accounts import permissions


class RoleBackend(ModelBackend):
    """Username and password sign-in, plus the permissions each role carries.

    Administrators hold every permission of CivicDesk's own apps; supervisors hold the catalog
    permissions in `permissions.SUPERVISOR_PERMISSIONS`, narrowed to their departments by the
    admin's object checks. Permissions granted to a user or group directly still apply.
    """

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not user_obj.is_active:
            return False
        app_label = perm.split(".", 1)[0]
        if permissions.is_administrator(user_obj) and app_label in permissions.ADMINISTRATOR_APPS:
            return True
        if perm in permissions.role_permissions(user_obj):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if not user_obj.is_active:
            return False
        if permissions.is_administrator(user_obj) and app_label in permissions.ADMINISTRATOR_APPS:
            return True
        if any(p.startswith(f"{app_label}.") for p in permissions.role_permissions(user_obj)):
            return True
        return super().has_module_perms(user_obj, app_label)
