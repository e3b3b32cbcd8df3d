from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "civicdesk.accounts"
    label = "accounts"
    verbose_name = _("Users and access")

    def ready(self) -> None:
        from civicdesk.accounts import signals

        signals.connect()
