"""A service's form: answers checked for each of the six Open311 datatypes, with clear messages."""

from __future__ import annotations

from typing import Any

import pytest

from civicdesk.catalog.attributes import AttributeValidationError, attribute_values_clean
from civicdesk.catalog.enums import AttributeDatatype
from civicdesk.catalog.models import Service, ServiceAttribute
from tests.factories import ServiceAttributeFactory, ServiceAttributeValueFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service() -> Service:
    """A dumping report with a question of every datatype."""
    service = ServiceFactory(code="DUMPING", name="Illegal dumping")
    ServiceAttributeFactory(
        service=service, code="plate", datatype=AttributeDatatype.STRING, description="Plate?"
    )
    ServiceAttributeFactory(
        service=service,
        code="bags",
        datatype=AttributeDatatype.NUMBER,
        description="How many bags?",
        required=True,
    )
    ServiceAttributeFactory(
        service=service,
        code="seen_at",
        datatype=AttributeDatatype.DATETIME,
        description="When did you see it?",
    )
    ServiceAttributeFactory(
        service=service, code="details", datatype=AttributeDatatype.TEXT, description="Details?"
    )
    size = ServiceAttributeFactory(
        service=service,
        code="size",
        datatype=AttributeDatatype.SINGLEVALUELIST,
        description="How big is the pile?",
        required=True,
    )
    ServiceAttributeValueFactory(attribute=size, key="small", name="Fits in a car trunk")
    ServiceAttributeValueFactory(attribute=size, key="large", name="Needs a truck")
    items = ServiceAttributeFactory(
        service=service,
        code="items",
        datatype=AttributeDatatype.MULTIVALUELIST,
        description="What was dumped?",
    )
    for key, name in [("tires", "Tires"), ("furniture", "Furniture"), ("trash", "Bagged trash")]:
        ServiceAttributeValueFactory(attribute=items, key=key, name=name)
    ServiceAttributeFactory(
        service=service,
        code="danger_note",
        datatype=AttributeDatatype.TEXT,
        variable=False,
        description="If anyone is in danger, call 911.",
    )
    return service


def clean(service: Service, values: dict[str, Any]) -> dict[str, Any]:
    attributes: list[ServiceAttribute] = list(
        service.attributes.filter(is_active=True).prefetch_related("values")
    )
    return attribute_values_clean(attributes=attributes, values=values)


def errors_of(service: Service, values: dict[str, Any]) -> dict[str, list[str]]:
    with pytest.raises(AttributeValidationError) as caught:
        clean(service, values)
    return caught.value.field_errors


def test_clean__every_datatype_is_normalised(service: Service) -> None:
    cleaned = clean(
        service,
        {
            "plate": "  ABC 123 ",
            "bags": "4",
            "seen_at": "2026-11-20 07:45",
            "details": "Behind the\nlibrary",
            "size": "large",
            "items": ["tires", "furniture", "tires"],
        },
    )
    assert cleaned == {
        "plate": "ABC 123",
        "bags": 4,
        "seen_at": "2026-11-20T07:45:00-06:00",
        "details": "Behind the\nlibrary",
        "size": "large",
        "items": ["tires", "furniture"],
    }


def test_clean__decimal_numbers_and_offsets_are_kept(service: Service) -> None:
    cleaned = clean(service, {"bags": "2.5", "size": "small", "seen_at": "2026-11-20T07:45:00Z"})
    assert cleaned["bags"] == 2.5
    assert cleaned["seen_at"] == "2026-11-20T07:45:00+00:00"


def test_clean__single_answer_for_a_multivalue_list_is_a_list(service: Service) -> None:
    assert clean(service, {"bags": 1, "size": "small", "items": "trash"})["items"] == ["trash"]


def test_clean__blank_optional_answers_are_dropped(service: Service) -> None:
    cleaned = clean(service, {"bags": 1, "size": "small", "plate": "  ", "items": []})
    assert cleaned == {"bags": 1, "size": "small"}


@pytest.mark.parametrize("missing", [{}, {"bags": "", "size": None}, {"bags": "  ", "size": []}])
def test_required__missing_answers_are_named(service: Service, missing: dict[str, Any]) -> None:
    assert errors_of(service, missing) == {
        "bags": ["“How many bags?” is required."],
        "size": ["“How big is the pile?” is required."],
    }


def test_unknown_key__is_refused_by_name(service: Service) -> None:
    errors = errors_of(service, {"bags": 1, "size": "small", "colour": "red"})
    assert errors == {"colour": ["“colour” is not a question of this service."]}


def test_informational_attribute__takes_no_answer(service: Service) -> None:
    errors = errors_of(service, {"bags": 1, "size": "small", "danger_note": "ok"})
    assert errors == {"danger_note": ["“danger_note” is information only and takes no answer."]}


@pytest.mark.parametrize("value", ["three", "1,5", "nan", "inf", True, [1, 2]])
def test_number__wrong_type_is_refused(service: Service, value: object) -> None:
    errors = errors_of(service, {"bags": value, "size": "small"})
    assert list(errors) == ["bags"]
    assert errors["bags"][0].startswith("“How many bags?” must be a number, such as 3 or 2.5;")


@pytest.mark.parametrize("value", ["yesterday", "2026-13-01T10:00", "20/11/2026"])
def test_datetime__wrong_type_is_refused(service: Service, value: str) -> None:
    errors = errors_of(service, {"bags": 1, "size": "small", "seen_at": value})
    assert errors == {
        "seen_at": [
            (
                "“When did you see it?” must be a date and time, such as 2026-03-14T09:30; "
                f"“{value}” is not."
            )
        ]
    }


def test_string__too_long_or_a_list_is_refused(service: Service) -> None:
    errors = errors_of(service, {"bags": 1, "size": "small", "plate": "x" * 256})
    assert errors == {"plate": ["“Plate?” can be at most 255 characters long (it has 256)."]}
    errors = errors_of(service, {"bags": 1, "size": "small", "plate": ["a", "b"]})
    assert errors == {"plate": ["“Plate?” takes one answer."]}


def test_text__allows_long_answers_up_to_4000(service: Service) -> None:
    assert (
        len(clean(service, {"bags": 1, "size": "small", "details": "y" * 4000})["details"]) == 4000
    )
    errors = errors_of(service, {"bags": 1, "size": "small", "details": "y" * 4001})
    assert list(errors) == ["details"]


def test_singlevaluelist__value_not_in_list_names_the_choices(service: Service) -> None:
    errors = errors_of(service, {"bags": 1, "size": "huge"})
    assert errors == {
        "size": [
            (
                "“huge” is not a choice for “How big is the pile?”. "
                "Choose from: small (Fits in a car trunk), large (Needs a truck)."
            )
        ]
    }


def test_singlevaluelist__two_answers_are_refused(service: Service) -> None:
    errors = errors_of(service, {"bags": 1, "size": ["small", "large"]})
    assert errors == {"size": ["Choose only one answer for “How big is the pile?”."]}


def test_multivaluelist__every_unknown_value_is_named(service: Service) -> None:
    errors = errors_of(service, {"bags": 1, "size": "small", "items": ["tires", "boat", "tv"]})
    assert errors["items"][0].startswith("“boat, tv” is not a choice for “What was dumped?”.")


def test_all_problems__are_reported_at_once(service: Service) -> None:
    errors = errors_of(service, {"bags": "lots", "size": "huge", "zzz": 1})
    assert set(errors) == {"bags", "size", "zzz"}


def test_inactive_attribute__is_not_asked(service: Service) -> None:
    ServiceAttribute.objects.filter(service=service, code="bags").update(is_active=False)
    assert clean(service, {"size": "small"}) == {"size": "small"}
