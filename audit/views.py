from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render

from accounts.queries import scope_of, users_visible_to
from audit.forms import AuditFilterForm
from audit.queries import filtered_log
from common.types import AuthedRequest


@login_required
def log(request: AuthedRequest) -> HttpResponse:
    """The audit log for administrators, filtered; each sees the events of their own units."""
    if not request.user.has_perm("accounts.view_audit_log"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    events = filtered_log()
    if form.is_valid():
        events = filtered_log(**form.cleaned_data)
    if not request.user.is_superuser:
        # Administrators of a unit see what happened in their units and to accounts they manage.
        scope = scope_of(request.user, "accounts.view_audit_log")
        managed = [str(pk) for pk in users_visible_to(request.user).values_list("pk", flat=True)]
        events = events.filter(
            scope.as_q("unit__")
            | Q(unit__isnull=True, target_type="accounts.user", target_id__in=managed)
        )
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "events": page.object_list}
    if request.htmx:
        return render(request, "audit/auditevent_list.html#events", context)
    return render(request, "audit/auditevent_list.html", context)
