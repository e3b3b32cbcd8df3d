"""Steps of the report form as the test client takes them."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from PIL import Image

PNG_SIZE = (32, 24)


def png_bytes(colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", PNG_SIZE, colour).save(output, format="PNG")
    return output.getvalue()


def speak_spanish(client: Client) -> None:
    client.cookies["django_language"] = "es"


def fill_details(client: Client, code: str, **answers: Any) -> Any:
    return client.post(f"/report/{code}/", answers)


def fill_location(client: Client, code: str, **where: Any) -> Any:
    return client.post(f"/report/{code}/location/", where)


def skip_photos(client: Client, code: str) -> Any:
    return client.post(f"/report/{code}/photos/", {"action": "continue"})


def fill_contact(client: Client, code: str, **details: Any) -> Any:
    details.setdefault("notify_by", "none")
    return client.post(f"/report/{code}/contact/", details)


def send(client: Client, code: str, **extra: Any) -> Any:
    return client.post(f"/report/{code}/review/", extra)


def report_pothole(
    client: Client,
    *,
    address: str = "120 Alder Street",
    contact: dict[str, str] | None = None,
) -> Any:
    """The whole form for a small pothole at `address`; the response to sending it."""
    assert fill_details(client, "POTHOLE", attribute_pothole_size="small").status_code == 302
    assert fill_location(client, "POTHOLE", address=address).status_code == 302
    assert skip_photos(client, "POTHOLE").status_code == 302
    assert fill_contact(client, "POTHOLE", **(contact or {})).status_code == 302
    return send(client, "POTHOLE")
