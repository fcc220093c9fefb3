"""The plan screens: list, create and edit, approve, new version, concretise, the plan with its
items and targets (plan values, actuals, assessment, trend), and how far it has cascaded.

Plans are read only through `get_plan_for_user` (404 outside the user's scope); every change
needs `accounts.manage_plans` on the plan's unit (403 otherwise) and goes through a service,
whose ValidationError is shown on the form field it names.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.queries import units_visible_to
from common.forms import attach_errors
from common.types import AuthedRequest
from plans.forms.plans import (
    ActualForm,
    ConcretiseForm,
    ItemForm,
    PlanForm,
    PlanValueForm,
    TargetForm,
    subordinate_units,
)
from plans.models import Plan, PlanItem, Target, TargetActual, TargetPlanValue
from plans.queries.plan_screens import plan_years, target_rows
from plans.queries.plans import (
    MANAGE_PLANS,
    PLAN_READERS,
    cascade_status,
    get_plan_for_user,
    plans_for_user,
)
from plans.services import plans as services
from plans.services import targets as target_services
from units.models import Unit

STATUS_BADGES = {
    Plan.Status.DRAFT: "unconfirmed",
    Plan.Status.APPROVED: "st-dat",
    Plan.Status.SUPERSEDED: "st-chua_xac_dinh",
}


def _require_reader(request: AuthedRequest) -> None:
    if not any(request.user.has_perm(perm) for perm in PLAN_READERS):
        raise PermissionDenied


def _require_manager(request: AuthedRequest) -> None:
    if not request.user.has_perm(MANAGE_PLANS):
        raise PermissionDenied


def _managed_units(request: AuthedRequest) -> QuerySet[Unit]:
    return units_visible_to(request.user, MANAGE_PLANS).order_by("path")


def _plan_year(request: AuthedRequest, plan: Plan) -> int:
    """The year the plan's targets are shown for: ?year=, else the picker's, kept in the plan."""
    text = request.GET.get("year", "")
    if text.isdigit():
        year = int(text)
        if not plan.start_year <= year <= plan.end_year:
            raise Http404
        return year
    return min(max(request.picker.period.year, plan.start_year), plan.end_year)


def _tasks_url(plan: Plan) -> str | None:
    """The plan's task board, when that screen exists."""
    try:
        return f"{reverse('plans:task-board')}?plan={plan.pk}"
    except NoReverseMatch:
        return None


def _target_of(plan: Plan, target_id: int) -> Target:
    return get_object_or_404(Target.objects.select_related("plan"), pk=target_id, plan=plan)


# --- list, create, edit ------------------------------------------------------------------


@login_required
def plan_list(request: AuthedRequest) -> HttpResponse:
    """Plans the user may see, for a year (the picker's by default) and a kind."""
    _require_reader(request)
    text = request.GET.get("year", "")
    year: int | None
    if text == "all":
        year = None
    elif text.isdigit():
        year = int(text)
    else:
        year = request.picker.period.year
    kind = request.GET.get("kind", "")
    plans = plans_for_user(request.user, year=year)
    if kind in Plan.Kind.values:
        plans = plans.filter(kind=kind)
    else:
        kind = ""
    current = request.picker.period.year
    context = {
        "plans": [(plan, STATUS_BADGES[Plan.Status(plan.status)]) for plan in plans],
        "year": year,
        "years": range(current + 5, current - 11, -1),
        "kind": kind,
        "kinds": Plan.Kind.choices,
        "can_create": request.user.has_perm(MANAGE_PLANS),
    }
    template = "plans/plan_list.html#results" if request.htmx else "plans/plan_list.html"
    return render(request, template, context)


@login_required
def plan_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    form = PlanForm(request.POST or None, units=_managed_units(request))
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                form.cleaned_data["unit"], **form.plan_fields(), actor=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã tạo bản dự thảo chương trình, kế hoạch."))
            return redirect("plans:plan-detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """Correct a draft; an approved plan is changed through a new version."""
    plan = get_plan_for_user(request.user, plan_id, action="manage")
    if plan.status != Plan.Status.DRAFT:
        messages.error(
            request,
            _(
                "Chương trình, kế hoạch đã phê duyệt không sửa trực tiếp được; "
                "hãy tạo phiên bản mới để điều chỉnh."
            ),
        )
        return redirect("plans:plan-detail", plan.pk)
    form = PlanForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            services.update_plan(
                plan,
                actor=request.user,
                expected_version=version if version is not None else -1,
                **form.plan_fields(),
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã lưu chương trình, kế hoạch."))
            return redirect("plans:plan-detail", plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


# --- life of a plan ------------------------------------------------------------------------


@require_POST
@login_required
def plan_approve(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, action="manage")
    try:
        services.approve_plan(plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã phê duyệt; các chỉ tiêu có hiệu lực."))
    return redirect("plans:plan-detail", plan.pk)


@require_POST
@login_required
def plan_new_version(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, action="manage")
    try:
        draft = services.new_version(plan, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:plan-detail", plan.pk)
    messages.success(
        request,
        _("Đã tạo phiên bản %(number)s (dự thảo); phiên bản đang có hiệu lực vẫn giữ nguyên.")
        % {"number": draft.version_number},
    )
    return redirect("plans:plan-detail", draft.pk)


@login_required
def plan_concretise(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """A subordinate unit in the user's scope drafts its plan carrying out this one."""
    _require_manager(request)
    plan = get_plan_for_user(request.user, plan_id)
    units = subordinate_units(plan, _managed_units(request))
    form = ConcretiseForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.concretise(
                plan,
                unit=form.cleaned_data["unit"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã tạo kế hoạch cụ thể hóa (dự thảo)."))
            return redirect("plans:plan-detail", child.pk)
    return render(request, "plans/plan_concretise.html", {"plan": plan, "form": form})


# --- the plan page ------------------------------------------------------------------------


def _detail_context(request: AuthedRequest, plan: Plan, **extra: Any) -> dict[str, Any]:
    year = _plan_year(request, plan)
    summary, sentence = target_services.plan_summary(plan, year)
    can_manage = request.user.has_perm(MANAGE_PLANS, plan)
    is_draft = plan.status == Plan.Status.DRAFT
    items = list(plan.items.all())
    visible = plans_for_user(request.user)
    context = {
        "plan": plan,
        "status_badge": STATUS_BADGES[Plan.Status(plan.status)],
        "year": year,
        "years": plan_years(plan),
        "groups": target_rows(plan, year),
        "summary": summary,
        "summary_sentence": sentence,
        "can_manage": can_manage,
        "can_edit": can_manage and is_draft,
        "can_record": can_manage and plan.status == Plan.Status.APPROVED,
        "is_draft": is_draft,
        "item_groups": [
            (code, label, [item for item in items if item.kind == code])
            for code, label in PlanItem.Kind.choices
        ],
        "item_form": ItemForm(),
        "can_concretise": (
            plan.status == Plan.Status.APPROVED
            and request.user.has_perm(MANAGE_PLANS)
            and subordinate_units(plan, _managed_units(request)).exists()
        ),
        "concretisations": visible.filter(parent=plan),
        "next_versions": visible.filter(previous_version=plan),
        "previous_version": (
            visible.filter(pk=plan.previous_version_id).first()
            if plan.previous_version_id is not None
            else None
        ),
        "tasks_url": _tasks_url(plan),
    }
    context.update(extra)
    return context


@login_required
def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id)
    return render(request, "plans/plan_detail.html", _detail_context(request, plan))


@require_POST
@login_required
def plan_add_item(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, action="manage")
    if plan.status != Plan.Status.DRAFT:
        messages.error(request, _("Chỉ sửa nội dung của bản dự thảo; hãy tạo phiên bản mới."))
        return redirect("plans:plan-detail", plan.pk)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_item(
                plan, form.cleaned_data["kind"], form.cleaned_data["text"], actor=request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            form = ItemForm()
            if not request.htmx:
                messages.success(request, _("Đã thêm nội dung."))
                return redirect(reverse("plans:plan-detail", args=[plan.pk]) + "#items")
    context = _detail_context(request, plan, item_form=form)
    template = "plans/plan_detail.html#items" if request.htmx else "plans/plan_detail.html"
    return render(request, template, context)


@require_POST
@login_required
def plan_remove_item(request: AuthedRequest, plan_id: int, item_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, action="manage")
    item = get_object_or_404(PlanItem, pk=item_id, plan=plan)
    item.plan = plan
    try:
        services.remove_item(item, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        return render(request, "plans/plan_detail.html#items", _detail_context(request, plan))
    return redirect(reverse("plans:plan-detail", args=[plan.pk]) + "#items")


# --- targets ------------------------------------------------------------------------------


@login_required
def plan_add_target(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_id, action="manage")
    if plan.status != Plan.Status.DRAFT:
        messages.error(request, _("Chỉ thêm chỉ tiêu vào bản dự thảo; hãy tạo phiên bản mới."))
        return redirect("plans:plan-detail", plan.pk)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            target = target_services.add_target(plan, **form.cleaned_data, actor=request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã thêm chỉ tiêu %(code)s.") % {"code": target.code})
            return redirect("plans:plan-set-value", plan.pk, target.pk)
    return render(request, "plans/plan_target_form.html", {"plan": plan, "form": form})


@login_required
def plan_set_value(request: AuthedRequest, plan_id: int, target_id: int) -> HttpResponse:
    """The planned value (or range) of a draft's target for a year."""
    plan = get_plan_for_user(request.user, plan_id, action="manage")
    target = _target_of(plan, target_id)
    if plan.status != Plan.Status.DRAFT:
        messages.error(request, _("Chỉ đặt kế hoạch chỉ tiêu trong bản dự thảo."))
        return redirect("plans:plan-detail", plan.pk)
    year = _plan_year(request, plan)
    planned = TargetPlanValue.objects.filter(target=target, year=year).first()
    initial: dict[str, Any] = {"year": year}
    if planned is not None:
        initial |= {"value": planned.value, "low": planned.low, "high": planned.high}
    form = PlanValueForm(request.POST or None, target=target, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target_services.set_plan_value(
                target,
                data["year"],
                data.get("value"),
                data.get("low"),
                data.get("high"),
                actor=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã đặt kế hoạch năm %(year)s cho chỉ tiêu %(code)s.")
                % {"year": data["year"], "code": target.code},
            )
            return redirect(reverse("plans:plan-detail", args=[plan.pk]) + f"?year={data['year']}")
    context = {"plan": plan, "target": target, "form": form, "year": year}
    return render(request, "plans/plan_value_form.html", context)


@login_required
def plan_record_actual(request: AuthedRequest, plan_id: int, target_id: int) -> HttpResponse:
    """What a target of an approved plan reached in a year, with its source; a stale form
    (someone saved the figure since it was opened) gets a conflict, not an overwrite."""
    plan = get_plan_for_user(request.user, plan_id, action="manage")
    target = _target_of(plan, target_id)
    text = request.GET.get("year", "")
    year = int(text) if text.isdigit() else _plan_year(request, plan)
    actual = TargetActual.objects.filter(target=target, year=year).first()
    initial: dict[str, Any] = {"year": year}
    if actual is not None:
        initial |= {
            "value": actual.value,
            "source": actual.source,
            "note": actual.note,
            "version": actual.version,
        }
    form = ActualForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target_services.record_actual(
                target,
                data["year"],
                data["value"],
                data["source"],
                data["note"],
                expected_version=data["version"],
                actor=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã ghi kết quả năm %(year)s của chỉ tiêu %(code)s.")
                % {"year": data["year"], "code": target.code},
            )
            return redirect(reverse("plans:plan-detail", args=[plan.pk]) + f"?year={data['year']}")
    context = {
        "plan": plan,
        "target": target,
        "form": form,
        "year": year,
        "years": [plan.start_year - 1, *plan_years(plan)],
        "actual": actual,
    }
    return render(request, "plans/plan_actual_form.html", context)


# --- cascade ------------------------------------------------------------------------------


@login_required
def plan_cascade(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """Which subordinate units have concretised the plan, and their figures against its own."""
    plan = get_plan_for_user(request.user, plan_id)
    year = _plan_year(request, plan)
    status = cascade_status(plan, year=year)
    linked = [row.plan.pk for row in status.subordinates if row.plan is not None]
    linked += [other.pk for other in status.other_plans]
    visible_ids = set(
        plans_for_user(request.user).filter(pk__in=linked).values_list("pk", flat=True)
    )
    context = {
        "plan": plan,
        "year": year,
        "years": plan_years(plan),
        "status": status,
        "visible_ids": visible_ids,
    }
    return render(request, "plans/cascade.html", context)


urlpatterns: list[URLPattern] = [
    path("", plan_list, name="plan-list"),
    path("new/", plan_create, name="plan-create"),
    path("<int:plan_id>/", plan_detail, name="plan-detail"),
    path("<int:plan_id>/edit/", plan_edit, name="plan-edit"),
    path("<int:plan_id>/approve/", plan_approve, name="plan-approve"),
    path("<int:plan_id>/new-version/", plan_new_version, name="plan-new-version"),
    path("<int:plan_id>/concretise/", plan_concretise, name="plan-concretise"),
    path("<int:plan_id>/cascade/", plan_cascade, name="plan-cascade"),
    path("<int:plan_id>/items/add/", plan_add_item, name="plan-add-item"),
    path("<int:plan_id>/items/<int:item_id>/remove/", plan_remove_item, name="plan-remove-item"),
    path("<int:plan_id>/targets/add/", plan_add_target, name="plan-add-target"),
    path(
        "<int:plan_id>/targets/<int:target_id>/plan-value/",
        plan_set_value,
        name="plan-set-value",
    ),
    path(
        "<int:plan_id>/targets/<int:target_id>/actual/",
        plan_record_actual,
        name="plan-record-actual",
    ),
]
