"""What every reception screen shares: today's date, the committee and period filters."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from accounts.queries import chooser_units, requested_unit
from common.periods import Period
from common.types import AuthedRequest
from petitions.forms import ListFilterForm
from petitions.queries import committees_for, reception_committees
from units.models import Unit

PAGE_SIZE = 50
M = TypeVar("M", bound=Model)


def today() -> dt.date:
    return timezone.localdate()


def committee_choices(request: AuthedRequest, chosen: Unit | None = None) -> list[Unit]:
    """Committees offered in a chooser: down to communes, and the chosen one."""
    return chooser_units(reception_committees(committees_for(request.user)), chosen)


def requested_committee(request: AuthedRequest) -> Unit | None:
    """The committee named by `?unit_id=`; 404 when it lies outside the reader's scope."""
    return requested_unit(request.GET.get("unit_id", ""), committees_for(request.user))


def filter_list(
    request: AuthedRequest,
    form_class: type[ListFilterForm],
    items: QuerySet[M],
    date_field: str,
) -> tuple[Any, QuerySet[M], Period | None, Unit | None]:
    """Apply the committee and period filters of `form_class` to `items`.

    Without `?period=` the list opens on the page picker's period; an empty period is every
    period. The caller applies the other fields of the form when it is valid.
    """
    committee = requested_committee(request)
    data = request.GET.copy()
    if "period" not in data:
        data["period"] = request.picker.period.key
    form = form_class(
        data,
        committees=committee_choices(request, committee),
        current=request.picker.period,
        today=today(),
    )
    period: Period | None = None
    if form.is_valid():
        if committee is not None:
            if form.cleaned_data["with_subordinates"]:
                items = items.filter(unit__path__startswith=committee.path)
            else:
                items = items.filter(unit=committee)
        period = form.chosen_period()
        if period is not None:
            items = items.filter(**{f"{date_field}__range": (period.start, period.end)})
    return form, items, period, committee
