"""Template context every page of the site layout (templates/base.html) needs."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """The name of the city or county this deployment serves, for the header and titles."""
    return {"site_name": settings.CIVICDESK["CITY_NAME"]}
