from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ValueSheet(models.Model):
    """A commune's indicator values for one year, as a whole: entered, submitted, approved.

    Approval by the level above locks the values; a correction reopens the sheet with a reason.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang nhập")
        SUBMITTED = "submitted", _("Đã gửi duyệt")
        APPROVED = "approved", _("Đã duyệt")

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="sheets"
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_reason = models.TextField(_("Lý do mở lại"), blank=True)
    is_demo = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("bảng số liệu")
        verbose_name_plural = _("bảng số liệu")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_value_sheet")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED


class IndicatorValue(models.Model):
    """One indicator's value for a commune and year, keyed by the indicator code of the sets
    in force that year (NTM, nâng cao and kiểu mẫu of a period share one code space)."""

    sheet = models.ForeignKey(ValueSheet, on_delete=models.CASCADE, related_name="values")
    code = models.CharField(_("Mã chỉ tiêu"), max_length=64)
    number = models.DecimalField(_("Giá trị số"), max_digits=18, decimal_places=4, null=True)
    flag = models.BooleanField(_("Đạt / có"), null=True)
    not_applicable = models.BooleanField(_("Không áp dụng (nếu có)"), default=False)
    unit_of_measure = models.CharField(_("Đơn vị tính"), max_length=60, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "code"], name="unique_indicator_value"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(flag__isnull=True),
                name="indicator_value_number_or_flag",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} {self.code}"

    @property
    def value(self) -> Decimal | bool | None:
        """The value as the engine reads it (None when nothing was entered)."""
        if self.number is not None:
            return self.number
        return self.flag


class Evidence(models.Model):
    """A file proving a value (minh chứng)."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("Tệp minh chứng"), upload_to="evidence/%Y/")
    name = models.CharField(_("Tên tệp"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.name
