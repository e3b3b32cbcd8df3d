"""The Spanish catalogue: a translation keeps the placeholders and HTML tags of its English text,
so a screen in Spanish never fails on an unknown name nor loses a value or a link."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.translation import gettext

from civicdesk.crm.enums import AddressKind
from tests.translations import catalogue

# Named placeholders (%(name)s, %(count)d), brace placeholders ({name}) and HTML tags.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|</?[a-z][^>]*>")


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def test_spanish_translations__keep_the_placeholders_and_tags_of_the_english_text() -> None:
    wrong: list[object] = []
    for message in catalogue("es").values():
        if not message.string:
            continue
        if isinstance(message.id, str):
            if not isinstance(message.string, str) or _placeholders(
                message.string
            ) != _placeholders(message.id):
                wrong.append(message.id)
            continue
        singular, plural = message.id[0], message.id[-1]
        forms = [form for form in message.string if form]
        # The singular form may leave the count out ("el día anterior").
        allowed = set(_placeholders(singular)) | set(_placeholders(plural))
        if forms and (
            _placeholders(forms[-1]) != _placeholders(plural)
            or any(not set(_placeholders(form)) <= allowed for form in forms)
        ):
            wrong.append(message.id)
    assert wrong == []


def test_spanish__home_is_an_address_kind_in_one_place_and_the_admin_home_in_another() -> None:
    with translation.override("es"):
        assert str(AddressKind.HOME.label) == "Domicilio"
        assert gettext("Home") == "Inicio"  # the admin's breadcrumb
