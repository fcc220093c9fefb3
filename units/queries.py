"""Reads of the unit trees: as of a date, search, history and succession."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from units.models import Succession, Unit


def tree_as_of(
    on: dt.date, *, visible: QuerySet[Unit], parent: Unit | None = None, tree: str = "admin"
) -> QuerySet[Unit]:
    """The children of `parent` (or the top units) that existed on `on`, within `visible`."""
    units = visible.as_of(on).filter(tree=tree)  # type: ignore[attr-defined]
    if parent is None:
        # The top of what the user may see: visible units whose parent is not visible then.
        units = units.exclude(parent__in=visible.as_of(on))  # type: ignore[attr-defined]
    else:
        units = units.filter(parent=parent)
    child_filter = Q(children__valid_from__isnull=True) | Q(children__valid_from__lte=on)
    child_filter &= Q(children__valid_to__isnull=True) | Q(children__valid_to__gte=on)
    return units.annotate(child_count=Count("children", filter=child_filter)).order_by(
        "kind", "name"
    )


def search_units(
    text: str, *, visible: QuerySet[Unit], on: dt.date | None = None, limit: int = 50
) -> QuerySet[Unit]:
    """Units whose name or code contains the text, optionally only those existing on a date."""
    units = visible.select_related("parent")
    if on is not None:
        units = units.as_of(on)  # type: ignore[attr-defined]
    text = text.strip()
    if text.isdigit():
        units = units.filter(code__startswith=text)
    else:
        units = units.filter(name__icontains=text)
    return units.order_by("valid_to", "level", "name")[:limit]


def ancestors(unit: Unit) -> list[Unit]:
    """The chain from the top unit down to the unit's parent."""
    chain: list[Unit] = []
    node = unit.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


@dataclass(frozen=True)
class UnitHistory:
    predecessors: list[Succession]
    successors: list[Succession]
    current_successors: list[Unit]


def history(unit: Unit) -> UnitHistory:
    """What the unit replaced, what replaced it, and the units that carry it on today."""
    return UnitHistory(
        predecessors=list(
            unit.predecessor_links.select_related("predecessor__parent").order_by(
                "predecessor__name"
            )
        ),
        successors=list(unit.successor_links.select_related("successor__parent")),
        current_successors=current_successors(unit),
    )


def current_successors(unit: Unit, on: dt.date | None = None) -> list[Unit]:
    """Follow succession links forward to the units that exist on `on` (today if None)."""
    found: dict[int, Unit] = {}
    frontier: list[Unit] = [unit]
    seen: set[int] = {unit.pk}
    while frontier:
        links = Succession.objects.filter(predecessor__in=frontier).select_related("successor")
        frontier = []
        for link in links:
            nxt = link.successor
            if nxt.pk in seen:
                continue
            seen.add(nxt.pk)
            if (on is None and nxt.valid_to is None) or (on is not None and nxt.exists_on(on)):
                found[nxt.pk] = nxt
            else:
                frontier.append(nxt)
    return sorted(found.values(), key=lambda u: u.name)


def counts_by_level(on: dt.date, *, visible: QuerySet[Unit]) -> dict[str, Any]:
    """How many units of each kind exist on a date, for the tree page's summary."""
    rows = visible.as_of(on).values("tree", "kind").annotate(n=Count("id"))  # type: ignore[attr-defined]
    return {f"{row['tree']}:{row['kind']}": row["n"] for row in rows}
