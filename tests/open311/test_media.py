"""Photo upload on POST: images only, size limit, EXIF removed, stored and served back."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from civicdesk.service_requests.models import ServiceRequest, ServiceRequestMedia
from tests.open311.conftest import BASE, City, errors_of, get, parse

FORMATS = ["json", "xml"]


def jpeg_with_gps(*, size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (41.0, 52.0, 48.0)}  # GPSInfo
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif)
    return output.getvalue()


def form(city: City, **files: Any) -> dict[str, Any]:
    return {
        "api_key": city.api_key,
        "service_code": "GRAF",
        "address_string": "1 Elm St",
        **files,
    }


@pytest.mark.parametrize("field", ["media", "media[]", "photo1"])
def test_upload__stores_the_photo_without_exif_and_serves_its_url(
    client: Client, city: City, field: str
) -> None:
    upload = SimpleUploadedFile("IMG_0001.JPG", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(f"{BASE}/requests.json", form(city, **{field: upload}))
    assert response.status_code == 200, response.content
    media = ServiceRequestMedia.objects.get()
    assert media.content_type == "image/jpeg"
    with default_storage.open(media.file.name) as stored_file:
        data = stored_file.read()
    with Image.open(io.BytesIO(data)) as stored:
        assert not stored.getexif()
        assert stored.size == (48, 64)  # turned upright before the orientation tag was dropped
    assert b"PhoneMaker" not in data
    public_id = parse(response)[0]["service_request_id"]
    record = parse(get(client, f"requests/{public_id}.json", extensions="true"))[0]
    assert record["media_url"].startswith("http://testserver/media/requests/")
    assert record["media_url"].endswith(".jpg")
    assert record["extended_attributes"]["media_urls"] == [record["media_url"]]


def test_upload__png_stays_png(client: Client, city: City) -> None:
    output = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 255, 128)).save(output, format="PNG")
    upload = SimpleUploadedFile("shot.png", output.getvalue(), content_type="image/png")
    response = client.post(f"{BASE}/requests.xml", form(city, media=upload))
    assert response.status_code == 200
    assert ServiceRequestMedia.objects.get().file.name.endswith(".png")


@pytest.mark.parametrize("fmt", FORMATS)
def test_upload__a_file_that_is_not_an_image_is_refused_and_nothing_stored(
    client: Client, city: City, fmt: str
) -> None:
    upload = SimpleUploadedFile(
        "photo.jpg", b"%PDF-1.4 not a picture at all", content_type="image/jpeg"
    )
    response = client.post(f"{BASE}/requests.{fmt}", form(city, media=upload))
    assert response.status_code == 400
    assert "not a photo" in errors_of(response, fmt)[0][1]
    assert ServiceRequest.objects.count() == 0
    assert ServiceRequestMedia.objects.count() == 0


@pytest.mark.parametrize("fmt", FORMATS)
def test_upload__a_photo_over_the_size_limit_is_refused_and_nothing_stored(
    client: Client, city: City, fmt: str, settings: Any
) -> None:
    settings.CIVICDESK = {**settings.CIVICDESK, "OPEN311_MEDIA_MAX_BYTES": 2000}
    big = jpeg_with_gps(size=(400, 400))
    assert len(big) > 2000
    upload = SimpleUploadedFile("big.jpg", big, content_type="image/jpeg")
    response = client.post(f"{BASE}/requests.{fmt}", form(city, media=upload))
    assert response.status_code == 400
    assert "2000 bytes" in errors_of(response, fmt)[0][1]
    assert ServiceRequest.objects.count() == 0
    assert ServiceRequestMedia.objects.count() == 0
