from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city's loader (`civicdesk seed_demo`); it has no tables of its own."""

    name = "civicdesk.demo"
    label = "demo"
    verbose_name = "Demo city"
