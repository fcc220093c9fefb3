from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.queries import username_taken
from accounts.services import login_locked_until, record_login_failure
from units.models import Unit


class LoginForm(AuthenticationForm):
    """Sign-in that refuses further attempts after repeated failures for a name or address."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
        "locked": _(
            "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(time)s hoặc liên hệ quản trị hệ thống."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        address = client_address(self.request)
        locked = login_locked_until(username, address)
        if locked is not None:
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"time": timezone.localtime(locked).strftime("%H:%M")},
            )
        if username and password:
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                record_login_failure(username, address)
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def client_address(request: Any) -> str:
    """The client's address; behind a reverse proxy, the one the proxy saw."""
    if request is None:
        return ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    from django.conf import settings

    if forwarded and settings.SECURE_PROXY_SSL_HEADER:
        return str(forwarded.split(",")[-1].strip())
    return str(request.META.get("REMOTE_ADDR", ""))


class UserForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = User
        fields = ["username", "full_name", "position", "email", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def validate_unique(self) -> None:
        # Uniqueness is checked case-insensitively in clean_username (and again by the service).
        return None

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        if username_taken(username, exclude_pk=self.instance.pk):
            raise forms.ValidationError(_("Tên đăng nhập “%s” đã có người dùng.") % username)
        return username


class NewUserForm(UserForm):
    password = forms.CharField(
        label=_("Mật khẩu"),
        widget=forms.PasswordInput,
        help_text=_("Ít nhất 10 ký tự, không toàn chữ số, không quá giống tên đăng nhập."),
    )


class AssignRoleForm(forms.Form):
    role = forms.ModelChoiceField(label=_("Vai trò"), queryset=Role.objects.all())
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _("Đơn vị đã chọn không có trong phạm vi của bạn.")},
    )
    include_subtree = forms.BooleanField(
        label=_("Gồm cả các đơn vị trực thuộc"), required=False, initial=True
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
