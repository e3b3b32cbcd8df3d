"""Merging two records of one resident into one, keeping everything that happened to either."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from civicdesk.accounts.models import User
from civicdesk.accounts.services import audit_log_record
from civicdesk.core.errors import ApplicationError
from civicdesk.crm.models import Contact, ContactAddress, ContactIdentity, ContactMerge

_CONSENT_FIELDS = ("has_email_consent", "has_sms_consent", "has_survey_consent")


class ContactMergeError(ApplicationError):
    code = "invalid_merge"


def _snapshot(contact: Contact) -> dict[str, Any]:
    return {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "preferred_language": contact.preferred_language,
        "preferred_contact_method": contact.preferred_contact_method,
        "wants_status_updates": contact.wants_status_updates,
        **{field: getattr(contact, field) for field in _CONSENT_FIELDS},
        "created_at": contact.created_at.isoformat(),
        "identities": [
            {"kind": kind, "value": value}
            for kind, value in contact.identities.values_list("kind", "value")
        ],
        "addresses": list(contact.addresses.values_list("address", flat=True)),
    }


def _move_rows(relation: models.ManyToOneRel, source: Contact, target: Contact) -> int:
    """Point the rows of one relation at `target`; rows a unique rule keeps on `source` (the
    kept record already has the same one, such as a follower of the same request) are left
    to go with it."""
    model: Any = relation.related_model
    name = relation.field.name
    rows = model._base_manager.filter(**{name: source})
    try:
        with transaction.atomic():
            return int(rows.update(**{name: target}))
    except IntegrityError:
        moved = 0
        for pk in rows.values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    moved += model._base_manager.filter(pk=pk).update(**{name: target})
            except IntegrityError:
                continue
        return moved


@transaction.atomic
def contact_merge(
    *, source: Contact, target: Contact, actor: User | None, now: datetime
) -> ContactMerge:
    """Fold `source` into `target` and delete `source`.

    Identities, addresses, interactions, service requests and every other row that points at
    `source` move to `target`; `target` keeps its names and fills only the blank ones, and
    consent given on either record stays given. A `ContactMerge` row keeps what `source` held,
    and the audit log says who merged whom.
    """
    if source.pk == target.pk:
        raise ContactMergeError(_("Choose two different residents to merge."))
    locked = {
        contact.pk: contact
        for contact in Contact.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    if len(locked) != 2:
        raise ContactMergeError(_("One of these residents' records no longer exists."))
    source, target = locked[source.pk], locked[target.pk]
    snapshot = _snapshot(source)

    moved: dict[str, int] = {}
    target_kinds = set(target.identities.filter(is_primary=True).values_list("kind", flat=True))
    identities = source.identities.all()
    moved["identities"] = identities.count()
    identities.filter(kind__in=target_kinds).update(is_primary=False)
    identities.update(contact=target)
    addresses = source.addresses.all()
    if target.addresses.filter(is_primary=True).exists():
        addresses.update(is_primary=False)
    moved["addresses"] = addresses.update(contact=target)
    handled = {ContactIdentity, ContactAddress}
    for relation in Contact._meta.related_objects:
        if not relation.one_to_many or relation.related_model in handled:
            continue
        assert isinstance(relation, models.ManyToOneRel)  # noqa: S101 - narrowed above
        count = _move_rows(relation, source, target)
        if count:
            moved[relation.field.model._meta.label_lower] = count

    changed = []
    for field in ("first_name", "last_name"):
        if not getattr(target, field) and getattr(source, field):
            setattr(target, field, getattr(source, field))
            changed.append(field)
    for field in _CONSENT_FIELDS:
        if getattr(source, field) and not getattr(target, field):
            setattr(target, field, True)
            changed.append(field)
    if changed:
        target.full_clean()
        target.save(update_fields=[*changed, "updated_at"])

    merge = ContactMerge(
        kept_contact=target,
        merged_contact_id=source.pk,
        merged_snapshot=snapshot,
        moved_counts=moved,
        merged_at=now,
        merged_by=actor,
    )
    merge.full_clean()
    merge.save()
    audit_log_record(
        actor=actor,
        action="contact.merged",
        now=now,
        target=target,
        summary=_("#%(source)d %(name)s merged into #%(target)d")
        % {"source": source.pk, "name": source, "target": target.pk},
        data={"merged_contact_id": source.pk, "moved": moved},
    )
    source.delete()
    return merge
