"""Tokens for `batch` services: a signed, opaque stand-in for the request number.

A `batch` service answers a POST with a token; `GET tokens/<token>` turns it into the request id.
The token is signed with SECRET_KEY, so nobody can forge one, and needs no table of its own.
"""

from __future__ import annotations

from django.core import signing

_SALT = "civicdesk.open311.token"


def token_for(public_id: str) -> str:
    return signing.dumps(public_id, salt=_SALT)


def public_id_from_token(token: str) -> str | None:
    try:
        value = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None
