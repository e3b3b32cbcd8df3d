"""Reading Open311 service catalogs from files: GET services and GET service definition
documents, in JSON or XML, as real cities publish them.

Tolerates what real files do: XML namespace declarations on the root, empty elements, HTML
entities in descriptions, `<attribute>` directly under `<service_definition>` (the old CfA
fixture), `groups/group` instead of `group`, and JSON `null`s. XML is parsed with defusedxml.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET

from civicdesk.core.errors import ApplicationError


class CatalogFileError(ApplicationError):
    code = "invalid_catalog_file"


@dataclass(frozen=True)
class ImportedValue:
    key: str
    name: str


@dataclass(frozen=True)
class ImportedAttribute:
    code: str
    datatype: str
    variable: bool = True
    required: bool = False
    order: int = 0
    description: str = ""
    datatype_description: str = ""
    values: list[ImportedValue] = field(default_factory=list)


@dataclass(frozen=True)
class ImportedService:
    code: str
    name: str
    description: str = ""
    type: str = "realtime"
    keywords: str = ""
    group: str = ""


@dataclass(frozen=True)
class ImportedDefinition:
    service_code: str
    attributes: list[ImportedAttribute]


@dataclass
class CatalogFile:
    services: list[ImportedService] = field(default_factory=list)
    definitions: list[ImportedDefinition] = field(default_factory=list)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return _text(value).lower() in {"true", "1", "yes"}


def _order(value: Any) -> int:
    text = _text(value)
    return int(text) if text.isdigit() else 0


def _service(data: dict[str, Any]) -> ImportedService:
    code, name = _text(data.get("service_code")), _text(data.get("service_name"))
    if not code or not name:
        raise CatalogFileError(f"A service without service_code or service_name: {data!r:.200}")
    group = data.get("group")
    if not _text(group) and isinstance(data.get("groups"), list) and data["groups"]:
        group = data["groups"][0]
    return ImportedService(
        code=code,
        name=name,
        description=_text(data.get("description")),
        type=_text(data.get("type")) or "realtime",
        keywords=_text(data.get("keywords")),
        group=_text(group),
    )


def _attribute(data: dict[str, Any]) -> ImportedAttribute:
    values = data.get("values") or []
    return ImportedAttribute(
        code=_text(data.get("code")),
        datatype=_text(data.get("datatype")) or "string",
        variable=_flag(data.get("variable", True)),
        required=_flag(data.get("required")),
        order=_order(data.get("order")),
        description=_text(data.get("description")),
        datatype_description=_text(data.get("datatype_description")),
        values=[ImportedValue(key=_text(v.get("key")), name=_text(v.get("name"))) for v in values],
    )


def _definition(data: dict[str, Any]) -> ImportedDefinition:
    return ImportedDefinition(
        service_code=_text(data.get("service_code")),
        attributes=[_attribute(item) for item in data.get("attributes") or []],
    )


def _element_dict(element: Element) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for child in element:
        if child.tag == "values":
            data["values"] = [_element_dict(value) for value in child.findall("value")]
        elif child.tag == "groups":
            data["groups"] = [_text(group.text) for group in child.findall("group")]
        else:
            data[child.tag] = child.text
    return data


def parse_catalog_json(content: str) -> CatalogFile:
    try:
        data = json.loads(content)
    except json.JSONDecodeError as error:
        raise CatalogFileError(f"Not JSON: {error}") from None
    if isinstance(data, dict) and "service_requests" not in data and "services" in data:
        data = data["services"]
    if isinstance(data, list):
        return CatalogFile(services=[_service(item) for item in data])
    if isinstance(data, dict) and "attributes" in data:
        return CatalogFile(definitions=[_definition(data)])
    raise CatalogFileError("Neither a service list (an array) nor a service definition.")


def parse_catalog_xml(content: bytes) -> CatalogFile:
    try:
        root = SafeET.fromstring(content)
    except SafeET.ParseError as error:
        raise CatalogFileError(f"Not well-formed XML: {error}") from None
    if root.tag == "services":
        return CatalogFile(
            services=[_service(_element_dict(item)) for item in root.findall("service")]
        )
    if root.tag == "service_definition":
        attributes = root.findall("attributes/attribute") or root.findall("attribute")
        return CatalogFile(
            definitions=[
                ImportedDefinition(
                    service_code=_text(root.findtext("service_code")),
                    attributes=[_attribute(_element_dict(item)) for item in attributes],
                )
            ]
        )
    raise CatalogFileError(f"Unknown document <{root.tag}>: expected services or definition.")


def read_catalog_file(path: Path) -> CatalogFile:
    """The services or the definition in `path`, JSON or XML (told apart by the content)."""
    content = path.read_bytes()
    if content.lstrip().startswith(b"<"):
        return parse_catalog_xml(content)
    return parse_catalog_json(content.decode("utf-8-sig"))
