"""Service translations in the admin: an administrator words a service for Spanish speakers,
and the catalog's localized selector reads it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from civicdesk.accounts.enums import Role
from civicdesk.catalog.models import ServiceTranslation
from civicdesk.catalog.selectors import service_list_localized
from tests.factories import ServiceFactory, staff_user
from tests.factories.admin_forms import changeform_data

pytestmark = pytest.mark.django_db


def test_administrator_adds_a_spanish_translation_inline(client: Client) -> None:
    service = ServiceFactory(code="GRAFFITI", name="Graffiti", group="Property")
    client.force_login(staff_user(Role.ADMINISTRATOR))
    url = reverse("admin:catalog_service_change", args=[service.pk])
    page = client.get(url)
    assert "translations-TOTAL_FORMS" in page.content.decode()
    data = changeform_data(
        page,
        **{
            "translations-TOTAL_FORMS": "1",
            "translations-0-language": "es",
            "translations-0-name": "Grafiti",
            "translations-0-group": "Propiedad",
            "translations-0-attribute_texts": "{}",
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    translation = ServiceTranslation.objects.get(service=service)
    assert translation.name == "Grafiti"
    spanish = {item.code: item for item in service_list_localized(language="es")}
    assert spanish["GRAFFITI"].name == "Grafiti"
    assert spanish["GRAFFITI"].group == "Propiedad"


def test_translation_with_malformed_questions_is_refused(client: Client) -> None:
    service = ServiceFactory()
    client.force_login(staff_user(Role.ADMINISTRATOR))
    url = reverse("admin:catalog_service_change", args=[service.pk])
    data = changeform_data(
        client.get(url),
        **{
            "translations-TOTAL_FORMS": "1",
            "translations-0-language": "es",
            "translations-0-name": "Algo",
            "translations-0-attribute_texts": '{"size": "grande"}',
        },
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert not ServiceTranslation.objects.exists()
