"""Everything a resident reads of a survey — the page, the messages, the errors — is in the
Spanish catalogue, translated."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

SPANISH = Path(settings.PACKAGE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
RESIDENT_FACING = ("surveys/templates/", "surveys/services.py", "crm/templates/crm/sms/")


def test_spanish_catalogue_translates_every_survey_string() -> None:
    with SPANISH.open("rb") as source:
        catalog = read_po(source, locale="es")
    located = [
        message
        for message in catalog
        if message.id
        and any(location.startswith(RESIDENT_FACING) for location, _line in message.locations)
    ]
    assert len(located) > 30  # the survey's strings are in the catalogue at all
    untranslated = [
        message.id
        for message in located
        if not message.string
        or (isinstance(message.string, tuple) and not all(message.string))
        or message.fuzzy
    ]
    assert untranslated == []
