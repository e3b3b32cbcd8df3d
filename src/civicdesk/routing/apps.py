from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "civicdesk.routing"
    label = "routing"
    verbose_name = _("Routing, queues and SLA escalation")

    def ready(self) -> None:
        from civicdesk.routing import signals

        signals.connect()
