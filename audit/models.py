from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# What each recorded action means, as shown in the log; unknown actions show their code.
ACTION_LABELS: dict[str, StrOrPromise] = {
    "units.loaded": _("Nạp danh mục đơn vị"),
    "unit.created": _("Tạo đơn vị"),
    "unit.updated": _("Sửa đơn vị"),
    "unit.succeeded": _("Ghi nhận sắp xếp, sáp nhập"),
    "user.created": _("Tạo tài khoản"),
    "user.updated": _("Sửa tài khoản"),
    "user.password_changed": _("Đổi mật khẩu"),
    "user.logged_in": _("Đăng nhập"),
    "user.login_failed": _("Đăng nhập thất bại"),
    "role.assigned": _("Phân công vai trò"),
    "role.revoked": _("Thu hồi vai trò"),
    "criteria.loaded": _("Nạp bộ tiêu chí"),
    "criteria.draft_started": _("Tạo dự thảo bộ tiêu chí"),
    "criteria.threshold_changed": _("Sửa ngưỡng chỉ tiêu"),
    "criteria.published": _("Ban hành phiên bản bộ tiêu chí"),
    "assessments.computed": _("Tính kết quả đánh giá"),
    "recognition.recorded": _("Ghi quyết định công nhận"),
    "roadmap.registered": _("Đăng ký về đích"),
    "sheet.opened": _("Mở bảng số liệu"),
    "values.saved": _("Lưu số liệu chỉ tiêu"),
    "sheet.submitted": _("Gửi duyệt số liệu"),
    "sheet.approved": _("Duyệt số liệu"),
    "sheet.reopened": _("Trả lại / mở lại số liệu"),
    "plan.created": _("Tạo chương trình, kế hoạch"),
    "plan.updated": _("Sửa chương trình, kế hoạch"),
    "plan.approved": _("Phê duyệt chương trình, kế hoạch"),
    "plan.versioned": _("Tạo phiên bản mới của chương trình, kế hoạch"),
    "plan.concretised": _("Cụ thể hóa chương trình, kế hoạch"),
    "plan_item.added": _("Thêm nội dung chương trình"),
    "plan_item.updated": _("Sửa nội dung chương trình"),
    "plan_item.removed": _("Xóa nội dung chương trình"),
    "target.added": _("Thêm chỉ tiêu"),
    "target.plan_value_set": _("Đặt kế hoạch chỉ tiêu"),
    "target.actual_recorded": _("Ghi kết quả thực hiện chỉ tiêu"),
    "task.created": _("Giao nhiệm vụ"),
    "task.split": _("Chia nhiệm vụ cho đơn vị cấp dưới"),
    "task.progress_reported": _("Báo cáo tiến độ nhiệm vụ"),
    "task.completed": _("Hoàn thành nhiệm vụ"),
    "task.reopened": _("Mở lại nhiệm vụ"),
    "task.deadline_changed": _("Đổi thời hạn nhiệm vụ"),
    "document.registered": _("Vào sổ văn bản"),
    "document.linked": _("Liên kết văn bản"),
}


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit row."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One change made by one person: who, when, what, where, and the fields before/after.

    Rows are append-only: the model, its queryset and the admin refuse changes, and on
    PostgreSQL a trigger refuses UPDATE and DELETE (migration 0002).
    """

    at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("Tên người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("Hành động"), max_length=80, db_index=True)
    target_type = models.CharField(_("Loại đối tượng"), max_length=100, blank=True)
    target_id = models.CharField(_("Mã đối tượng"), max_length=64, blank=True)
    target_repr = models.CharField(_("Đối tượng"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes = models.JSONField(_("Thay đổi"), default=dict, blank=True)
    data = models.JSONField(_("Dữ liệu kèm theo"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
