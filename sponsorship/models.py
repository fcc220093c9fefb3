from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Sponsorship(models.Model):
    """A Party organisation or agency sponsoring (đỡ đầu) a commune building new countryside.

    The sponsor is a unit of the Party tree when it is in the tree, otherwise a free-text
    agency name (a department or company outside the tree); exactly one of the two is set.
    """

    sponsor = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng đỡ đầu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsorships_given",
    )
    sponsor_name = models.CharField(
        _("Cơ quan, đơn vị đỡ đầu (ngoài danh mục)"), max_length=300, blank=True
    )
    commune = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Xã được đỡ đầu"),
        on_delete=models.PROTECT,
        related_name="sponsorships_received",
    )
    start_year = models.PositiveSmallIntegerField(_("Từ năm"))
    end_year = models.PositiveSmallIntegerField(_("Đến năm"), null=True, blank=True)
    # NTM criterion numbers the sponsor helps with, as strings: ["17", "2"].
    criteria_codes = models.JSONField(_("Tiêu chí giúp đỡ"), default=list, blank=True)
    commitments = models.TextField(_("Nội dung cam kết"), blank=True)
    results = models.TextField(_("Kết quả"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đỡ đầu")
        verbose_name_plural = _("đỡ đầu")
        ordering = ["commune__path", "start_year"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(sponsor__isnull=False) & Q(sponsor_name=""))
                | (Q(sponsor__isnull=True) & ~Q(sponsor_name="")),
                name="sponsorship_one_sponsor",
                violation_error_message=_(
                    "Chọn tổ chức đảng đỡ đầu hoặc ghi tên cơ quan đỡ đầu, không cả hai."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="sponsorship_end_after_start",
                violation_error_message=_("Năm kết thúc phải sau hoặc bằng năm bắt đầu."),
            ),
        ]
        indexes = [models.Index(fields=["start_year", "end_year"])]

    def __str__(self) -> str:
        return f"{self.sponsor_label} – {self.commune}"

    @property
    def sponsor_label(self) -> str:
        return self.sponsor.name if self.sponsor is not None else self.sponsor_name

    def is_active_in(self, year: int) -> bool:
        return self.start_year <= year and (self.end_year is None or year <= self.end_year)
