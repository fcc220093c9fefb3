"""Reads of the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import QuerySet

from audit.models import AuditEvent
from audit.services import target_type_of


def history_of(target: models.Model) -> QuerySet[AuditEvent]:
    """Every recorded change of one object, newest first."""
    return AuditEvent.objects.filter(
        target_type=target_type_of(target), target_id=str(target.pk)
    ).select_related("actor", "unit")


def filtered_log(
    *,
    action: str = "",
    actor: str = "",
    target_type: str = "",
    unit: Any = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The audit log narrowed by the administrator's filters."""
    events = AuditEvent.objects.select_related("actor", "unit")
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_name__icontains=actor)
    if target_type:
        events = events.filter(target_type=target_type)
    if unit is not None:
        events = events.filter(unit__path__startswith=unit.path)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events
