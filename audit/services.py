"""The one way to write an audit event; every service calls `record` inside its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from audit.models import AuditEvent


def target_type_of(target: models.Model) -> str:
    """The 'app.model' label under which an object's history is filed."""
    return target._meta.label_lower


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Plain values of the named fields, taken before a change to compare with after it."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def record(
    actor: Any,
    action: str,
    target: models.Model | None,
    *,
    unit: Any = None,
    changes: dict[str, list[Any]] | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event; it must run inside the transaction of the change it records."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must be called inside the transaction of the change.")
    user = actor if getattr(actor, "pk", None) is not None else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=(actor.get_username() if user is not None else str(actor or "hệ thống"))[:150],
        action=action,
        target_type=target_type_of(target) if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        unit=unit,
        changes=_plain(changes or {}),
        data=_plain(data or {}),
    )
