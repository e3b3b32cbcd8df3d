from django.contrib.admin.apps import AdminConfig


class CivicDeskAdminConfig(AdminConfig):
    """Django's admin, on CivicDesk's site class (role-based access)."""

    default_site = "civicdesk.admin_site.CivicDeskAdminSite"
