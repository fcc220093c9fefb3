from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The day the two-tier local government began (Hiến pháp sửa đổi 2025, Điều 110;
# Nghị quyết 202/2025/QH15): districts ended on 30/6/2025, 34 provinces and 3,321 communes from 1/7/2025.
REORGANISATION_ON = dt.date(2025, 7, 1)


class UnitQuerySet(models.QuerySet["Unit"]):
    def as_of(self, on: dt.date) -> UnitQuerySet:
        """Units that existed on the given day."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )

    def within(self, unit: Unit) -> UnitQuerySet:
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)


class Unit(models.Model):
    """An administrative unit or a Party organisation, valid over a span of dates.

    A unit never changes its parent: a reorganisation closes it (valid_to) and opens its
    successor, joined by a `Succession` link, so each date's tree stays as it was.
    """

    class Tree(models.TextChoices):
        ADMINISTRATIVE = "admin", _("Đơn vị hành chính")
        PARTY = "party", _("Tổ chức đảng")

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh")
        CENTRAL_CITY = "central_city", _("Thành phố trực thuộc trung ương")
        DISTRICT = "district", _("Huyện")
        URBAN_DISTRICT = "urban_district", _("Quận")
        DISTRICT_TOWN = "district_town", _("Thị xã")
        PROVINCIAL_CITY = "provincial_city", _("Thành phố thuộc tỉnh")
        COMMUNE = "commune", _("Xã")
        WARD = "ward", _("Phường")
        TOWNSHIP = "township", _("Thị trấn")
        SPECIAL_ZONE = "special_zone", _("Đặc khu")
        VILLAGE = "village", _("Thôn, tổ dân phố")
        PARTY_PROVINCE = "party_province", _("Đảng bộ tỉnh")
        PARTY_DISTRICT = "party_district", _("Đảng bộ huyện")
        # Đảng bộ Khối các cơ quan, Khối doanh nghiệp tỉnh: directly above grassroots organisations.
        PARTY_BLOC = "party_bloc", _("Đảng bộ khối")
        PARTY_COMMUNE = "party_commune", _("Đảng bộ xã, phường")
        PARTY_AGENCY = "party_agency", _("Đảng bộ cơ quan")
        PARTY_GRASSROOTS = "party_grassroots", _("Đảng bộ cơ sở")
        PARTY_CELL = "party_cell", _("Chi bộ cơ sở")
        PARTY_SUB_CELL = "party_sub_cell", _("Chi bộ trực thuộc")

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Cấp tỉnh")
        DISTRICT = 2, _("Cấp huyện")
        COMMUNE = 3, _("Cấp xã")
        VILLAGE = 4, _("Thôn, chi bộ")

    tree = models.CharField(_("Hệ thống"), max_length=8, choices=Tree.choices)
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("Cấp"), choices=Level.choices)
    key = models.CharField(
        _("Khóa nạp dữ liệu"),
        max_length=64,
        unique=True,
        help_text=_("Khóa ổn định dùng khi nạp lại danh mục, ví dụ 'w13504@2025-07-01'."),
    )
    code = models.CharField(_("Mã"), max_length=16, blank=True, db_index=True)
    name = models.CharField(_("Tên"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    valid_from = models.DateField(_("Hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    admin_unit = models.ForeignKey(
        "self",
        verbose_name=_("Đơn vị hành chính tương ứng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_organisations",
    )
    region = models.CharField(_("Vùng kinh tế - xã hội"), max_length=8, blank=True)
    source = models.CharField(_("Nguồn"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("Dữ liệu minh họa"), default=False)
    note = models.TextField(_("Ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_valid_from_before_valid_to",
                violation_error_message=_(
                    "Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực."
                ),
            ),
        ]
        indexes = [models.Index(fields=["tree", "level", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    def exists_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )

    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())


LEVEL_BY_KIND: dict[str, int] = {
    Unit.Kind.PROVINCE: Unit.Level.PROVINCE,
    Unit.Kind.CENTRAL_CITY: Unit.Level.PROVINCE,
    Unit.Kind.PARTY_PROVINCE: Unit.Level.PROVINCE,
    Unit.Kind.DISTRICT: Unit.Level.DISTRICT,
    Unit.Kind.URBAN_DISTRICT: Unit.Level.DISTRICT,
    Unit.Kind.DISTRICT_TOWN: Unit.Level.DISTRICT,
    Unit.Kind.PROVINCIAL_CITY: Unit.Level.DISTRICT,
    Unit.Kind.PARTY_DISTRICT: Unit.Level.DISTRICT,
    Unit.Kind.PARTY_BLOC: Unit.Level.DISTRICT,
    Unit.Kind.COMMUNE: Unit.Level.COMMUNE,
    Unit.Kind.WARD: Unit.Level.COMMUNE,
    Unit.Kind.TOWNSHIP: Unit.Level.COMMUNE,
    Unit.Kind.SPECIAL_ZONE: Unit.Level.COMMUNE,
    Unit.Kind.PARTY_COMMUNE: Unit.Level.COMMUNE,
    Unit.Kind.PARTY_AGENCY: Unit.Level.COMMUNE,
    Unit.Kind.PARTY_GRASSROOTS: Unit.Level.COMMUNE,
    Unit.Kind.VILLAGE: Unit.Level.VILLAGE,
    Unit.Kind.PARTY_CELL: Unit.Level.VILLAGE,
    Unit.Kind.PARTY_SUB_CELL: Unit.Level.VILLAGE,
}


def tree_of_kind(kind: str) -> str:
    """Party organisations' kinds start with 'party_'; all others are administrative."""
    return Unit.Tree.PARTY if kind.startswith("party_") else Unit.Tree.ADMINISTRATIVE


def path_segment(pk: int) -> str:
    """One materialised-path step: the id, zero-padded so that paths sort like the tree."""
    return f"{pk:08d}."


class Succession(models.Model):
    """One link of a reorganisation: the predecessor became (part of) the successor."""

    class Kind(models.TextChoices):
        MERGED_INTO = "merged", _("Sáp nhập vào")
        SPLIT_INTO = "split", _("Chia tách, một phần thành")
        RENAMED = "renamed", _("Đổi tên thành")
        REORGANISED = "reorganised", _("Sắp xếp lại, tiếp nối bởi")

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("Đơn vị cũ"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("Đơn vị kế tục"),
        on_delete=models.PROTECT,
        related_name="predecessor_links",
    )
    kind = models.CharField(_("Hình thức"), max_length=12, choices=Kind.choices)
    effective_on = models.DateField(_("Ngày hiệu lực"))
    basis = models.CharField(_("Căn cứ"), max_length=300, blank=True)
    is_confirmed = models.BooleanField(
        _("Đã đối chiếu văn bản"),
        default=False,
        help_text=_("Bỏ chọn khi liên kết được suy ra hoặc chỉ dùng để minh họa."),
    )
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        verbose_name = _("liên kết kế tục")
        verbose_name_plural = _("liên kết kế tục")
        ordering = ["effective_on", "predecessor__path"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="succession_not_self",
                violation_error_message=_("Đơn vị không thể kế tục chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"
