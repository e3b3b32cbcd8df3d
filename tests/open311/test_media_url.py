"""`media_url` on POST: a link to a photo held elsewhere, stored and served back exactly as given,
after any uploaded photo; a bad link is refused with nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from civicdesk.accounts.models import ApiKey
from civicdesk.service_requests.models import (
    MEDIA_EXTERNAL_URL_MAX_LENGTH,
    ServiceRequest,
    ServiceRequestMedia,
)
from tests.open311.conftest import BASE, City, errors_of, get, parse
from tests.open311.test_media import jpeg_with_gps

FORMATS = ["json", "xml"]
LINK = "https://photos.example.org/p/IMG_0042.JPG?size=large&token=a%20b"


def form(city: City, **fields: Any) -> dict[str, Any]:
    return {"api_key": city.api_key, "service_code": "GRAF", "address_string": "1 Elm St", **fields}


def filed_id(response: Any, fmt: str) -> str:
    assert response.status_code == 200, response.content
    body = parse(response)
    if fmt == "json":
        return str(body[0]["service_request_id"])
    return str(body.find("request").findtext("service_request_id"))


def served(client: Client, public_id: str, fmt: str) -> tuple[str | None, list[str]]:
    """(media_url, extended_attributes.media_urls) of the request, read in `fmt`."""
    body = parse(get(client, f"requests/{public_id}.{fmt}", extensions="true"))
    if fmt == "json":
        record = body[0]
        return record["media_url"], record["extended_attributes"]["media_urls"]
    request = body.find("request")
    urls = request.find("extended_attributes").find("media_urls")
    return request.findtext("media_url") or None, [item.text for item in urls.findall("media_url")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_media_url__is_stored_and_served_back_exactly_as_given(
    client: Client, city: City, fmt: str
) -> None:
    response = client.post(f"{BASE}/requests.{fmt}", form(city, media_url=LINK))
    public_id = filed_id(response, fmt)
    media = ServiceRequestMedia.objects.get()
    assert media.external_url == LINK
    assert not media.file
    assert media.service_request.public_id == public_id
    for read_as in FORMATS:
        assert served(client, public_id, read_as) == (LINK, [LINK])
    listed = parse(get(client, "requests.json", service_request_id=public_id))
    assert listed[0]["media_url"] == LINK


@pytest.mark.parametrize("fmt", FORMATS)
def test_media_url__an_uploaded_photo_comes_first_and_the_link_is_kept_after_it(
    client: Client, city: City, fmt: str
) -> None:
    upload = SimpleUploadedFile("IMG_1.JPG", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(f"{BASE}/requests.{fmt}", form(city, media=upload, media_url=LINK))
    media_url, media_urls = served(client, filed_id(response, fmt), fmt)
    assert media_url is not None
    assert media_url.startswith("http://testserver/media/requests/")
    assert media_urls == [media_url, LINK]


def test_media_url__repeated_links_are_all_kept_in_order_and_blanks_ignored(
    client: Client, city: City
) -> None:
    links = ["http://a.example/1.jpg", "https://b.example/2.png"]
    response = client.post(
        f"{BASE}/requests.json", form(city, media_url=[links[0], "  ", links[1]])
    )
    assert served(client, filed_id(response, "json"), "json") == (links[0], links)


def test_media_url__an_empty_one_counts_as_absent(client: Client, city: City) -> None:
    response = client.post(f"{BASE}/requests.json", form(city, media_url=""))
    public_id = filed_id(response, "json")
    assert ServiceRequestMedia.objects.count() == 0
    assert served(client, public_id, "json") == (None, [])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "ftp://files.example.org/photo.jpg",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        "photos.example.org/p/1.jpg",
        "http://",
        "https://exa mple.org/1.jpg",
        "https://photos.example.org/" + "a" * MEDIA_EXTERNAL_URL_MAX_LENGTH,
    ],
)
def test_media_url__a_bad_link_is_refused_naming_media_url_and_nothing_is_stored(
    client: Client, city: City, fmt: str, link: str
) -> None:
    response = client.post(f"{BASE}/requests.{fmt}", form(city, media_url=link))
    assert response.status_code == 400
    errors = errors_of(response, fmt)
    assert len(errors) == 1
    code, description = errors[0]
    assert code == 400
    assert description.startswith("media_url: ")
    assert ServiceRequest.objects.count() == 0
    assert ServiceRequestMedia.objects.count() == 0
    key = ApiKey.objects.get()
    assert (key.usage_count, key.submission_count) == (1, 0)


def test_media_url__a_bad_link_after_a_good_one_refuses_the_whole_post(
    client: Client, city: City
) -> None:
    response = client.post(
        f"{BASE}/requests.json", form(city, media_url=[LINK, "javascript:alert(1)"])
    )
    assert response.status_code == 400
    assert errors_of(response, "json")[0][1].startswith("media_url: ")
    assert ServiceRequest.objects.count() == 0
    assert ServiceRequestMedia.objects.count() == 0


def test_media_url__the_longest_accepted_link_is_stored_whole(client: Client, city: City) -> None:
    prefix = "https://photos.example.org/"
    link = prefix + "b" * (MEDIA_EXTERNAL_URL_MAX_LENGTH - len(prefix))
    assert len(link) == MEDIA_EXTERNAL_URL_MAX_LENGTH
    response = client.post(f"{BASE}/requests.json", form(city, media_url=link))
    assert served(client, filed_id(response, "json"), "json") == (link, [link])


@pytest.mark.parametrize("fmt", FORMATS)
def test_media_url__more_than_five_photos_in_all_are_refused(
    client: Client, city: City, fmt: str
) -> None:
    links = [f"https://photos.example.org/{number}.jpg" for number in range(5)]
    upload = SimpleUploadedFile("IMG_1.JPG", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(f"{BASE}/requests.{fmt}", form(city, media=upload, media_url=links))
    assert response.status_code == 400
    assert "at most 5 photos" in errors_of(response, fmt)[0][1]
    assert ServiceRequest.objects.count() == 0
    assert ServiceRequestMedia.objects.count() == 0


def test_media_url__the_link_is_shown_only_with_its_request_and_never_a_private_photo(
    client: Client, city: City
) -> None:
    response = client.post(f"{BASE}/requests.json", form(city, media_url=LINK))
    public_id = filed_id(response, "json")
    ServiceRequestMedia.objects.update(is_public=False)
    assert served(client, public_id, "json") == (None, [])
