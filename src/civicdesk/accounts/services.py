"""Writes for staff accounts: roles, API keys, the audit log."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from datetime import datetime
from typing import Any

from django.db import connections, models, router, transaction

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import ApiKey, AuditLogEntry, RoleAssignment, User
from civicdesk.accounts.permissions import forget_cached_roles
from civicdesk.catalog.models import Department
from civicdesk.core.errors import ApplicationError
from civicdesk.core.sql import bound_cursor
from civicdesk.core.versions import SharedVersion

API_KEY_PREFIX_LENGTH = 8
# Each process keeps the keys it has seen (by prefix) until any key is saved: every POST then
# checks its key against memory instead of a query. Unknown prefixes are never kept.
_KEYS_VERSION = SharedVersion("api-keys")
_known_keys: dict[str, tuple[str, ApiKey]] = {}
_known_keys_lock = threading.Lock()


class ApiKeyError(ApplicationError):
    code = "invalid_api_key"


def audit_log_record(
    *,
    actor: User | None,
    action: str,
    now: datetime,
    target: models.Model | None = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> AuditLogEntry:
    """Write one audit entry; call it inside the transaction of the action it records."""
    entry = AuditLogEntry(
        occurred_at=now,
        actor=actor,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        summary=summary[:500],
        data=data or {},
    )
    entry.full_clean()
    entry.save()
    return entry


def _hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *,
    name: str,
    actor: User | None,
    now: datetime,
    rate_limit_per_minute: int | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret. The secret is returned once and never stored.

    `rate_limit_per_minute` caps the service requests it may file a minute (None: the default).
    """
    name = name.strip()
    if not name:
        raise ApiKeyError("Give the key a name, such as the app or partner that will use it.")
    if rate_limit_per_minute is not None and rate_limit_per_minute < 0:
        raise ApiKeyError("The rate limit is a number of requests a minute: 0 or more.")
    while True:
        prefix = secrets.token_hex(API_KEY_PREFIX_LENGTH // 2)
        if not ApiKey.objects.filter(prefix=prefix).exists():
            break
    raw_key = f"cd_{prefix}_{secrets.token_urlsafe(32)}"
    api_key = ApiKey(
        name=name,
        prefix=prefix,
        key_hash=_hash_key(raw_key),
        created_by=actor,
        rate_limit_per_minute=rate_limit_per_minute,
    )
    api_key.full_clean()
    api_key.save()
    audit_log_record(actor=actor, action="api_key.created", now=now, target=api_key, summary=name)
    return api_key, raw_key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, actor: User | None, now: datetime) -> ApiKey:
    if api_key.revoked_at is None:
        api_key.revoked_at = now
        api_key.save(update_fields=["revoked_at", "updated_at"])
        audit_log_record(
            actor=actor, action="api_key.revoked", now=now, target=api_key, summary=api_key.name
        )
    return api_key


def api_keys_changed() -> None:
    """Tell every process to forget the keys it knows (a key was created, changed or revoked)."""
    _KEYS_VERSION.bump()
    with _known_keys_lock:
        _known_keys.clear()


def api_key_authenticate(*, raw_key: str) -> ApiKey | None:
    """The active key whose secret is `raw_key`, or None. Takes constant time per candidate.

    The key is shared within the process until a key changes: read it, never modify it.
    """
    parts = raw_key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "cd" or len(parts[1]) != API_KEY_PREFIX_LENGTH:
        return None
    version = _KEYS_VERSION.current()
    known = _known_keys.get(parts[1])
    if known is not None and known[0] == version:
        api_key: ApiKey | None = known[1]
    else:
        api_key = ApiKey.objects.filter(prefix=parts[1], revoked_at__isnull=True).first()
        if api_key is not None:
            with _known_keys_lock:
                _known_keys[parts[1]] = (version, api_key)
    if api_key is None or not hmac.compare_digest(api_key.key_hash, _hash_key(raw_key.strip())):
        return None
    return api_key


def api_key_record_use(
    *, api_key: ApiKey, now: datetime, is_submission: bool = False, is_throttled: bool = False
) -> None:
    """Count one call made with `api_key` (one UPDATE, safe under concurrency).

    `is_submission`: it filed a service request; `is_throttled`: the rate limit refused it.
    The statement is written plainly (every Open311 POST runs it; compiling the ORM's update
    cost more than the update) and writes what `ApiKey.objects.filter(pk=…).update(usage_count=
    F("usage_count") + 1, …)` would.
    """
    database = connections[router.db_for_write(ApiKey)]
    quote = database.ops.quote_name
    counts = ["usage_count"]
    if is_submission:
        counts.append("submission_count")
    if is_throttled:
        counts.append("throttled_count")
    assignments = ", ".join(f"{quote(name)} = {quote(name)} + 1" for name in counts)
    sql = (
        f"UPDATE {quote(ApiKey._meta.db_table)} SET {assignments}, "  # noqa: S608 - quoted names
        f"{quote('last_used_at')} = %s WHERE {quote(ApiKey._meta.pk.column)} = %s"
    )
    with bound_cursor(database, prepare=True) as cursor:
        cursor.execute(sql, [database.ops.adapt_datetimefield_value(now), api_key.pk])


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: Role,
    department: Department | None = None,
    actor: User | None,
    now: datetime,
) -> RoleAssignment:
    """Give `user` a role (idempotent). Every role holder is staff: they sign in to work."""
    assignment = RoleAssignment.objects.filter(user=user, role=role, department=department).first()
    if assignment is None:
        assignment = RoleAssignment(user=user, role=role, department=department)
        assignment.full_clean()
        assignment.save()
        audit_log_record(
            actor=actor,
            action="role.assigned",
            now=now,
            target=user,
            summary=str(assignment),
            data={"role": role.value, "department_id": department.pk if department else None},
        )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    forget_cached_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor: User | None, now: datetime) -> None:
    user = assignment.user
    audit_log_record(
        actor=actor,
        action="role.revoked",
        now=now,
        target=user,
        summary=str(assignment),
        data={"role": assignment.role, "department_id": assignment.department_id},
    )
    assignment.delete()
    if not user.role_assignments.exists() and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    forget_cached_roles(user)
