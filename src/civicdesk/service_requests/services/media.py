"""Photos attached to a service request: checked, cleaned of metadata, stored through Django's
storage (the file system in a trial, object storage in production) — or, for a photo that lives
elsewhere (Open311's `media_url`), a checked link to it.

`media_prepare` reads the uploads and refuses anything that is not an image Pillow can decode or
that is larger than OPEN311_MEDIA_MAX_BYTES; it re-encodes each picture upright and without
EXIF, GPS or other metadata; `media_links_prepare` checks links: http or https only, at most
MEDIA_EXTERNAL_URL_MAX_LENGTH characters, a well-formed address; a link is kept exactly as given
and never fetched. Neither writes anything. `media_attach` stores prepared media for a request,
uploads first; intake calls it inside the request's transaction.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from civicdesk.core.errors import ApplicationError
from civicdesk.service_requests.models import (
    MEDIA_EXTERNAL_URL_MAX_LENGTH,
    ServiceRequest,
    ServiceRequestMedia,
)

MAX_PIXELS = 40_000_000
MAX_FILES = 5

_SAVE_AS: dict[str, tuple[str, str, str]] = {
    # Pillow format: (format to write, extension, content type)
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    "MPO": ("JPEG", "jpg", "image/jpeg"),
    "PNG": ("PNG", "png", "image/png"),
    "WEBP": ("WEBP", "webp", "image/webp"),
    "GIF": ("PNG", "png", "image/png"),
    "HEIF": ("JPEG", "jpg", "image/jpeg"),
}


class MediaValidationError(ApplicationError):
    code = "invalid_media"


@dataclass(frozen=True)
class PreparedMedia:
    """A cleaned picture, ready to store."""

    content: bytes
    extension: str
    content_type: str


@dataclass(frozen=True)
class LinkedMedia:
    """A checked link to a photo held elsewhere, kept exactly as given."""

    url: str


MediaItem = PreparedMedia | LinkedMedia
_URL_CHECK = URLValidator(schemes=["http", "https"])


def media_max_bytes() -> int:
    return int(settings.CIVICDESK["OPEN311_MEDIA_MAX_BYTES"])


def _prepare_one(upload: UploadedFile) -> PreparedMedia:
    name = upload.name or "upload"
    limit = media_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise MediaValidationError(
            _("“%(name)s” is %(size)d bytes; photos can be at most %(limit)d bytes.")
            % {"name": name, "size": upload.size, "limit": limit},
            field_errors={"media": [_("The photo is too large.")]},
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise MediaValidationError(
            _("“%(name)s” is larger than %(limit)d bytes.") % {"name": name, "limit": limit},
            field_errors={"media": [_("The photo is too large.")]},
        )
    not_an_image = MediaValidationError(
        _("“%(name)s” is not a photo; send a JPEG, PNG, WebP or GIF image.") % {"name": name},
        field_errors={"media": [_("Only images can be attached.")]},
    )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe_format = probe.format or ""
            width, height = probe.size
            probe.verify()
        if probe_format not in _SAVE_AS:
            raise not_an_image
        if width * height > MAX_PIXELS:
            raise MediaValidationError(
                _("“%(name)s” has too many pixels (%(width)d by %(height)d).")
                % {"name": name, "width": width, "height": height},
                field_errors={"media": [_("The photo is too large.")]},
            )
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image)
            save_format, extension, content_type = _SAVE_AS[probe_format]
            if save_format == "JPEG" and upright.mode not in {"RGB", "L"}:
                upright = upright.convert("RGB")
            clean = Image.new(upright.mode, upright.size)
            clean.paste(upright)
            if upright.mode == "P" and upright.getpalette():
                clean.putpalette(upright.getpalette() or [])
            output = io.BytesIO()
            clean.save(
                output, format=save_format, **({"quality": 88} if save_format == "JPEG" else {})
            )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    return PreparedMedia(content=output.getvalue(), extension=extension, content_type=content_type)


def _check_link(url: str) -> LinkedMedia:
    if len(url) > MEDIA_EXTERNAL_URL_MAX_LENGTH:
        raise MediaValidationError(
            _("The photo link is %(length)d characters long; at most %(limit)d are accepted.")
            % {"length": len(url), "limit": MEDIA_EXTERNAL_URL_MAX_LENGTH},
            field_errors={"media_url": [_("The link is too long.")]},
        )
    try:
        _URL_CHECK(url)
    except ValidationError:
        raise MediaValidationError(
            _("“%(url)s” is not a link to a photo; give a full http:// or https:// address.")
            % {"url": url[:100]},
            field_errors={"media_url": [_("Give a full http:// or https:// address.")]},
        ) from None
    return LinkedMedia(url=url)


def media_prepare(*, uploads: Sequence[UploadedFile]) -> list[PreparedMedia]:
    """The uploads checked and cleaned; raises `MediaValidationError` and stores nothing."""
    if len(uploads) > MAX_FILES:
        raise MediaValidationError(
            _("Send at most %(count)d photos with one request.") % {"count": MAX_FILES},
            field_errors={"media": [_("Too many photos.")]},
        )
    return [_prepare_one(upload) for upload in uploads]


def media_links_prepare(*, urls: Sequence[str], upload_count: int = 0) -> list[LinkedMedia]:
    """The links checked (empty ones skipped), counting toward the limit of photos with the
    `upload_count` uploads sent beside them; raises `MediaValidationError`, stores nothing."""
    links = [url.strip() for url in urls if url.strip()]
    if links and upload_count + len(links) > MAX_FILES:
        raise MediaValidationError(
            _("Send at most %(count)d photos with one request.") % {"count": MAX_FILES},
            field_errors={"media_url": [_("Too many photos.")]},
        )
    return [_check_link(url) for url in links]


def media_attach(
    *, service_request: ServiceRequest, media: Sequence[MediaItem], now: datetime
) -> list[ServiceRequestMedia]:
    """Store prepared media for `service_request` in the order given (intake passes uploads
    first); call inside the request's transaction."""
    stored: list[ServiceRequestMedia] = []
    for item in media:
        row = ServiceRequestMedia(service_request=service_request, is_public=True, created_at=now)
        if isinstance(item, LinkedMedia):
            row.external_url = item.url
        else:
            row.content_type = item.content_type
            row.file.save(
                f"{uuid.uuid4().hex}.{item.extension}", ContentFile(item.content), save=False
            )
        row.full_clean(exclude=["service_request"])
        row.save()
        stored.append(row)
    return stored
