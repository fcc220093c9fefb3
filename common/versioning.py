"""Optimistic locking: two people saving the same record get a conflict, never a lost edit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _


class ConflictError(ValidationError):
    """The record changed since the form was opened."""


def conflict() -> ConflictError:
    """The error shown when someone else saved the record after this person opened it."""
    return ConflictError(
        _(
            "Bản ghi này đã được người khác thay đổi sau khi bạn mở. "
            "Hãy tải lại trang để xem nội dung mới rồi sửa lại."
        ),
        code="conflict",
    )


def save_versioned(obj: models.Model, *, expected_version: int, fields: list[str]) -> None:
    """Save `fields` only if nobody saved the record since `expected_version` was read."""
    values: dict[str, Any] = {name: getattr(obj, name) for name in fields}
    if any(f.name == "updated_at" for f in obj._meta.get_fields()):
        values["updated_at"] = timezone.now()
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if not updated:
        raise conflict()
    obj.version = expected_version + 1  # type: ignore[attr-defined]
