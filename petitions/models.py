"""Citizen reception, citizen matters and direct dialogue by the head of the committee (spec §9).

Visitors' names and addresses live in `ReceptionVisitor`, apart from the session, and are read only
through `petitions.queries.visitors_of`; the identity of the citizen who raised a matter lives in
`MatterPetitioner`, read only through `petitions.queries.petitioner_of`. Both check
accounts.view_citizen_personal_data on the unit and write an audit row on every read.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    DINH_KY = "dinh_ky", _("Định kỳ")
    DOT_XUAT = "dot_xuat", _("Đột xuất")


class ReceptionSession(models.Model):
    """One day of citizen reception (phiên tiếp dân) held by the head of a Party committee."""

    Kind = SessionKind

    class HostRole(models.TextChoices):
        BI_THU = "bi_thu", _("Bí thư cấp ủy")
        UY_QUYEN = "uy_quyen", _("Người được bí thư ủy quyền")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Cấp ủy"),
        on_delete=models.PROTECT,
        related_name="reception_sessions",
    )
    host_name = models.CharField(_("Người chủ trì tiếp dân"), max_length=150)
    host_role = models.CharField(_("Tư cách chủ trì"), max_length=10, choices=HostRole.choices)
    held_on = models.DateField(_("Ngày tiếp dân"))
    kind = models.CharField(_("Hình thức"), max_length=10, choices=SessionKind.choices)
    place = models.CharField(_("Địa điểm"), max_length=300, blank=True)
    visitor_count = models.PositiveIntegerField(_("Số lượt người được tiếp"), default=0)
    note = models.TextField(_("Ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("phiên tiếp dân")
        verbose_name_plural = _("phiên tiếp dân")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["dinh_ky", "dot_xuat"]),
                name="petitions_session_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(host_role__in=["bi_thu", "uy_quyen"]),
                name="petitions_session_host_role_valid",
            ),
            models.CheckConstraint(
                condition=Q(visitor_count__gte=0),
                name="petitions_session_visitor_count_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Phiên tiếp dân {self.held_on:%d/%m/%Y}"

    def get_unit(self) -> models.Model:
        return self.unit


class ReceptionVisitor(models.Model):
    """A citizen received in a session: personal data, kept apart from the session."""

    session = models.ForeignKey(
        ReceptionSession,
        verbose_name=_("Phiên tiếp dân"),
        on_delete=models.CASCADE,
        related_name="visitors",
    )
    full_name = models.CharField(_("Họ và tên"), max_length=150)
    address = models.CharField(_("Địa chỉ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("người được tiếp")
        verbose_name_plural = _("người được tiếp")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Người được tiếp #{self.pk}"

    def get_unit(self) -> models.Model:
        return self.session.unit


class CitizenMatter(models.Model):
    """A complaint, denunciation, proposal or feedback received from citizens (vụ việc)."""

    class Kind(models.TextChoices):
        KHIEU_NAI = "khieu_nai", _("Khiếu nại")
        TO_CAO = "to_cao", _("Tố cáo")
        KIEN_NGHI = "kien_nghi", _("Kiến nghị")
        PHAN_ANH = "phan_anh", _("Phản ánh")

    class State(models.TextChoices):
        TIEP_NHAN = "tiep_nhan", _("Đã tiếp nhận")
        DA_CHUYEN_XU_LY = "da_chuyen_xu_ly", _("Đã chuyển, chỉ đạo xử lý")
        DA_TRA_LOI = "da_tra_loi", _("Đã trả lời")
        DA_DONG = "da_dong", _("Đã kết thúc")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Cấp ủy tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="citizen_matters",
    )
    session = models.ForeignKey(
        ReceptionSession,
        verbose_name=_("Phiên tiếp dân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="matters",
    )
    letter = models.ForeignKey(
        "oversight.Letter",
        verbose_name=_("Đơn, thư liên quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="citizen_matters",
    )
    received_on = models.DateField(_("Ngày tiếp nhận"))
    kind = models.CharField(_("Loại vụ việc"), max_length=10, choices=Kind.choices)
    summary = models.TextField(_("Tóm tắt nội dung"))
    routed_to = models.CharField(_("Chuyển, giao cho"), max_length=300, blank=True)
    routed_on = models.DateField(_("Ngày chuyển, chỉ đạo xử lý"), null=True, blank=True)
    deadline = models.DateField(_("Hạn giải quyết"), null=True, blank=True)
    notice_due_on = models.DateField(_("Hạn thông báo bằng văn bản"))
    notified_on = models.DateField(_("Ngày thông báo cho người gửi"), null=True, blank=True)
    answered_on = models.DateField(_("Ngày trả lời"), null=True, blank=True)
    result = models.TextField(_("Kết quả giải quyết"), blank=True)
    state = models.CharField(
        _("Trạng thái"), max_length=16, choices=State.choices, default=State.TIEP_NHAN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("vụ việc của công dân")
        verbose_name_plural = _("vụ việc của công dân")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["khieu_nai", "to_cao", "kien_nghi", "phan_anh"]),
                name="petitions_matter_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["tiep_nhan", "da_chuyen_xu_ly", "da_tra_loi", "da_dong"]),
                name="petitions_matter_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(notice_due_on__gte=models.F("received_on")),
                name="petitions_matter_notice_due_after_received",
            ),
            models.CheckConstraint(
                condition=Q(notified_on__isnull=True) | Q(notified_on__gte=models.F("received_on")),
                name="petitions_matter_notified_after_received",
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("received_on")),
                name="petitions_matter_answered_after_received",
            ),
            models.CheckConstraint(
                condition=Q(state="tiep_nhan") | Q(routed_on__isnull=False),
                name="petitions_matter_routed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["tiep_nhan", "da_chuyen_xu_ly"])
                | Q(answered_on__isnull=False),
                name="petitions_matter_answered_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Vụ việc #{self.pk} ({self.received_on:%d/%m/%Y})"

    def get_unit(self) -> models.Model:
        return self.unit

    def is_notice_overdue(self, on: dt.date) -> bool:
        """No written notice yet and the 10 working days (QĐ 11) have passed on `on`."""
        return self.notified_on is None and on > self.notice_due_on

    def is_overdue(self, on: dt.date) -> bool:
        """Not answered and past the resolution deadline on `on`."""
        return (
            self.answered_on is None
            and self.deadline is not None
            and on > self.deadline
            and self.state != self.State.DA_DONG
        )


class Dialogue(models.Model):
    """A direct dialogue of the head of the committee with citizens (đối thoại trực tiếp)."""

    Kind = SessionKind

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Cấp ủy"),
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    held_on = models.DateField(_("Ngày đối thoại"))
    topic = models.CharField(_("Chủ đề"), max_length=300)
    host = models.CharField(_("Người chủ trì"), max_length=300)
    participant_count = models.PositiveIntegerField(_("Số người tham dự"), default=0)
    kind = models.CharField(_("Hình thức"), max_length=10, choices=SessionKind.choices)
    commitments = models.TextField(_("Nội dung tiếp thu, cam kết"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cuộc đối thoại")
        verbose_name_plural = _("cuộc đối thoại")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["dinh_ky", "dot_xuat"]),
                name="petitions_dialogue_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(participant_count__gte=0),
                name="petitions_dialogue_participants_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Đối thoại {self.held_on:%d/%m/%Y}: {self.topic}"

    def get_unit(self) -> models.Model:
        return self.unit


class MatterPetitioner(models.Model):
    """Who raised a matter: personal data, kept apart from the matter and out of audit data."""

    matter = models.OneToOneField(
        CitizenMatter,
        verbose_name=_("Vụ việc"),
        on_delete=models.CASCADE,
        related_name="petitioner",
    )
    full_name = models.CharField(_("Họ và tên"), max_length=150)
    address = models.CharField(_("Địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người nêu vụ việc")
        verbose_name_plural = _("người nêu vụ việc")

    def __str__(self) -> str:
        return f"Người nêu vụ việc #{self.matter_id}"

    def get_unit(self) -> models.Model:
        return self.matter.unit
