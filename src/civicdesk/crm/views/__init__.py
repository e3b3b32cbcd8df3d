"""The agent console at /console/: identify the resident, see their history across channels,
answer from the knowledge base beside it, and log what came of the contact.

Views parse, ask `crm.permissions`, call one selector or service and render. Every page that
shows a resident's personal data writes a `contact.viewed` (or `contact.searched`) audit entry.
"""

from civicdesk.crm.views.common import ConsoleLoginView
from civicdesk.crm.views.record import (
    answer,
    contact_detail,
    contact_edit,
    contact_merge,
    knowledge_panel,
    log_outcome,
)
from civicdesk.crm.views.requests import request_lookup, request_new, request_status
from civicdesk.crm.views.start import call, contact_new, end, home, start

__all__ = [
    "ConsoleLoginView",
    "answer",
    "call",
    "contact_detail",
    "contact_edit",
    "contact_merge",
    "contact_new",
    "end",
    "home",
    "knowledge_panel",
    "log_outcome",
    "request_lookup",
    "request_new",
    "request_status",
    "start",
]
