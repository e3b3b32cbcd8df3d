from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The resident portal: report, track and follow requests (docs/portal.md)."""

    name = "civicdesk.portal"
    verbose_name = _("Resident portal")
