"""Languages: complete Spanish for everything a resident reads, catalogues compiled without
system gettext, services translated per language, and new languages added by configuration."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from civicdesk.catalog.selectors import service_get_localized, service_list_localized
from civicdesk.portal.management.commands.compile_translations import (
    catalogue_paths,
    compile_catalogue,
)
from tests.portal.conftest import City
from tests.translations import catalogue, untranslated

PACKAGE = Path(settings.PACKAGE_DIR)
SPANISH = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po"
# Everything a resident reads on the portal, in its e-mails and in intake's answers.
RESIDENT_FACING = (
    "portal/",
    "templates/base.html",
    "service_requests/services/intake.py",
    "service_requests/services/media.py",
    "service_requests/enums.py",
    "catalog/attributes.py",
    "crm/services.py",
    "geo/locating.py",
    "notifications/templates/",
    "notifications/following.py",
)
_TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.*?)\1""")


def test_spanish_catalogue_translates_every_resident_facing_string() -> None:
    assert untranslated(catalogue("es"), RESIDENT_FACING) == []


def test_every_string_of_the_portal_templates_is_in_the_catalogue() -> None:
    known = catalogue("es")
    templates = [
        *(PACKAGE / "portal" / "templates").rglob("*.html"),
        PACKAGE / "templates" / "base.html",
    ]
    missing = [
        (template.name, match.group(2))
        for template in templates
        for match in _TRANSLATE_TAG.finditer(template.read_text())
        if match.group(2) not in known
    ]
    assert missing == [], "run `civicdesk update_translations` and translate the new strings"


def test_compile_translations_needs_no_gettext(tmp_path: Path) -> None:
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(SPANISH, folder / "django.po")
    compiled = compile_catalogue(folder / "django.po")
    with compiled.open("rb") as source:
        translations = gettext.GNUTranslations(source)
    assert translations.gettext("Report a problem") == "Informar de un problema"
    assert (
        translations.ngettext("%(counter)s photo", "%(counter)s photos", 2) == "%(counter)s fotos"
    )
    assert SPANISH in catalogue_paths()


def test_a_language_is_added_by_configuration() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(dict(settings.LANGUAGES)['fr'])"
    )
    environment = {
        **os.environ,
        "LANGUAGES": "en,es,fr",
        "DJANGO_SETTINGS_MODULE": "civicdesk.settings",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "français"


@pytest.mark.django_db
def test_services_are_localized_with_the_original_as_fallback(city: City) -> None:
    spanish = {service.code: service for service in service_list_localized(language="es")}
    assert spanish["POTHOLE"].name == "Bache"
    assert spanish["POTHOLE"].group == "Calles y aceras"
    assert spanish["NOISE"].name == "Noise complaint"
    english = {service.code: service for service in service_list_localized(language="en")}
    assert english["POTHOLE"].name == "Pothole"
    found = service_get_localized(code="POTHOLE", language="es")
    assert found is not None
    _service, attributes = found
    size = next(attribute for attribute in attributes if attribute.code == "pothole_size")
    assert size.description == "¿Qué tamaño tiene el bache?"
    assert [value.name for value in size.values] == [
        "Más pequeño que un plato",
        "Más grande que una llanta",
    ]
    depth = next(attribute for attribute in attributes if attribute.code == "depth")
    assert depth.description == "How deep is it, in inches?"


@pytest.mark.django_db
def test_a_translation_in_an_unknown_language_is_refused(city: City) -> None:
    from django.core.exceptions import ValidationError

    from civicdesk.catalog.models import ServiceTranslation

    translation = ServiceTranslation(service=city.graffiti, language="xx", name="?")
    with pytest.raises(ValidationError) as refused:
        translation.full_clean()
    assert "language" in refused.value.message_dict
