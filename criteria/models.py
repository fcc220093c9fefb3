from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PublishedVersionError(Exception):
    """Raised when code tries to change a published criteria-set version."""


class CriteriaSet(models.Model):
    """A criteria set: national (from a decision) or a province's implementing set on top of one."""

    class Level(models.TextChoices):
        XA_NTM = "xa_ntm", _("Xã nông thôn mới")
        XA_NTM_NANG_CAO = "xa_ntm_nang_cao", _("Xã nông thôn mới nâng cao")
        XA_NTM_KIEU_MAU = "xa_ntm_kieu_mau", _("Xã nông thôn mới kiểu mẫu")
        HUYEN_NTM = "huyen_ntm", _("Huyện nông thôn mới")
        HUYEN_NTM_NANG_CAO = "huyen_ntm_nang_cao", _("Huyện nông thôn mới nâng cao")
        THI_XA_TP_HOAN_THANH = "thi_xa_tp_hoan_thanh", _("Thị xã, thành phố hoàn thành NTM")
        TINH_HOAN_THANH = "tinh_hoan_thanh", _("Tỉnh hoàn thành NTM")
        XA_NTM_HIEN_DAI = "xa_ntm_hien_dai", _("Xã nông thôn mới hiện đại")

    set_id = models.SlugField(_("Mã bộ tiêu chí"), max_length=80, unique=True)
    title = models.CharField(_("Tên bộ tiêu chí"), max_length=300)
    level = models.CharField(_("Cấp độ"), max_length=24, choices=Level.choices)
    unit_type = models.CharField(_("Áp dụng cho"), max_length=40)
    start_year = models.PositiveSmallIntegerField(_("Từ năm"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("Đến năm"), null=True, blank=True)
    base = models.ForeignKey(
        "self",
        verbose_name=_("Kế thừa bộ tiêu chí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="layers",
    )
    province = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tỉnh ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_illustrative = models.BooleanField(
        _("Ngưỡng minh họa"),
        default=False,
        help_text=_(
            "Bộ tiêu chí của bản demo: ngưỡng chỉ để minh họa, không phải số liệu chính thức."
        ),
    )
    source_file = models.CharField(_("Tệp nguồn"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bộ tiêu chí")
        verbose_name_plural = _("bộ tiêu chí")
        ordering = ["start_year", "level", "set_id"]

    def __str__(self) -> str:
        return self.title


class SetVersion(models.Model):
    """One version of a set. A published version never changes; editing makes a new draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã ban hành")

    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("Bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("Phiên bản"))
    status = models.CharField(_("Trạng thái"), max_length=10, choices=Status.choices)
    # The set as its data file states it (for a provincial layer: the layer only).
    content = models.JSONField(_("Nội dung"))
    # For a provincial layer: the version of the base set it was published against.
    base_version = models.ForeignKey(
        "self",
        verbose_name=_("Phiên bản bộ gốc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_hash = models.CharField(max_length=64)
    note = models.TextField(_("Ghi chú thay đổi"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("phiên bản bộ tiêu chí")
        verbose_name_plural = _("phiên bản bộ tiêu chí")
        ordering = ["criteria_set", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "number"], name="unique_set_version"),
            models.UniqueConstraint(
                fields=["criteria_set"],
                condition=Q(status="draft"),
                name="one_draft_per_set",
                violation_error_message=_("Bộ tiêu chí này đã có một bản dự thảo."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criteria_set.set_id} v{self.number} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = SetVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == SetVersion.Status.PUBLISHED:
                raise PublishedVersionError("A published criteria-set version never changes.")
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CommuneProfile(models.Model):
    """What the criteria need to know about a commune in a year beyond its region.

    The commune group (2026–2030) is assigned by the competent authority, not computed;
    flags switch thresholds (QĐ 318/QĐ-TTg: đặc biệt khó khăn and an toàn khu communes use
    the Trung du miền núi phía Bắc thresholds).
    """

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("Năm"))
    group = models.CharField(_("Nhóm xã"), max_length=4, blank=True)
    is_extremely_difficult = models.BooleanField(_("Xã đặc biệt khó khăn"), default=False)
    is_safe_zone_of_poor_district = models.BooleanField(
        _("Xã an toàn khu thuộc huyện nghèo"), default=False
    )

    class Meta:
        verbose_name = _("thông tin xã theo năm")
        verbose_name_plural = _("thông tin xã theo năm")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="unique_commune_profile")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def flags(self) -> frozenset[str]:
        found = set()
        if self.is_extremely_difficult:
            found.add("dac_biet_kho_khan")
        if self.is_safe_zone_of_poor_district:
            found.add("atk_huyen_ngheo")
        return frozenset(found)


class Assessment(models.Model):
    """The stored result of judging one unit's values for a year against one set version."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("Năm"))
    set_version = models.ForeignKey(
        SetVersion, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(_("Kết quả"), max_length=16)
    criteria_met = models.PositiveSmallIntegerField(_("Số tiêu chí đạt"))
    criteria_total = models.PositiveSmallIntegerField(_("Tổng số tiêu chí"))
    indicators_met = models.PositiveSmallIntegerField(_("Số chỉ tiêu đạt"))
    indicators_total = models.PositiveSmallIntegerField(_("Tổng số chỉ tiêu"))
    level = models.CharField(_("Mức đạt"), max_length=24, blank=True)
    # Per criterion: {number: status}; per indicator: {code: [status, threshold, gap]}.
    details = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kết quả đánh giá")
        verbose_name_plural = _("kết quả đánh giá")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "set_version"], name="unique_assessment"
            )
        ]
        indexes = [models.Index(fields=["year", "set_version"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.criteria_met}/{self.criteria_total}"


class Recognition(models.Model):
    """A decision recognising a commune at a level (công nhận đạt chuẩn)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="recognitions")
    level = models.CharField(_("Mức công nhận"), max_length=24, choices=CriteriaSet.Level.choices)
    decision_number = models.CharField(_("Số quyết định"), max_length=60)
    decided_on = models.DateField(_("Ngày quyết định"))
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=200, blank=True)
    set_version = models.ForeignKey(
        SetVersion,
        verbose_name=_("Theo bộ tiêu chí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-decided_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "level", "decision_number"], name="unique_recognition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.unit})"


class RoadmapEntry(models.Model):
    """A commune registered to reach a level in a year (đăng ký về đích)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="roadmap")
    level = models.CharField(_("Mức đăng ký"), max_length=24, choices=CriteriaSet.Level.choices)
    target_year = models.PositiveSmallIntegerField(_("Năm về đích"))
    registered_on = models.DateField(_("Ngày đăng ký"), null=True, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("đăng ký về đích")
        verbose_name_plural = _("đăng ký về đích")
        constraints = [
            models.UniqueConstraint(fields=["unit", "level"], name="unique_roadmap_entry")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.level} {self.target_year}"
