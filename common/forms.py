"""Form helpers shared by every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def apply_form(form: forms.BaseForm, obj: Model, action: Callable[[dict[str, Any]], Any]) -> bool:
    """Run a service on a valid form's data; its ValidationError lands on the form and `obj` is
    reloaded so the page shows what is stored. True when the service succeeded."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        attach_errors(form, error)
        obj.refresh_from_db()
        return False
    return True
