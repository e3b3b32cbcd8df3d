from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceRequestsConfig(AppConfig):
    name = "civicdesk.service_requests"
    label = "service_requests"
    verbose_name = _("Service requests")

    def ready(self) -> None:
        from civicdesk.service_requests import changes

        changes.connect()
