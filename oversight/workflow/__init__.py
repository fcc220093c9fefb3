"""Workflow of the oversight module: state machines and deadline arithmetic, in plain Python.

Nothing here imports Django (STYLE §3; tests/test_boundary.py keeps it so). Models keep the
state and the dates; services resolve the rules in force and call these functions.
"""

from oversight.workflow.deadlines import (
    DISCIPLINE_FORMS,
    FORMS_WITHOUT_EXPIRY,
    ONE_THIRD,
    DeadlineStatus,
    add_months,
    add_working_days,
    deadline_status,
    discipline_expires_on,
    discipline_in_effect,
    due_date,
    extended_deadline,
    granted_extension_days,
    is_time_barred,
    is_working_day,
    limitation_expires_on,
)
from oversight.workflow.machines import (
    DENUNCIATION,
    DISCIPLINE_CASE,
    DISCIPLINE_COMPLAINT,
    LETTER,
    MACHINES,
    OVERSIGHT_CASE,
    RECOMMENDATION,
    SUPERVISION_CASE,
    StateMachine,
    TransitionError,
    oversight_machine,
)

__all__ = [
    "DENUNCIATION",
    "DISCIPLINE_CASE",
    "DISCIPLINE_COMPLAINT",
    "DISCIPLINE_FORMS",
    "FORMS_WITHOUT_EXPIRY",
    "LETTER",
    "MACHINES",
    "ONE_THIRD",
    "OVERSIGHT_CASE",
    "RECOMMENDATION",
    "SUPERVISION_CASE",
    "DeadlineStatus",
    "StateMachine",
    "TransitionError",
    "add_months",
    "add_working_days",
    "deadline_status",
    "discipline_expires_on",
    "discipline_in_effect",
    "due_date",
    "extended_deadline",
    "granted_extension_days",
    "is_time_barred",
    "is_working_day",
    "limitation_expires_on",
    "oversight_machine",
]
