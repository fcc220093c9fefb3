from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import AssignRoleForm, LoginForm, NewUserForm, UserForm, client_address
from accounts.models import RoleAssignment
from accounts.queries import get_user_for_admin, units_visible_to, users_visible_to
from audit.queries import history_of
from common.forms import attach_errors
from common.types import AuthedRequest


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        services.record_login(form.get_user(), client_address(self.request))
        return response


@login_required
def me(request: AuthedRequest) -> HttpResponse:
    """The signed-in person's roles, and a form to change the password."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_password(
            request.user, actor=request.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("accounts:me")
    assignments = request.user.assignments.select_related("role", "unit")
    return render(request, "accounts/me.html", {"form": form, "assignments": assignments})


def _require_manager(request: AuthedRequest) -> None:
    if not request.user.has_perm("accounts.manage_users"):
        raise PermissionDenied


@login_required
def user_list(request: AuthedRequest) -> HttpResponse:
    """Accounts the administrator manages."""
    _require_manager(request)
    users = users_visible_to(request.user).prefetch_related(
        "assignments__role", "assignments__unit"
    )
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def user_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                full_name=data["full_name"],
                position=data["position"],
                email=data["email"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã tạo tài khoản. Hãy phân công vai trò cho người dùng."))
            return redirect("accounts:user-detail", user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
def user_detail(request: AuthedRequest, user_id: int) -> HttpResponse:
    """One account: details (editable), roles by unit, and a form to assign another role."""
    _require_manager(request)
    person = get_user_for_admin(request.user, user_id)
    form = UserForm(request.POST or None, instance=person, prefix="user")
    units = units_visible_to(request.user, "accounts.manage_users").filter(valid_to__isnull=True)
    assign_form = AssignRoleForm(units=units, prefix="assign")
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in UserForm.Meta.fields}
        try:
            services.update_user(
                type(person).objects.get(pk=person.pk),
                actor=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **values,
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản."))
            return redirect("accounts:user-detail", person.pk)
    return _render_detail(request, person, form, assign_form)


def _render_detail(
    request: AuthedRequest,
    person,
    form,
    assign_form,
    status: int = 200,
) -> HttpResponse:
    context = {
        "person": person,
        "form": form,
        "assign_form": assign_form,
        "assignments": person.assignments.select_related("role", "unit"),
        "events": history_of(person)[:50],
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@require_POST
@login_required
def assign(request: AuthedRequest, user_id: int) -> HttpResponse:
    """Give the person a role at a unit within the administrator's scope."""
    _require_manager(request)
    person = get_user_for_admin(request.user, user_id)
    units = units_visible_to(request.user, "accounts.manage_users").filter(valid_to__isnull=True)
    assign_form = AssignRoleForm(request.POST, units=units, prefix="assign")
    if assign_form.is_valid():
        try:
            services.assign_role(person, actor=request.user, **assign_form.cleaned_data)
        except ValidationError as error:
            attach_errors(assign_form, error)
        else:
            messages.success(request, _("Đã phân công vai trò."))
            return redirect("accounts:user-detail", person.pk)
    form = UserForm(instance=person, prefix="user")
    return _render_detail(request, person, form, assign_form, status=400)


@require_POST
@login_required
def revoke(request: AuthedRequest, user_id: int, assignment_id: int) -> HttpResponse:
    """Take a role at a unit away; only for units within the administrator's scope."""
    _require_manager(request)
    person = get_user_for_admin(request.user, user_id)
    units = units_visible_to(request.user, "accounts.manage_users")
    assignment = get_object_or_404(
        RoleAssignment.objects.filter(user=person, unit__in=units), pk=assignment_id
    )
    services.revoke_role(assignment, actor=request.user)
    messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("accounts:user-detail", person.pk)
