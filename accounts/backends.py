"""One permission backend: `user.has_perm(perm, obj)` answered from the object's unit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from accounts.queries import permissions_of, scope_of
from units.models import Unit


def unit_of(obj: Any) -> Unit | None:
    """The unit an object belongs to: itself for a unit, else its `unit` (or `get_unit()`)."""
    if isinstance(obj, Unit):
        return obj
    getter = getattr(obj, "get_unit", None)
    if callable(getter):
        unit = getter()
        return unit if isinstance(unit, Unit) else None
    unit = getattr(obj, "unit", None)
    return unit if isinstance(unit, Unit) else None


class ScopedRoleBackend(ModelBackend):
    """Sign-in by user name and password; permissions from role assignments at units.

    Without an object, a permission is held if any assignment grants it; with an object,
    only if an assignment granting it covers the object's unit.
    """

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if obj is None:
            return permissions_of(user_obj)
        unit = unit_of(obj)
        if unit is None:
            return set()
        return {perm for perm in permissions_of(user_obj) if scope_of(user_obj, perm).covers(unit)}

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        if perm not in permissions_of(user_obj):
            return False
        if obj is None:
            return True
        unit = unit_of(obj)
        return unit is not None and scope_of(user_obj, perm).covers(unit)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return any(perm.startswith(f"{app_label}.") for perm in permissions_of(user_obj))
