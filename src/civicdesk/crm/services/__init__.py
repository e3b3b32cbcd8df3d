"""Writes for the CRM: contacts (`contacts`), merging them (`merge`), interactions
(`interactions`). The console's use cases that also file requests live in `console`, which
this package does not import (intake imports this package)."""

from civicdesk.crm.services.contacts import (
    IDENTITY_NORMALIZERS,
    ContactDetails,
    ContactDetailsError,
    ContactIdentityTakenError,
    ContactProfile,
    contact_address_add,
    contact_create,
    contact_resolve,
    contact_search_record,
    contact_update,
    contact_view_record,
    email_normalize,
    phone_normalize,
    social_handle_normalize,
)
from civicdesk.crm.services.interactions import (
    InteractionError,
    interaction_complete,
    interaction_log,
    interaction_record,
)
from civicdesk.crm.services.merge import ContactMergeError, contact_merge

__all__ = [
    "IDENTITY_NORMALIZERS",
    "ContactDetails",
    "ContactDetailsError",
    "ContactIdentityTakenError",
    "ContactMergeError",
    "ContactProfile",
    "InteractionError",
    "contact_address_add",
    "contact_create",
    "contact_merge",
    "contact_resolve",
    "contact_search_record",
    "contact_update",
    "contact_view_record",
    "email_normalize",
    "interaction_complete",
    "interaction_log",
    "interaction_record",
    "phone_normalize",
    "social_handle_normalize",
]
