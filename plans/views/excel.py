"""A plan's targets in Excel: the template, the upload (dry run, then import) and the export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.types import AuthedRequest
from monitoring.forms import UploadForm
from monitoring.views import XLSX
from plans import excel
from plans.models import Plan
from plans.queries.plans import get_plan_for_user


def _year(request: AuthedRequest, plan: Plan) -> int:
    """The year of ?year=, within the plan's years or the year before them (the comparison
    year of actuals); without it the picker's year when the plan covers it, else the first."""
    text = request.GET.get("year", "")
    first, last = plan.start_year - 1, plan.end_year
    if text:
        if not text.isdigit() or not first <= int(text) <= last:
            raise Http404
        return int(text)
    picker = getattr(request, "picker", None)
    year = picker.period.year if picker is not None else plan.start_year
    return year if plan.start_year <= year <= last else plan.start_year


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _slug(plan: Plan) -> str:
    return slugify(plan.unit.name) or str(plan.pk)


@login_required
def excel_template(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """The targets of a plan for a year, pre-filled, to fill in and upload (anyone who sees the
    plan may download it; uploading needs accounts.manage_plans)."""
    plan = get_plan_for_user(request.user, plan_id)
    year = _year(request, plan)
    content = excel.template_workbook(plan, year)
    return _xlsx(content, f"mau-chi-tieu-{_slug(plan)}-{plan.pk}-{year}.xlsx")


@login_required
def excel_upload(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """Check an Excel file (dry run); with action=import, import it in one transaction when
    nothing is wrong."""
    plan = get_plan_for_user(request.user, plan_id, action="manage")
    year = _year(request, plan)
    form = UploadForm(request.POST or None, request.FILES or None)
    checked: excel.TargetImport | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        checked = excel.read_upload(upload, size=upload.size, plan=plan, year=year)
        if checked.ok and request.POST.get("action") == "import":
            try:
                written = excel.import_targets(checked, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Đã nhập chỉ tiêu từ Excel: %(count)s giá trị được ghi.")
                    % {"count": written},
                )
                return redirect(f"{reverse('plans:excel-upload', args=[plan.pk])}?year={year}")
    context = {
        "plan": plan,
        "year": year,
        "form": form,
        "checked": checked,
        "is_draft": plan.status == Plan.Status.DRAFT,
    }
    return render(request, "plans/excel_upload.html", context)


@login_required
def excel_export(request: AuthedRequest, plan_id: int) -> HttpResponse:
    """The plan's targets assessed for a year, as an Excel file."""
    plan = get_plan_for_user(request.user, plan_id)
    year = _year(request, plan)
    content = excel.export_workbook(plan, year)
    return _xlsx(content, f"ket-qua-chi-tieu-{_slug(plan)}-{plan.pk}-{year}.xlsx")


urlpatterns: list[URLPattern] = [
    path("<int:plan_id>/excel/template/", excel_template, name="excel-template"),
    path("<int:plan_id>/excel/upload/", excel_upload, name="excel-upload"),
    path("<int:plan_id>/excel/export/", excel_export, name="excel-export"),
]
