"""The document register (sổ văn bản): the list by type, unit and period with its counts phrase,
registering a document with its next number, and linking it to the plans and tasks it drives."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.queries import units_visible_to
from common.forms import attach_errors
from common.periods import TERM_YEARS
from common.types import AuthedRequest
from plans.forms.documents import DocumentCreateForm, DocumentLinkForm
from plans.models import Document
from plans.queries.plans import plans_for_user
from plans.queries.tasks import tasks_for_user
from plans.rules.documents import DOCUMENT_TYPES
from plans.services import documents as services
from units.models import Unit

VIEW = "accounts.view_plans"
MANAGE = "accounts.manage_plans"
READERS = (VIEW, MANAGE)


def _reader_units(user: User) -> QuerySet[Unit]:
    """Units whose documents the user may read: where they read or manage plans."""
    return units_visible_to(user, VIEW) | units_visible_to(user, MANAGE)


def _require_reader(user: User) -> None:
    if not any(user.has_perm(perm) for perm in READERS):
        raise PermissionDenied


def get_document_for_user(user: User, document_id: int) -> Document:
    """One document of a unit the user reads: 404 outside that scope."""
    visible = Document.objects.filter(unit__in=_reader_units(user)).select_related("unit")
    return get_object_or_404(visible, pk=document_id)


@login_required
def document_list(request: AuthedRequest) -> HttpResponse:
    """Documents of the units in scope issued in the chosen period, by type and issuing unit."""
    _require_reader(request.user)
    units = _reader_units(request.user)
    period = request.picker.period
    issuer: Unit | None = None
    issuer_text = request.GET.get("issuer", "")
    if issuer_text:
        if not issuer_text.isdigit():
            raise Http404
        issuer = get_object_or_404(units, pk=int(issuer_text))
    type_code = request.GET.get("type", "")
    errors: list[str] = []
    if type_code and type_code not in DOCUMENT_TYPES:
        errors.append(_("Thể loại văn bản “%s” không có trong danh mục.") % type_code)
        type_code = ""
    counted: Any = [issuer] if issuer is not None else units
    documents = services.documents_of(counted, period.start, period.end).select_related("unit")
    if type_code:
        documents = documents.filter(type_code=type_code)
    context = {
        "documents": documents,
        "period": period,
        "phrase": services.documents_phrase(counted, period),
        "issuer": issuer,
        "issuers": units.filter(documents__isnull=False).distinct().order_by("path"),
        "type_code": type_code,
        "types": DOCUMENT_TYPES.items(),
        "type_names": dict(DOCUMENT_TYPES),
        "filter_errors": errors,
        "can_create": request.user.has_perm(MANAGE),
    }
    template = "plans/document_list.html#results" if request.htmx else "plans/document_list.html"
    return render(request, template, context)


def _current_term(year: int) -> str:
    first = year - year % TERM_YEARS
    return f"{first}-{first + TERM_YEARS}"


@login_required
def document_create(request: AuthedRequest) -> HttpResponse:
    """Register a document; without a number it takes the next one of its type in the term."""
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    units = units_visible_to(request.user, MANAGE)
    today = timezone.localdate()
    initial: dict[str, Any] = {"term": _current_term(today.year), "issued_on": today}
    picked = request.picker.unit
    if picked is not None and units.filter(pk=picked.pk).exists():
        initial["unit"] = picked.pk
    form = DocumentCreateForm(
        request.POST or None, request.FILES or None, initial=initial, units=units
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.register_document(
                data["unit"],
                data["type_code"],
                data["issuer_code"],
                data["term"],
                data["issued_on"],
                data["subject"],
                signer=data["signer"],
                number=data["number"],
                file=data["file"],
                actor=request.user,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã vào sổ văn bản số %s.") % document.symbol)
            return redirect("plans:document-detail", document.pk)
    return render(request, "plans/document_form.html", {"form": form})


def _link_form(request: AuthedRequest, document: Document, data: Any = None) -> DocumentLinkForm:
    managed = units_visible_to(request.user, MANAGE)
    plans = plans_for_user(request.user).filter(unit__in=managed).exclude(implements=document)
    tasks = tasks_for_user(request.user).filter(unit__in=managed, document__isnull=True)
    return DocumentLinkForm(data, plans=plans, tasks=tasks)


def _detail(
    request: AuthedRequest, document: Document, form: DocumentLinkForm | None
) -> HttpResponse:
    visible_tasks = tasks_for_user(request.user).filter(document=document)
    context = {
        "document": document,
        "type_name": DOCUMENT_TYPES.get(document.type_code, document.type_code),
        "issued_plans": document.plans.select_related("unit"),
        "implementing_plans": document.implemented_by.select_related("unit"),
        "tasks": visible_tasks,
        "hidden_tasks": document.tasks.count() - visible_tasks.count(),
        "link_form": form,
    }
    return render(request, "plans/document_detail.html", context)


@login_required
def document_detail(request: AuthedRequest, document_id: int) -> HttpResponse:
    document = get_document_for_user(request.user, document_id)
    can_manage = request.user.has_perm(MANAGE, document)
    return _detail(request, document, _link_form(request, document) if can_manage else None)


@require_POST
@login_required
def document_link(request: AuthedRequest, document_id: int) -> HttpResponse:
    """Link plans that carry the document out and tasks it assigned (plans and tasks in scope)."""
    document = get_document_for_user(request.user, document_id)
    if not request.user.has_perm(MANAGE, document):
        raise PermissionDenied
    form = _link_form(request, document, request.POST)
    if form.is_valid():
        try:
            services.link_document(
                document,
                actor=request.user,
                plans=form.cleaned_data["plans"],
                tasks=form.cleaned_data["tasks"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã liên kết văn bản số %s.") % document.symbol)
            return redirect("plans:document-detail", document.pk)
    return _detail(request, document, form)


urlpatterns: list[URLPattern] = [
    path("documents/", document_list, name="document-list"),
    path("documents/new/", document_create, name="document-create"),
    path("documents/<int:document_id>/", document_detail, name="document-detail"),
    path("documents/<int:document_id>/link/", document_link, name="document-link"),
]
