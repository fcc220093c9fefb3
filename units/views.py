from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.queries import get_unit_for_user, units_visible_to
from audit.queries import history_of
from common.forms import attach_errors
from common.types import AuthedRequest
from units import queries, services
from units.forms import SearchForm, SuccessionForm, UnitForm
from units.models import Unit


def _visible(request: AuthedRequest):
    return units_visible_to(request.user, "units.view_unit")


@login_required
def tree(request: AuthedRequest) -> HttpResponse:
    """The unit trees (administrative and Party) as they stood on the picker's date."""
    on = request.picker.on
    visible = _visible(request)
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = queries.search_units(form.cleaned_data["q"], visible=visible)
    context = {
        "on": on,
        "form": form,
        "results": results,
        "admin_roots": queries.tree_as_of(on, visible=visible, tree=Unit.Tree.ADMINISTRATIVE),
        "party_roots": queries.tree_as_of(on, visible=visible, tree=Unit.Tree.PARTY),
    }
    if request.htmx and results is not None:
        return render(request, "units/unit_tree.html#results", context)
    return render(request, "units/unit_tree.html", context)


@login_required
def children(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """The children of one unit on the picker's date (an htmx fragment of the tree)."""
    unit = get_unit_for_user(request.user, unit_id)
    on = request.picker.on
    nodes = queries.tree_as_of(on, visible=_visible(request), parent=unit, tree=unit.tree)
    return render(request, "units/unit_tree.html#nodes", {"nodes": nodes, "on": on})


@login_required
def detail(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """One unit: its place in the tree, its dates, what it replaced and what replaced it."""
    unit = get_unit_for_user(request.user, unit_id)
    on = request.picker.on
    context = {
        "unit": unit,
        "on": on,
        "ancestors": queries.ancestors(unit),
        "children": queries.tree_as_of(
            unit.valid_to if unit.valid_to and unit.valid_to < on else on,
            visible=_visible(request),
            parent=unit,
            tree=unit.tree,
        ),
        "history": queries.history(unit),
        "can_manage": request.user.has_perm("accounts.manage_units", unit),
    }
    return render(request, "units/unit_detail.html", context)


@login_required
def edit(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """Correct a unit's details; a stale form gets a conflict instead of overwriting."""
    unit = get_unit_for_user(request.user, unit_id)
    if not request.user.has_perm("accounts.manage_units", unit):
        raise PermissionDenied
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.update_unit(
                Unit.objects.get(pk=unit.pk),
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **values,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi của đơn vị."))
            return redirect("units:detail", unit.pk)
    return render(request, "units/unit_form.html", {"unit": unit, "form": form})


@login_required
def add_succession(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """Record that a unit was merged, split, renamed or reorganised into another."""
    unit = get_unit_for_user(request.user, unit_id)
    if not request.user.has_perm("accounts.manage_units", unit):
        raise PermissionDenied
    candidates = units_visible_to(request.user, "accounts.manage_units").filter(tree=unit.tree)
    form = SuccessionForm(request.POST or None, successors=candidates.exclude(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_succession(unit, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã ghi nhận liên kết kế tục."))
            return redirect("units:detail", unit.pk)
    return render(request, "units/succession_form.html", {"unit": unit, "form": form})


@login_required
def history(request: AuthedRequest, unit_id: int) -> HttpResponse:
    """Every recorded change of one unit."""
    unit = get_unit_for_user(request.user, unit_id)
    return render(
        request, "audit/object_history.html", {"object": unit, "events": history_of(unit)[:500]}
    )
