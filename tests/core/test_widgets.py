"""PlainSelect renders what Django's own Select templates render."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms

from civicdesk.core.widgets import PlainSelect

CHOICES: list[Any] = [
    ("", "All services"),
    ("POTHOLE", "Pothole"),
    ("tricky", 'Graffiti <b>"tags"</b> & more'),
    (7, "A number"),
]
GROUPED: list[Any] = [
    ("", "Any"),
    ("Streets & roads", [("POTHOLE", "Pothole"), ("SIGN", "Sign <down>")]),
    ("Parks", [("TREE", "Tree")]),
]


@pytest.mark.parametrize(
    ("choices", "value", "attrs"),
    [
        (CHOICES, None, None),
        (CHOICES, "tricky", {"id": "id_service"}),
        (CHOICES, 7, {"id": "id_x", "required": True, "disabled": False, "data-x": 'a"b'}),
        (GROUPED, "SIGN", {"id": "id_grouped", "aria-describedby": "help"}),
        ([], None, None),
    ],
)
def test_plain_select__renders_the_same_html_as_django(
    choices: list[Any], value: Any, attrs: dict[str, Any] | None
) -> None:
    expected = forms.Select(choices=choices).render("service", value, attrs)
    assert PlainSelect(choices=choices).render("service", value, attrs) == expected


def test_plain_select__in_a_form_with_errors_and_model_choices() -> None:
    class Form(forms.Form):
        channel = forms.ChoiceField(choices=CHOICES[1:], widget=PlainSelect)

    class Stock(forms.Form):
        channel = forms.ChoiceField(choices=CHOICES[1:])

    for data in ({"channel": "nope"}, {"channel": "tricky"}, None):
        assert str(Form(data)["channel"]) == str(Stock(data)["channel"])
    assert 'aria-invalid="true"' in str(Form({"channel": "nope"})["channel"])
