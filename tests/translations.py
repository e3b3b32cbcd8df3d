"""What the translation tests share: reading a language's catalogue and finding its gaps."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from django.conf import settings


def catalogue(language: str) -> dict[object, Message]:
    """The language's messages (from its .po file) by message id."""
    path = Path(settings.PACKAGE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as source:
        catalog = read_po(source, locale=language)
    return {message.id: message for message in catalog if message.id}


def untranslated(messages: dict[object, Message], sources: tuple[str, ...]) -> list[object]:
    """The ids of the messages used in `sources` (paths under the package) that have no
    translation, lack a plural form, or are marked fuzzy (which Django leaves out)."""
    return [
        message.id
        for message in messages.values()
        if any(location.startswith(sources) for location, _line in message.locations)
        and (
            not message.string
            or (isinstance(message.string, tuple) and not all(message.string))
            or message.fuzzy
        )
    ]
