"""The base error of every use case; interfaces turn it into a page, a 400 or a CLI message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class ApplicationError(Exception):
    """A rule of the domain refused an action. `message` is written for a person to read.

    `field_errors` maps an input name (a form field, an attribute code) to its messages, so an
    interface can show each one beside the input it concerns.
    """

    code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        field_errors: Mapping[str, Sequence[str]] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors: dict[str, list[str]] = {
            key: list(messages) for key, messages in (field_errors or {}).items()
        }
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        if not self.field_errors:
            return self.message
        details = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in self.field_errors.items()
        )
        return f"{self.message} ({details})"


class PermissionDeniedError(ApplicationError):
    """The acting user may not do this; interfaces answer 403 with the message."""

    code = "permission_denied"
