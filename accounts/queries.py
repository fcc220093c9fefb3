"""Who may see what, and where: scopes computed from role assignments on the unit tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import RoleAssignment, User
from units.models import Succession, Unit


@dataclass
class Scope:
    """Where one capability reaches: whole subtrees by path prefix, and single units by id."""

    paths: set[str] = field(default_factory=set)
    unit_ids: set[int] = field(default_factory=set)

    def covers(self, unit: Unit) -> bool:
        return unit.pk in self.unit_ids or any(unit.path.startswith(p) for p in self.paths)

    def as_q(self, prefix: str = "") -> Q:
        query = Q(**{f"{prefix}pk__in": list(self.unit_ids)}) if self.unit_ids else Q(pk__in=[])
        for path in sorted(self.paths):
            query |= Q(**{f"{prefix}path__startswith": path})
        return query

    @property
    def is_empty(self) -> bool:
        return not self.paths and not self.unit_ids


def _assignments(user: Any) -> list[tuple[RoleAssignment, frozenset[str]]]:
    cached = getattr(user, "_chidao_assignments", None)
    if cached is None:
        rows = (
            RoleAssignment.objects.filter(user=user)
            .select_related("unit", "unit__admin_unit", "role__group")
            .prefetch_related("role__group__permissions__content_type")
        )
        cached = [
            (
                row,
                frozenset(
                    f"{perm.content_type.app_label}.{perm.codename}"
                    for perm in row.role.group.permissions.all()
                ),
            )
            for row in rows
        ]
        user._chidao_assignments = cached
    return cached


def permissions_of(user: Any) -> set[str]:
    """Every capability the user holds somewhere."""
    perms: set[str] = set()
    for _row, granted in _assignments(user):
        perms |= granted
    return perms


def _expand(roots: list[Unit], *, subtree: bool) -> tuple[set[str], set[int]]:
    """The roots plus their counterparts in the other tree and everything they replaced."""
    units = {unit.pk: unit for unit in roots}
    counterparts = Unit.objects.filter(admin_unit__in=roots)
    for unit in roots:
        if unit.admin_unit_id is not None and unit.admin_unit is not None:
            units[unit.admin_unit_id] = unit.admin_unit
    for unit in counterparts:
        units[unit.pk] = unit
    # Data recorded under units that were merged into a unit in scope stays readable.
    frontier = set(units)
    while frontier:
        links = Succession.objects.filter(successor_id__in=frontier).select_related("predecessor")
        frontier = set()
        for link in links:
            if link.predecessor_id not in units:
                units[link.predecessor_id] = link.predecessor
                frontier.add(link.predecessor_id)
    if subtree:
        return {unit.path for unit in units.values()}, set()
    return set(), set(units)


def scope_of(user: Any, perm: str | None = None) -> Scope:
    """The units where the user holds `perm` (any role at all when perm is None)."""
    cache: dict[str | None, Scope] = user.__dict__.setdefault("_chidao_scopes", {})
    if perm in cache:
        return cache[perm]
    scope = Scope()
    if user.is_authenticated and user.is_active:
        rows = [row for row, granted in _assignments(user) if perm is None or perm in granted]
        whole = [row.unit for row in rows if row.include_subtree]
        single = [row.unit for row in rows if not row.include_subtree]
        if whole:
            scope.paths |= _expand(whole, subtree=True)[0]
        if single:
            scope.unit_ids |= _expand(single, subtree=False)[1]
    cache[perm] = scope
    return scope


def forget_scopes(user: Any) -> None:
    """Drop cached scopes after the user's assignments changed."""
    user.__dict__.pop("_chidao_scopes", None)
    user.__dict__.pop("_chidao_assignments", None)


def units_visible_to(user: Any, perm: str | None = None) -> QuerySet[Unit]:
    """Units the user may see (with `perm`, where the user holds that capability)."""
    if user.is_superuser:
        return Unit.objects.all()
    scope = scope_of(user, perm)
    if scope.is_empty:
        return Unit.objects.none()
    return Unit.objects.filter(scope.as_q())


def get_unit_for_user(user: Any, unit_id: int, *, perm: str = "units.view_unit") -> Unit:
    """One unit, or 404 when it lies outside the user's scope for `perm`."""
    return get_object_or_404(units_visible_to(user, perm), pk=unit_id)


def users_visible_to(actor: Any) -> QuerySet[User]:
    """Accounts the actor manages: those with a role in the actor's scope, or with none yet."""
    if actor.is_superuser:
        return User.objects.all().order_by("username")
    visible = units_visible_to(actor, "accounts.manage_users")
    return (
        User.objects.filter(Q(assignments__unit__in=visible) | Q(assignments__isnull=True))
        .distinct()
        .order_by("username")
    )


def username_taken(username: str, *, exclude_pk: int | None = None) -> bool:
    """Whether another account already uses this sign-in name (ignoring case)."""
    users = User.objects.filter(username__iexact=username)
    if exclude_pk is not None:
        users = users.exclude(pk=exclude_pk)
    return users.exists()


def get_user_for_admin(actor: Any, user_id: int) -> User:
    """A user account the actor may manage, or 404."""
    return get_object_or_404(users_visible_to(actor), pk=user_id)


def units_with_any(user: Any, perms: tuple[str, ...]) -> QuerySet[Unit]:
    """Units where the user holds at least one of `perms`."""
    if user.is_superuser:
        return Unit.objects.all()
    query = Q(pk__in=[])
    for perm in perms:
        scope = scope_of(user, perm)
        if not scope.is_empty:
            query |= scope.as_q()
    return Unit.objects.filter(query)


def requested_unit(requested: str, candidates: QuerySet[Unit]) -> Unit | None:
    """The unit an id from the query string names, None when none is named; 404 when it is not
    a number or lies outside `candidates`."""
    if not requested:
        return None
    if not requested.isdigit():
        raise Http404
    return get_object_or_404(candidates, pk=int(requested))


def pick_unit(requested: str, candidates: QuerySet[Unit], picked: Unit | None) -> Unit:
    """The unit a report is about: `requested` (an id from the query string; 404 outside
    `candidates`), else the page picker's unit or its Party organisation when among the
    candidates, else the highest candidate; 404 when there is no candidate at all."""
    named = requested_unit(requested, candidates)
    if named is not None:
        return named
    if picked is not None:
        counterparts = [picked, *Unit.objects.filter(admin_unit=picked).order_by("path")]
        for candidate in counterparts:
            if candidates.filter(pk=candidate.pk).exists():
                return candidate
    first = candidates.order_by("level", "path").first()
    if first is None:
        raise Http404
    return first


def chooser_units(candidates: QuerySet[Unit], chosen: Unit | None) -> list[Unit]:
    """The units offered in a report's unit chooser: down to communes, and the chosen one."""
    offered = list(candidates.filter(level__lte=Unit.Level.COMMUNE).order_by("path"))
    if chosen is not None and chosen not in offered:
        offered.append(chosen)
    return offered
