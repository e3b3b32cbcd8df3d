"""The CivicDesk admin site: open to administrators and supervisors, per accounts.permissions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from civicdesk.accounts import permissions


class CivicDeskAdminAuthenticationForm(AdminAuthenticationForm):
    """Admits people whose role allows the admin, rather than Django's bare `is_staff`."""

    def confirm_login_allowed(self, user: Any) -> None:
        if not user.is_active or not permissions.can_use_admin(user):
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class CivicDeskAdminSite(AdminSite):
    site_header = _("CivicDesk administration")
    site_title = _("CivicDesk admin")
    index_title = _("Run the city's 311 service")
    login_form = CivicDeskAdminAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(request.user)
