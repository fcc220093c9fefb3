"""Oversight: inspection, supervision, discipline, denunciations and complaints.

The legal basis register (`LegalDocument`), the configurable rules (`Rule`) and the holiday calendar
(`Holiday`) are reference data loaded from oversight/data/ by `chidao load-rules` (oversight/rules.py);
domain spec party-oversight.md §1 and §15.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    """How sure the domain spec is of a fact: confirmed, secondary source, unconfirmed default."""

    CONFIRMED = "C", _("Đã xác nhận")
    SECONDARY = "S", _("Nguồn thứ cấp")
    UNCONFIRMED = "U", _("Chưa xác nhận")


class LegalDocument(models.Model):
    """A Party or State document that rules, forms and procedures cite (spec §1)."""

    Confidence = Confidence

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("Đang có hiệu lực")
        AMENDED = "amended", _("Có hiệu lực, đã được sửa đổi")
        REPLACED = "replaced", _("Đã được thay thế")
        SUPERSEDED = "superseded", _("Hết hiệu lực")
        UNKNOWN = "unknown", _("Chưa rõ hiệu lực")

    code = models.CharField(_("Số, ký hiệu"), max_length=60, unique=True)
    title = models.CharField(_("Trích yếu"), max_length=400)
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    effective_from = models.DateField(_("Hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    status = models.CharField(_("Tình trạng"), max_length=16, choices=Status.choices)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("Được thay thế bởi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    confidence = models.CharField(_("Độ tin cậy"), max_length=1, choices=Confidence.choices)
    note = models.TextField(_("Ghi chú"), blank=True)
    source_url = models.URLField(_("Nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("văn bản căn cứ")
        verbose_name_plural = _("văn bản căn cứ")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values),
                name="oversight_legaldocument_confidence_valid",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=F("effective_from")),
                name="oversight_legaldocument_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(replaced_by=F("pk")),
                name="oversight_legaldocument_not_replaced_by_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"


class Rule(models.Model):
    """A time limit, quota or authority rule with its legal basis and period of force (spec §15).

    `value` keeps the wording of the source ("90 (+30)", "1/3", "không"); `amount`, `unit`,
    `extension_amount` and `maximum_amount` are the same value in a form the code can compute with.
    """

    Confidence = Confidence

    class Unit(models.TextChoices):
        DAYS = "days", _("ngày")
        WORKING_DAYS = "working_days", _("ngày làm việc")
        MONTHS = "months", _("tháng")
        YEARS = "years", _("năm")
        PERCENT = "percent", _("phần trăm")
        RATIO = "ratio", _("tỷ lệ")
        NONE = "none", _("không có đơn vị")

    class Level(models.TextChoices):
        TW = "tw", _("Trung ương")
        TINH = "tinh", _("Tỉnh và tương đương")
        HUYEN = "huyen", _("Huyện (trước 01/7/2025)")
        TREN_CO_SO = "tren_co_so", _("Cấp trên trực tiếp cơ sở (đảng ủy xã, phường, đặc khu)")
        CO_SO = "co_so", _("Cơ sở")

    key = models.CharField(_("Mã quy định"), max_length=100)
    value = models.CharField(_("Giá trị (theo văn bản)"), max_length=100)
    amount = models.DecimalField(
        _("Số lượng"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("Đơn vị"), max_length=16, choices=Unit.choices, default=Unit.NONE)
    extension_amount = models.DecimalField(
        _("Gia hạn thêm tối đa"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    maximum_amount = models.DecimalField(
        _("Tổng tối đa (kể cả gia hạn)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    scope = models.CharField(_("Phạm vi áp dụng"), max_length=100, blank=True)
    level = models.CharField(_("Cấp"), max_length=16, choices=Level.choices, blank=True)
    legal_document = models.ForeignKey(
        LegalDocument,
        verbose_name=_("Văn bản căn cứ"),
        on_delete=models.PROTECT,
        related_name="rules",
    )
    article = models.CharField(_("Điều, khoản"), max_length=100, blank=True)
    effective_from = models.DateField(_("Áp dụng từ"))
    effective_to = models.DateField(_("Áp dụng đến"), null=True, blank=True)
    confidence = models.CharField(_("Độ tin cậy"), max_length=1, choices=Confidence.choices)
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        verbose_name = _("quy định cấu hình")
        verbose_name_plural = _("quy định cấu hình")
        ordering = ["key", "scope", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "scope", "effective_from"],
                name="oversight_rule_unique_key_scope_from",
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values),
                name="oversight_rule_confidence_valid",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="oversight_rule_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(unit="none"),
                name="oversight_rule_amount_has_unit",
            ),
        ]
        indexes = [models.Index(fields=["key", "effective_from"])]

    def __str__(self) -> str:
        scope = f" ({self.scope})" if self.scope else ""
        return f"{self.key}{scope}: {self.value}"

    @property
    def is_unconfirmed(self) -> bool:
        """Shown as "chưa xác nhận": a default to verify with the customer (spec §16)."""
        return self.confidence != Confidence.CONFIRMED


class Holiday(models.Model):
    """A public holiday, skipped when counting working days."""

    date = models.DateField(_("Ngày"), unique=True)
    name = models.CharField(_("Tên ngày nghỉ"), max_length=200)

    class Meta:
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.name}"
