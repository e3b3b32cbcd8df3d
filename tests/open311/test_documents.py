"""The XML documents are written directly as text: byte for byte what ElementTree wrote for the
same Spark mapping before."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from django.utils.translation import gettext_lazy

from civicdesk.open311.documents import _text, singular, to_xml
from civicdesk.service_requests.enums import Status


def _element_tree_xml(root: str, value: Any) -> bytes:
    """The document as the API wrote it with ElementTree."""

    def fill(element: ET.Element, name: str, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, Mapping):
            for key, item in value.items():
                fill(ET.SubElement(element, key), key, item)
        elif isinstance(value, Sequence) and not isinstance(value, str):
            for item in value:
                fill(ET.SubElement(element, singular(name)), singular(name), item)
        else:
            element.text = _text(value)

    element = ET.Element(root)
    fill(element, root, value)
    body = ET.tostring(element, encoding="unicode", short_empty_elements=True)
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}'.encode()


REQUEST: dict[str, Any] = {
    "service_request_id": "26-00000001",
    "status": Status.CLOSED,
    "status_notes": None,
    "description": "Fish & chips <b>\"quoted\"</b> 'single' > less; tab\there\r\nnew line",
    "address": "",
    "lat": 41.88,
    "long": -87.63,
    "count": 0,
    "duplicate": False,
    "is_public": True,
    "summary": gettext_lazy("Request received"),
    "control": "bell\x07 and \ufffe and é ☕ 🕳️",
    "media_urls": ["https://example.org/a.jpg?x=1&y=2", ""],
    "notes": [
        {"datetime": "2026-11-01T01:30:00-05:00", "description": None, "type": "closed"},
        {},
    ],
    "extended_attributes": {"channel": "web", "nested": {"deeper": [None, 1, "two"]}},
    "empty_list": [],
    "empty_dict": {},
}


@pytest.mark.parametrize(
    ("root", "value"),
    [
        ("service_requests", [REQUEST, REQUEST]),
        ("service_requests", []),
        ("service_request", REQUEST),
        ("errors", [{"code": 404, "description": "Unknown “x” & <y>"}]),
        ("discovery", {"endpoints": [{"formats": ["text/xml", "application/json"]}]}),
        ("value", "plain"),
        ("value", None),
        ("value", ""),
    ],
    ids=["list", "empty list", "dict", "errors", "nested lists", "text", "none", "empty text"],
)
def test_xml__is_what_element_tree_wrote(root: str, value: Any) -> None:
    assert to_xml(root, value) == _element_tree_xml(root, value)
