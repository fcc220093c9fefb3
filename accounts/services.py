"""Changes to accounts, roles and assignments; sign-in throttling."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import LoginFailure, Role, RoleAssignment, User
from accounts.queries import forget_scopes, username_taken
from accounts.roles import ROLES
from audit import services as audit
from common.versioning import save_versioned
from units.models import Unit

USER_FIELDS = ["username", "full_name", "position", "email", "is_active"]


@transaction.atomic
def sync_roles() -> int:
    """Create or update the shipped roles and their capabilities; returns how many changed."""
    changed = 0
    for order, definition in enumerate(ROLES):
        group, _created = Group.objects.get_or_create(name=definition.name)
        role, created = Role.objects.get_or_create(
            code=definition.code,
            defaults={"group": group, "name": definition.name, "order": order},
        )
        if (role.name, role.description, role.order, role.group_id) != (
            definition.name,
            definition.description,
            order,
            group.pk,
        ):
            role.name, role.description, role.order, role.group = (
                definition.name,
                definition.description,
                order,
                group,
            )
            role.save()
            changed += 1
        wanted = set()
        for perm in definition.permissions:
            app_label, codename = perm.split(".")
            wanted.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename).pk
            )
        current = set(group.permissions.values_list("pk", flat=True))
        if wanted != current:
            group.permissions.set(wanted)
            changed += 1
        changed += int(created)
    return changed


@transaction.atomic
def create_user(
    *,
    actor: Any,
    username: str,
    password: str,
    full_name: str = "",
    position: str = "",
    email: str = "",
    is_demo: bool = False,
    is_superuser: bool = False,
) -> User:
    """Open an account; the password must satisfy the password rules."""
    if username_taken(username):
        raise ValidationError({"username": _("Tên đăng nhập “%s” đã có người dùng.") % username})
    user = User(
        username=username,
        full_name=full_name,
        position=position,
        email=email,
        is_demo=is_demo,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save()
    audit.record(
        actor,
        "user.created",
        user,
        changes={name: [None, getattr(user, name)] for name in USER_FIELDS},
        data={"is_superuser": is_superuser},
    )
    return user


@transaction.atomic
def update_user(user: User, *, actor: Any, expected_version: int, **values: Any) -> User:
    """Change an account's details; refuses if someone else saved it meanwhile."""
    before = audit.snapshot(user, USER_FIELDS)
    for name, value in values.items():
        if name not in USER_FIELDS:
            raise ValueError(f"unknown user field {name}")
        setattr(user, name, value)
    if username_taken(user.username, exclude_pk=user.pk):
        raise ValidationError(
            {"username": _("Tên đăng nhập “%s” đã có người dùng.") % user.username}
        )
    save_versioned(user, expected_version=expected_version, fields=list(values))
    changes = audit.diff(before, audit.snapshot(user, USER_FIELDS))
    audit.record(actor, "user.updated", user, changes=changes)
    return user


@transaction.atomic
def set_password(user: User, *, actor: Any, password: str) -> User:
    """Give an account a new password that satisfies the password rules."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor, "user.password_changed", user)
    return user


@transaction.atomic
def assign_role(
    user: User, *, actor: Any, role: Role, unit: Unit, include_subtree: bool = True
) -> RoleAssignment:
    """Give a person a role at a unit (and, by default, every unit below it)."""
    if unit.valid_to is not None:
        raise ValidationError(
            {"unit": _("Đơn vị “%s” đã ngừng hoạt động, không thể phân công.") % unit.name}
        )
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise ValidationError(
            _("%(user)s đã có vai trò “%(role)s” tại %(unit)s.")
            % {"user": user, "role": role, "unit": unit}
        )
    assignment = RoleAssignment.objects.create(
        user=user, role=role, unit=unit, include_subtree=include_subtree
    )
    audit.record(
        actor,
        "role.assigned",
        user,
        unit=unit,
        data={"role": role.code, "unit": unit.name, "include_subtree": include_subtree},
    )
    forget_scopes(user)
    return assignment


@transaction.atomic
def revoke_role(assignment: RoleAssignment, *, actor: Any) -> None:
    """Take a role at a unit away from a person."""
    user, unit, role = assignment.user, assignment.unit, assignment.role
    assignment.delete()
    audit.record(
        actor, "role.revoked", user, unit=unit, data={"role": role.code, "unit": unit.name}
    )
    forget_scopes(user)


def login_locked_until(username: str, ip_address: str) -> dt.datetime | None:
    """When sign-in is allowed again for this name or address, or None if it is allowed now."""
    limit = settings.LOGIN_FAILURE_LIMIT
    window = dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=timezone.now() - window).order_by("-at")
    # One office often shares one address, so an address gets four times the name's allowance.
    for failures, allowed in (
        (recent.filter(username__iexact=username), limit),
        (recent.filter(ip_address=ip_address), limit * 4),
    ):
        times = list(failures.values_list("at", flat=True)[:allowed])
        if len(times) >= allowed:
            return times[0] + window
    return None


@transaction.atomic
def record_login_failure(username: str, ip_address: str) -> None:
    """Note a failed sign-in, and audit it."""
    LoginFailure.objects.create(username=username[:150], ip_address=ip_address[:64])
    audit.record(username or "?", "user.login_failed", None, data={"ip": ip_address})


@transaction.atomic
def record_login(user: User, ip_address: str) -> None:
    """Note a successful sign-in: it clears the user's failures."""
    LoginFailure.objects.filter(username__iexact=user.username).delete()
    audit.record(user, "user.logged_in", user, data={"ip": ip_address})
