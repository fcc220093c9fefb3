from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. What they may do, and where, comes from their role assignments."""

    full_name = models.CharField(_("Họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("Chức vụ"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("Tài khoản minh họa"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class Capability(models.Model):
    """Holder of the capability permissions that roles grant (no table of its own).

    Permissions name what a person may do anywhere in the product; the unit tree says where.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_ntm", "Xem số liệu và đánh giá nông thôn mới"),
            ("enter_indicators", "Nhập số liệu chỉ tiêu nông thôn mới"),
            ("approve_indicators", "Duyệt số liệu chỉ tiêu nông thôn mới"),
            ("manage_criteria", "Quản lý bộ tiêu chí"),
            ("view_plans", "Xem chương trình, kế hoạch, chỉ tiêu, nhiệm vụ"),
            ("manage_plans", "Quản lý chương trình, kế hoạch, chỉ tiêu, nhiệm vụ, văn bản"),
            ("update_tasks", "Cập nhật tiến độ nhiệm vụ được giao"),
            ("view_oversight", "Xem hồ sơ kiểm tra, giám sát, kỷ luật"),
            ("manage_oversight", "Quản lý hồ sơ kiểm tra, giám sát, kỷ luật"),
            ("view_oversight_statistics", "Xem số liệu tổng hợp kiểm tra, giám sát"),
            ("view_denouncer_identity", "Xem danh tính người tố cáo"),
            ("view_reception", "Xem tiếp công dân, đơn thư"),
            ("manage_reception", "Quản lý tiếp công dân, đơn thư"),
            ("view_citizen_personal_data", "Xem thông tin cá nhân của công dân"),
            ("view_ratings", "Xem xếp loại chất lượng tổ chức đảng, đảng viên"),
            ("manage_ratings", "Ghi nhận xếp loại chất lượng tổ chức đảng, đảng viên"),
            ("view_movements", "Xem mô hình, phong trào"),
            ("manage_movements", "Quản lý mô hình, phong trào"),
            ("view_sponsorship", "Xem đỡ đầu xã xây dựng nông thôn mới"),
            ("manage_sponsorship", "Quản lý đỡ đầu xã xây dựng nông thôn mới"),
            ("view_reports", "Xem báo cáo, bảng điều khiển"),
            ("manage_units", "Quản lý danh mục đơn vị"),
            ("manage_users", "Quản lý người dùng và phân quyền"),
            ("view_audit_log", "Xem nhật ký thay đổi"),
        ]

    def __str__(self) -> str:
        return "capability"


class Role(models.Model):
    """A named permission group (Django Group) that can be assigned at a unit."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="role")
    code = models.SlugField(_("Mã vai trò"), max_length=40, unique=True)
    name = models.CharField(_("Tên vai trò"), max_length=120)
    description = models.TextField(_("Mô tả"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """A role given to a person at a unit, optionally with every unit below it."""

    user = models.ForeignKey(
        User, verbose_name=_("Người dùng"), on_delete=models.CASCADE, related_name="assignments"
    )
    role = models.ForeignKey(
        Role, verbose_name=_("Vai trò"), on_delete=models.PROTECT, related_name="assignments"
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Đơn vị"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    include_subtree = models.BooleanField(_("Gồm cả các đơn vị trực thuộc"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} — {self.unit}"


class LoginFailure(models.Model):
    """A failed sign-in, kept to slow down password guessing (see accounts.services)."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("đăng nhập thất bại")
        verbose_name_plural = _("đăng nhập thất bại")

    def __str__(self) -> str:
        return f"{self.username} @ {self.ip_address}"
