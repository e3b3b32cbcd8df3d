"""Every write to a service request. Channels call `service_request_submit` and nothing else."""

from civicdesk.service_requests.services.intake import (
    IntakeResult,
    IntakeValidationError,
    Location,
    service_request_submit,
)
from civicdesk.service_requests.services.lifecycle import (
    service_request_add_note,
    service_request_change_status,
    service_request_mark_duplicate,
)

__all__ = [
    "IntakeResult",
    "IntakeValidationError",
    "Location",
    "service_request_add_note",
    "service_request_change_status",
    "service_request_mark_duplicate",
    "service_request_submit",
]
