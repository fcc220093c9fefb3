from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MovementModel(models.Model):
    """A model (mô hình) built by a unit, such as a "Dân vận khéo" model, and its standing."""

    class Field(models.TextChoices):
        DAN_VAN_KHEO = "dan_van_kheo", _("Dân vận khéo")
        NTM = "ntm", _("Nông thôn mới")
        THON_THONG_MINH = "thon_thong_minh", _("Thôn thông minh")
        KHAC = "khac", _("Khác")

    class Status(models.TextChoices):
        DANG_DUY_TRI = "dang_duy_tri", _("Đang duy trì")
        DA_NHAN_RONG = "da_nhan_rong", _("Đã nhân rộng")
        NGUNG = "ngung", _("Ngừng hoạt động")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Đơn vị"),
        on_delete=models.PROTECT,
        related_name="movement_models",
    )
    name = models.CharField(_("Tên mô hình"), max_length=300)
    field = models.CharField(_("Lĩnh vực"), max_length=20, choices=Field.choices)
    recognised_year = models.PositiveSmallIntegerField(
        _("Năm được công nhận"), null=True, blank=True
    )
    recognised_by = models.CharField(_("Cấp, cơ quan công nhận"), max_length=200, blank=True)
    status = models.CharField(
        _("Tình trạng"), max_length=16, choices=Status.choices, default=Status.DANG_DUY_TRI
    )
    description = models.TextField(_("Mô tả"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mô hình")
        verbose_name_plural = _("mô hình")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="unique_movement_model_per_unit",
                violation_error_message=_("Đơn vị đã có mô hình cùng tên."),
            ),
            models.CheckConstraint(
                condition=Q(recognised_year__isnull=True) | Q(recognised_year__gte=1945),
                name="movement_model_recognised_year_plausible",
            ),
        ]
        indexes = [models.Index(fields=["field", "recognised_year"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.NGUNG
