"""Derived data of accounts: the version that tells every process to forget the API keys it
knows, so that a revoked key stops working everywhere."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from civicdesk.accounts.models import ApiKey
from civicdesk.accounts.services import api_keys_changed


def _keys_changed(sender: type, **kwargs: Any) -> None:
    api_keys_changed()


def connect() -> None:
    post_save.connect(_keys_changed, sender=ApiKey, dispatch_uid="api-keys-save")
    post_delete.connect(_keys_changed, sender=ApiKey, dispatch_uid="api-keys-delete")
