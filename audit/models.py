from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # django-stubs-ext is a development tool
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
    "letter.received": _("Vào sổ đơn, thư"),
    "letter.classified": _("Phân loại đơn, thư"),
    "letter.assigned": _("Giao giải quyết đơn"),
    "letter.transferred": _("Chuyển đơn theo thẩm quyền"),
    "letter.guided": _("Hướng dẫn, trả đơn"),
    "letter.filed": _("Lưu đơn"),
    "letter.answered": _("Trả lời người gửi đơn"),
    "letter.viewed": _("Xem hồ sơ đơn, thư"),
    "letter.sender_viewed": _("Xem danh tính người gửi đơn"),
    "denunciation.opened": _("Mở vụ tố cáo"),
    "denunciation.classified": _("Phân loại tố cáo"),
    "denunciation.rejected": _("Không thụ lý tố cáo"),
    "denunciation.transferred": _("Chuyển tố cáo đến cơ quan có thẩm quyền"),
    "denunciation.accepted": _("Thụ lý tố cáo"),
    "denunciation.prepared": _("Chuẩn bị giải quyết tố cáo"),
    "denunciation.verification_started": _("Thẩm tra, xác minh tố cáo"),
    "denunciation.extended": _("Gia hạn giải quyết tố cáo"),
    "denunciation.concluded": _("Kết luận tố cáo"),
    "denunciation.notified": _("Thông báo kết quả cho người tố cáo"),
    "denunciation.closed": _("Đóng hồ sơ tố cáo"),
    "denunciation.postponed": _("Tạm hoãn giải quyết tố cáo do đại hội"),
    "denunciation.handed_over": _("Chuyển tố cáo cho cấp ủy khóa mới"),
    "denunciation.withdrawn": _("Ghi nhận rút tố cáo"),
    "denunciation.viewed": _("Xem hồ sơ tố cáo"),
    "denunciation.discipline_opened": _("Mở vụ kỷ luật từ kết luận tố cáo"),
    "oversight_programme.created": _("Tạo chương trình kiểm tra, giám sát"),
    "oversight_programme.approved": _("Phê duyệt chương trình kiểm tra, giám sát"),
    "oversight_topic.added": _("Thêm chuyên đề kiểm tra, giám sát"),
    "oversight_case.opened": _("Mở cuộc kiểm tra, giám sát"),
    "oversight_case.viewed": _("Xem hồ sơ cuộc kiểm tra, giám sát"),
    "oversight_case.chuan_bi": _("Cuộc KTGS: bắt đầu chuẩn bị"),
    "oversight_case.cong_bo": _("Cuộc KTGS: công bố quyết định"),
    "oversight_case.tien_hanh": _("Cuộc KTGS: tiến hành"),
    "oversight_case.gia_han": _("Cuộc KTGS: gia hạn"),
    "oversight_case.trinh_ket_luan": _("Cuộc KTGS: trình kết luận"),
    "oversight_case.ket_luan": _("Cuộc KTGS: kết luận"),
    "oversight_case.theo_doi": _("Cuộc KTGS: theo dõi thực hiện kết luận"),
    "oversight_case.hoan_thanh": _("Cuộc KTGS: hoàn thành"),
    "oversight_case.tam_dung": _("Cuộc KTGS: tạm dừng"),
    "oversight_case.tiep_tuc": _("Cuộc KTGS: tiếp tục"),
    "oversight_case.huy": _("Cuộc KTGS: hủy"),
    "oversight_case.chuyen_kiem_tra": _("Cuộc giám sát: chuyển kiểm tra khi có dấu hiệu vi phạm"),
    "oversight_subject.added": _("Thêm đối tượng kiểm tra, giám sát"),
    "oversight_subject.result_recorded": _("Ghi kết quả đối với đối tượng kiểm tra, giám sát"),
    "oversight_document.added": _("Thêm tài liệu vào hồ sơ kiểm tra, giám sát"),
    "oversight_conclusion.issued": _("Ban hành kết luận kiểm tra, giám sát"),
    "oversight_recommendation.added": _("Thêm kiến nghị sau kiểm tra, giám sát"),
    "oversight_recommendation.bat_dau": _("Kiến nghị: bắt đầu thực hiện"),
    "oversight_recommendation.bao_cao": _("Kiến nghị: báo cáo kết quả khắc phục"),
    "oversight_recommendation.xac_nhan": _("Kiến nghị: kiểm tra, xác nhận đạt"),
    "oversight_recommendation.khong_dat": _("Kiến nghị: kết luận chưa đạt"),
    "oversight_recommendation.tiep_tuc": _("Kiến nghị: tiếp tục khắc phục"),
    "discipline_case.viewed": _("Xem hồ sơ kỷ luật"),
    "discipline_case.deferred": _("Chưa xem xét kỷ luật"),
    "discipline_case.resumed": _("Tiếp tục xem xét kỷ luật"),
    "discipline_case.expired": _("Tự động chấm dứt hiệu lực kỷ luật"),
    "discipline_complaint.khong_thu_ly": _("Không thụ lý khiếu nại kỷ luật"),
    "suspension.opened": _("Đình chỉ sinh hoạt, hoạt động"),
    "suspension.extended": _("Gia hạn đình chỉ"),
    "suspension.lifted": _("Chấm dứt đình chỉ"),
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
