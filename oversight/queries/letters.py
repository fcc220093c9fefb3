"""Reads of letters and denunciations: who sees which, and which are late (spec §6, §8).

Letters and denunciations are seen only by oversight roles: where the user holds
`accounts.view_oversight` on the receiving (handling) Party organisation; managing them needs
`accounts.manage_oversight` there. Everything else answers 404 (STYLE §6). The sender's identity
is never read here: only `oversight.services.letters.read_sender` reads it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.queries import units_visible_to
from oversight.models import Denunciation, Letter
from oversight.workflow.deadlines import DeadlineStatus, deadline_status
from oversight.workflow.machines import DENUNCIATION, LETTER

VIEW_PERM = "accounts.view_oversight"
MANAGE_PERM = "accounts.manage_oversight"
# Resolution ends with the conclusion; a postponed denunciation waits for the new committee.
RESOLVED_STATES = ("ket_luan", "thong_bao_nguoi_to_cao", "dong", "tam_hoan_dai_hoi")


def require_oversight(user: Any) -> None:
    """404 for anyone without an oversight role: the pages' existence does not leak."""
    if not user.is_superuser and not user.has_perm(VIEW_PERM):
        raise Http404


def letters_for_user(user: Any) -> QuerySet[Letter]:
    """Letters received by the Party organisations where the user holds view_oversight."""
    return (
        Letter.objects.filter(unit__in=units_visible_to(user, VIEW_PERM))
        .select_related("unit", "accused_unit")
        .order_by("-received_on", "-pk")
    )


def _check_action(user: Any, obj: Letter | Denunciation, action: str) -> None:
    if action not in ("view", "manage"):
        raise ValueError(f"Thao tác không hợp lệ: {action!r}")
    if action == "manage" and not user.has_perm(MANAGE_PERM, obj):
        raise PermissionDenied


def get_letter_for_user(user: Any, letter_id: int, action: str = "view") -> Letter:
    """One letter: 404 outside the user's oversight scope, 403 without the capability."""
    letter = get_object_or_404(letters_for_user(user), pk=letter_id)
    _check_action(user, letter, action)
    return letter


def denunciations_for_user(user: Any) -> QuerySet[Denunciation]:
    """Denunciations handled by the Party organisations where the user holds view_oversight."""
    return (
        Denunciation.objects.filter(unit__in=units_visible_to(user, VIEW_PERM))
        .select_related("unit", "letter", "accused_unit", "accused_party_cell")
        .order_by("-received_on", "-pk")
    )


def get_denunciation_for_user(
    user: Any, denunciation_id: int, action: str = "view"
) -> Denunciation:
    """One denunciation: 404 outside the user's oversight scope, 403 without the capability."""
    denunciation = get_object_or_404(denunciations_for_user(user), pk=denunciation_id)
    _check_action(user, denunciation, action)
    return denunciation


def letter_deadline_status(letter: Letter, today: dt.date) -> DeadlineStatus | None:
    """Where a letter being resolved stands against its deadline (None without one)."""
    if letter.deadline is None:
        return None
    done = letter.answered_on if LETTER.is_final(letter.state) else None
    if done is None and LETTER.is_final(letter.state):
        return None
    return deadline_status(letter.deadline, today, done)


def denunciation_deadline_status(
    denunciation: Denunciation, today: dt.date
) -> DeadlineStatus | None:
    """Where a denunciation stands against its time limit, computed from the clock."""
    if denunciation.deadline is None:
        return None
    if denunciation.state in ("khong_thu_ly", "chuyen_co_tham_quyen", "dung_giai_quyet"):
        return None
    if denunciation.state == "tam_hoan_dai_hoi":
        return None
    return deadline_status(denunciation.deadline, today, denunciation.concluded_on)


def overdue_letters(letters: QuerySet[Letter], today: dt.date) -> QuerySet[Letter]:
    """Letters being resolved whose deadline passed before `today`."""
    return letters.filter(state="dang_xu_ly", deadline__lt=today)


def overdue_denunciations(
    denunciations: QuerySet[Denunciation], today: dt.date
) -> list[Denunciation]:
    """Denunciations still being resolved whose time limit passed, the oldest first."""
    open_states = [s for s in DENUNCIATION.states if s not in RESOLVED_STATES]
    candidates = denunciations.filter(
        state__in=[s for s in open_states if not DENUNCIATION.is_final(s)],
        deadline__isnull=False,
    ).order_by("deadline", "pk")
    return [
        d
        for d in candidates
        if d.deadline is not None
        and deadline_status(d.deadline, today, d.concluded_on) == DeadlineStatus.QUA_HAN
    ]
