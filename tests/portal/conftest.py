"""A small city for the portal's tests: a city limit with two districts, a few addresses on
Alder Street, and services whose forms use all six datatypes, with Spanish translations."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from civicdesk.catalog.enums import AttributeDatatype
from civicdesk.catalog.models import Service, ServiceTranslation
from tests.factories import ServiceAttributeFactory, ServiceAttributeValueFactory, ServiceFactory
from tests.factories.geo import AddressPointFactory, BoundaryFactory, jurisdiction, square

# 120 Alder Street and its neighbours, inside district 1.
ALDER_LATITUDE = 42.4012
ALDER_LONGITUDE = -92.8470


@dataclass(frozen=True)
class City:
    pothole: Service
    graffiti: Service
    noise: Service


def _pothole() -> Service:
    pothole = ServiceFactory(
        code="POTHOLE",
        name="Pothole",
        group="Streets & Sidewalks",
        keywords="hole, road damage, pavement",
        description="A pothole on a city street or alley.",
    )
    size = ServiceAttributeFactory(
        service=pothole,
        code="pothole_size",
        datatype=AttributeDatatype.SINGLEVALUELIST,
        required=True,
        description="How big is the pothole?",
        datatype_description="A rough guess is fine",
        order=1,
    )
    for order, (key, name) in enumerate(
        [("small", "Smaller than a dinner plate"), ("large", "Bigger than a car tire")]
    ):
        ServiceAttributeValueFactory(attribute=size, key=key, name=name, order=order)
    lanes = ServiceAttributeFactory(
        service=pothole,
        code="lanes",
        datatype=AttributeDatatype.MULTIVALUELIST,
        description="Which lanes does it block?",
        order=2,
    )
    for order, (key, name) in enumerate([("left", "Left lane"), ("right", "Right lane")]):
        ServiceAttributeValueFactory(attribute=lanes, key=key, name=name, order=order)
    ServiceAttributeFactory(
        service=pothole,
        code="depth",
        datatype=AttributeDatatype.NUMBER,
        description="How deep is it, in inches?",
        order=3,
    )
    ServiceAttributeFactory(
        service=pothole,
        code="noticed_at",
        datatype=AttributeDatatype.DATETIME,
        description="When did you notice it?",
        order=4,
    )
    ServiceAttributeFactory(
        service=pothole,
        code="landmark",
        datatype=AttributeDatatype.STRING,
        description="Nearest landmark",
        order=5,
    )
    ServiceAttributeFactory(
        service=pothole,
        code="damage",
        datatype=AttributeDatatype.TEXT,
        description="Did it damage a vehicle?",
        order=6,
    )
    ServiceAttributeFactory(
        service=pothole,
        code="safety_note",
        datatype=AttributeDatatype.STRING,
        variable=False,
        description="If the pothole is dangerous right now, call 311.",
        order=0,
    )
    ServiceTranslation.objects.create(
        service=pothole,
        language="es",
        name="Bache",
        group="Calles y aceras",
        description="Un bache en una calle o callejón de la ciudad.",
        keywords="bache, hoyo, pavimento",
        attribute_texts={
            "pothole_size": {
                "description": "¿Qué tamaño tiene el bache?",
                "datatype_description": "Basta con una idea aproximada",
                "values": {
                    "small": "Más pequeño que un plato",
                    "large": "Más grande que una llanta",
                },
            }
        },
    )
    return pothole


@pytest.fixture(scope="session", autouse=True)
def _translations_compiled() -> None:
    """The .mo files are built by the set-up step; build them here too when a .po is newer, so
    that running pytest alone shows the Spanish pages as residents see them."""
    from civicdesk.portal.management.commands.compile_translations import (
        catalogue_paths,
        compile_catalogue,
    )

    for path in catalogue_paths():
        compiled = path.with_suffix(".mo")
        if not compiled.exists() or compiled.stat().st_mtime < path.stat().st_mtime:
            compile_catalogue(path)


@pytest.fixture
def city(db: None) -> City:
    jurisdiction(-92.90, 42.36, -92.80, 42.44)
    BoundaryFactory(code="1", name="District 1", geometry=square(-92.90, 42.36, -92.85, 42.44))
    BoundaryFactory(code="2", name="District 2", geometry=square(-92.85, 42.36, -92.80, 42.44))
    for number, offset in (("118", -0.0002), ("120", 0.0), ("122", 0.0002)):
        AddressPointFactory(
            house_number=number,
            street="Alder Street",
            latitude=ALDER_LATITUDE,
            longitude=ALDER_LONGITUDE + offset,
        )
    graffiti = ServiceFactory(
        code="GRAFFITI",
        name="Graffiti",
        group="Neighborhood & Property",
        keywords="graffiti, vandalism, tagging",
    )
    ServiceTranslation.objects.create(
        service=graffiti, language="es", name="Grafiti", group="Vecindario y propiedad"
    )
    noise = ServiceFactory(
        code="NOISE",
        name="Noise complaint",
        group="Neighborhood & Property",
        allows_anonymous=False,
    )
    return City(pothole=_pothole(), graffiti=graffiti, noise=noise)
