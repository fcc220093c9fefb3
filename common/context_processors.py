from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from common.navigation import NAVIGATION


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu entries the signed-in person may open, and the picker state."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    entries: list[dict[str, Any]] = [
        {"label": entry.label, "url": reverse(entry.url_name), "section": entry.section}
        for entry in NAVIGATION
        if entry.permission is None
        or any(
            user.has_perm(perm)
            for perm in (
                (entry.permission,) if isinstance(entry.permission, str) else entry.permission
            )
        )
    ]
    # The entry whose address is the longest prefix of this page is the current one.
    matching = [e for e in entries if request.path.startswith(str(e["url"]))]
    if matching:
        max(matching, key=lambda e: len(str(e["url"])))["active"] = True
    from accounts.models import RoleAssignment
    from units.models import Unit

    picker = getattr(request, "picker", None)
    assigned = {
        row.unit.pk: row.unit
        for row in RoleAssignment.objects.filter(user=user).select_related("unit")
    }
    if picker is not None and picker.unit is not None:
        assigned.setdefault(picker.unit.pk, picker.unit)
    return {
        "nav_entries": entries,
        "picker": picker,
        "picker_units": sorted(assigned.values(), key=lambda unit: (unit.level, unit.name)),
        "has_demo_data": Unit.objects.filter(is_demo=True).exists(),
    }
