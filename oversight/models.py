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


# --- Chương trình, cuộc kiểm tra, giám sát — spec §3.1–§3.7 ----------------------------------


class SubjectKind(models.TextChoices):
    """Who performs an inspection or supervision (spec §3.1)."""

    CAP_UY = "cap_uy", _("Cấp ủy (ban chấp hành)")
    BAN_THUONG_VU = "ban_thuong_vu", _("Ban thường vụ cấp ủy")
    THUONG_TRUC = "thuong_truc", _("Thường trực cấp ủy")
    CHI_BO = "chi_bo", _("Chi bộ")
    DANG_UY_BO_PHAN = "dang_uy_bo_phan", _("Đảng ủy bộ phận")
    UBKT = "ubkt", _("Ủy ban kiểm tra")
    CO_QUAN_THAM_MUU = "co_quan_tham_muu", _("Cơ quan tham mưu, giúp việc cấp ủy")


class OversightType(models.TextChoices):
    """Type of an inspection or supervision (spec §3.2); denunciations and complaints are §6, §7."""

    KT_CHAP_HANH = "kt_chap_hanh", _("Kiểm tra việc chấp hành")
    KT_DHVP_TC = "kt_dhvp_tc", _("Kiểm tra tổ chức đảng khi có dấu hiệu vi phạm")
    KT_DHVP_DV = "kt_dhvp_dv", _("Kiểm tra đảng viên khi có dấu hiệu vi phạm")
    KT_THUC_HIEN_NV_KTGS = (
        "kt_thuc_hien_nv_ktgs",
        _("Kiểm tra thực hiện nhiệm vụ kiểm tra, giám sát"),
    )
    KT_THI_HANH_KY_LUAT = "kt_thi_hanh_ky_luat", _("Kiểm tra việc thi hành kỷ luật trong Đảng")
    KT_TAI_CHINH = "kt_tai_chinh", _("Kiểm tra tài chính đảng")
    KT_KE_KHAI_TAI_SAN = "kt_ke_khai_tai_san", _("Kiểm tra việc kê khai tài sản, thu nhập")
    GS_THUONG_XUYEN = "gs_thuong_xuyen", _("Giám sát thường xuyên")
    GS_CHUYEN_DE = "gs_chuyen_de", _("Giám sát chuyên đề")


SUPERVISION_TYPES = frozenset({OversightType.GS_THUONG_XUYEN, OversightType.GS_CHUYEN_DE})


class MemberContent(models.TextChoices):
    """Content categories for members in the statistical tables (spec §13.3, 2016 form headings)."""

    TAP_TRUNG_DAN_CHU = (
        "tap_trung_dan_chu",
        _("Chấp hành nguyên tắc tập trung dân chủ, quy chế làm việc, chế độ công tác"),
    )
    DAO_DUC_LOI_SONG = "dao_duc_loi_song", _("Giữ gìn phẩm chất đạo đức, lối sống")
    DOAN_KET = "doan_ket", _("Giữ gìn đoàn kết nội bộ")
    CHUC_TRACH = "chuc_trach", _("Thực hiện chức trách, nhiệm vụ được giao")
    DIEU_CAM = "dieu_cam", _("Những điều đảng viên không được làm")
    DAN_SO = "dan_so", _("Chính sách dân số – kế hoạch hóa gia đình")
    THAM_NHUNG = "tham_nhung", _("Tham nhũng, cố ý làm trái")
    THIEU_TRACH_NHIEM = "thieu_trach_nhiem", _("Thiếu trách nhiệm, buông lỏng lãnh đạo")
    DAT_DAI = "dat_dai", _("Đất đai, tài nguyên, khoáng sản")
    TAI_CHINH = "tai_chinh", _("Tài chính, ngân hàng, đầu tư, xây dựng cơ bản")
    KE_KHAI_TAI_SAN = "ke_khai_tai_san", _("Kê khai tài sản, thu nhập")
    KHAC = "khac", _("Khác")


class OrganisationContent(models.TextChoices):
    """Content categories for Party organisations in the statistical tables (spec §13.3)."""

    NGHI_QUYET = "nghi_quyet", _("Chấp hành nghị quyết, chỉ thị, quy định, kết luận của Đảng")
    PHAP_LUAT = "phap_luat", _("Chấp hành chính sách, pháp luật của Nhà nước")
    QUY_CHE = "quy_che", _("Quy chế làm việc, nguyên tắc tập trung dân chủ, đoàn kết nội bộ")
    CAN_BO = "can_bo", _("Công tác cán bộ")
    TIET_KIEM = "tiet_kiem", _("Thực hành tiết kiệm, chống lãng phí")
    KHIEU_NAI_TO_CAO = "khieu_nai_to_cao", _("Giải quyết khiếu nại, tố cáo")
    KHAC = "khac", _("Khác")


class ManagementLevel(models.TextChoices):
    """Level of the committee managing an accused or disciplined person (spec §8 counting)."""

    TW = "tw", _("Trung ương quản lý")
    TINH = "tinh", _("Tỉnh ủy và tương đương quản lý")
    HUYEN = "huyen", _("Huyện ủy và tương đương quản lý (trước 01/7/2025)")
    XA = "xa", _("Đảng ủy xã, phường, đặc khu quản lý")
    CO_SO = "co_so", _("Cơ sở quản lý")


class FinanceSubject(models.TextChoices):
    """Sub-types of a Party finance inspection (spec §3.2 KT_TAI_CHINH; tables 11, 12)."""

    DANG_PHI = "dang_phi", _("Thu, nộp, quản lý và sử dụng đảng phí")
    TAI_CHINH_NGAN_SACH = "tai_chinh_ngan_sach", _("Tài chính, ngân sách, sản xuất kinh doanh")


class OversightProgramme(models.Model):
    """The annual inspection and supervision programme of a Party organisation (spec §3.3)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPROVED = "approved", _("Đã phê duyệt")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng"),
        on_delete=models.PROTECT,
        related_name="oversight_programmes",
    )
    year = models.PositiveSmallIntegerField(_("Năm"))
    title = models.CharField(_("Tên chương trình"), max_length=400)
    status = models.CharField(
        _("Tình trạng"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_on = models.DateField(_("Ngày phê duyệt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("chương trình kiểm tra, giám sát")
        verbose_name_plural = _("chương trình kiểm tra, giám sát")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "title"],
                name="oversight_programme_unique_title",
                violation_error_message=_("Đơn vị đã có chương trình cùng tên trong năm này."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "approved"]),
                name="oversight_programme_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ProgrammeTopic(models.Model):
    """A planned topic (chuyên đề) of a programme, with its planned subjects and time (§3.3)."""

    programme = models.ForeignKey(
        OversightProgramme,
        verbose_name=_("Chương trình"),
        on_delete=models.CASCADE,
        related_name="topics",
    )
    content = models.CharField(_("Nội dung chuyên đề"), max_length=500)
    type = models.CharField(_("Loại"), max_length=24, choices=OversightType.choices, blank=True)
    planned_subjects = models.TextField(_("Đối tượng dự kiến"), blank=True)
    planned_quarter = models.PositiveSmallIntegerField(_("Quý dự kiến"), null=True, blank=True)
    planned_month = models.PositiveSmallIntegerField(_("Tháng dự kiến"), null=True, blank=True)

    class Meta:
        verbose_name = _("chuyên đề kiểm tra, giám sát")
        verbose_name_plural = _("chuyên đề kiểm tra, giám sát")
        ordering = ["programme", "planned_quarter", "planned_month", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_quarter__isnull=True)
                | Q(planned_quarter__gte=1, planned_quarter__lte=4),
                name="oversight_topic_quarter_valid",
            ),
            models.CheckConstraint(
                condition=Q(planned_month__isnull=True)
                | Q(planned_month__gte=1, planned_month__lte=12),
                name="oversight_topic_month_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.content

    def get_unit(self) -> models.Model:
        return self.programme.unit


class OversightCase(models.Model):
    """One inspection or supervision (cuộc kiểm tra / cuộc giám sát), spec §3.4–§3.5.

    `state` holds a state code of `oversight_machine(is_supervision)`; only the services move it.
    """

    Type = OversightType
    SubjectKind = SubjectKind

    class Mode(models.TextChoices):
        CHU_TRI = "chu_tri", _("Tự tiến hành")
        CHI_DAO = "chi_dao", _("Chỉ đạo cấp dưới tiến hành")
        PHOI_HOP = "phoi_hop", _("Phối hợp với cấp trên")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng tiến hành"),
        on_delete=models.PROTECT,
        related_name="oversight_cases",
    )
    programme = models.ForeignKey(
        OversightProgramme,
        verbose_name=_("Chương trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    topic = models.ForeignKey(
        ProgrammeTopic,
        verbose_name=_("Chuyên đề"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    title = models.CharField(_("Nội dung"), max_length=500)
    type = models.CharField(_("Loại"), max_length=24, choices=OversightType.choices)
    performer_kind = models.CharField(_("Chủ thể"), max_length=20, choices=SubjectKind.choices)
    mode = models.CharField(_("Vai trò"), max_length=10, choices=Mode.choices, default=Mode.CHU_TRI)
    finance_subject = models.CharField(
        _("Nội dung kiểm tra tài chính"), max_length=24, choices=FinanceSubject.choices, blank=True
    )
    state = models.CharField(_("Trạng thái"), max_length=30)
    decision_number = models.CharField(_("Số quyết định"), max_length=60, blank=True)
    decided_on = models.DateField(_("Ngày quyết định"), null=True, blank=True)
    started_on = models.DateField(_("Ngày bắt đầu"), null=True, blank=True)
    deadline = models.DateField(_("Thời hạn"))
    concluded_on = models.DateField(_("Ngày kết luận"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("cuộc kiểm tra, giám sát")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=OversightType.values), name="oversight_case_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(performer_kind__in=SubjectKind.values),
                name="oversight_case_performer_valid",
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True) | Q(deadline__gte=F("decided_on")),
                name="oversight_case_deadline_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.title}"

    @property
    def is_supervision(self) -> bool:
        return self.type in SUPERVISION_TYPES


class CaseSubject(models.Model):
    """Who is inspected or supervised: a Party organisation, or a member (minimal data, §3.4)."""

    case = models.ForeignKey(
        OversightCase, verbose_name=_("Cuộc"), on_delete=models.CASCADE, related_name="subjects"
    )
    subject_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("Họ và tên đảng viên"), max_length=150, blank=True)
    party_cell = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Sinh hoạt tại chi bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_committee_member = models.BooleanField(_("Là cấp ủy viên"), default=False)
    party_card_number = models.CharField(_("Số thẻ đảng viên"), max_length=20, blank=True)
    content_categories = models.JSONField(_("Nội dung"), default=list, blank=True)
    has_violation = models.BooleanField(_("Kết luận có vi phạm"), default=False)
    discipline_required = models.BooleanField(_("Phải thi hành kỷ luật"), default=False)

    class Meta:
        verbose_name = _("đối tượng kiểm tra, giám sát")
        verbose_name_plural = _("đối tượng kiểm tra, giám sát")
        ordering = ["case", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject_unit__isnull=False) & Q(full_name=""))
                | (Q(subject_unit__isnull=True) & ~Q(full_name="")),
                name="oversight_subject_unit_xor_member",
                violation_error_message=_(
                    "Đối tượng là một tổ chức đảng hoặc một đảng viên, không phải cả hai."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.subject_unit) if self.subject_unit_id else self.full_name

    @property
    def is_organisation(self) -> bool:
        return self.subject_unit_id is not None

    @property
    def identity_key(self) -> tuple[str, object]:
        """Who the subject is, for counting distinct subjects (spec §13.4)."""
        return subject_identity(
            self.subject_unit_id, self.full_name, self.party_cell_id, self.party_card_number
        )

    def get_unit(self) -> models.Model:
        return self.case.unit


def subject_identity(
    subject_unit_id: int | None, full_name: str, party_cell_id: int | None, card: str = ""
) -> tuple[str, object]:
    """An organisation by its unit; a member by card number, else by name and Party cell."""
    if subject_unit_id is not None:
        return ("to_chuc", subject_unit_id)
    if card.strip():
        return ("the", card.strip())
    return ("ten", (" ".join(full_name.split()).casefold(), party_cell_id))


class CaseDocument(models.Model):
    """A document of one step of a case: decision, plan, reports, minutes, conclusion (§3.5).

    Confidential like the case: served only through the oversight views, which audit each read.
    """

    class Step(models.TextChoices):
        CHUAN_BI = "chuan_bi", _("Bước chuẩn bị")
        TIEN_HANH = "tien_hanh", _("Bước tiến hành")
        KET_THUC = "ket_thuc", _("Bước kết thúc")

    class Kind(models.TextChoices):
        QUYET_DINH = "quyet_dinh", _("Quyết định")
        KE_HOACH = "ke_hoach", _("Kế hoạch")
        DE_CUONG = "de_cuong", _("Đề cương gợi ý báo cáo")
        BAO_CAO_TU_KIEM_TRA = "bao_cao_tu_kiem_tra", _("Báo cáo tự kiểm tra, giải trình")
        BIEN_BAN = "bien_ban", _("Biên bản")
        BAO_CAO_KET_QUA = "bao_cao_ket_qua", _("Báo cáo kết quả")
        THONG_BAO_KET_LUAN = "thong_bao_ket_luan", _("Thông báo kết luận")
        KHAC = "khac", _("Tài liệu khác")

    case = models.ForeignKey(
        "OversightCase", verbose_name=_("Cuộc"), on_delete=models.CASCADE, related_name="documents"
    )
    step = models.CharField(_("Bước"), max_length=10, choices=Step.choices)
    kind = models.CharField(_("Loại tài liệu"), max_length=24, choices=Kind.choices)
    number = models.CharField(_("Số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("Ngày"), null=True, blank=True)
    title = models.CharField(_("Trích yếu"), max_length=300)
    file = models.FileField(_("Tệp"), upload_to="oversight/%Y/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu cuộc kiểm tra, giám sát")
        verbose_name_plural = _("tài liệu cuộc kiểm tra, giám sát")
        ordering = ["case", "step", "issued_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_unit(self) -> models.Model:
        return self.case.unit


class Conclusion(models.Model):
    """The conclusion (kết luận / thông báo kết luận) of a case, spec §3.6."""

    case = models.OneToOneField(
        OversightCase, verbose_name=_("Cuộc"), on_delete=models.CASCADE, related_name="conclusion"
    )
    strengths = models.TextField(_("Ưu điểm"), blank=True)
    shortcomings = models.TextField(_("Hạn chế, khuyết điểm"), blank=True)
    violations = models.TextField(_("Vi phạm"), blank=True)
    violation_categories = models.JSONField(_("Nội dung vi phạm"), default=list, blank=True)
    discipline_required = models.BooleanField(_("Phải thi hành kỷ luật"), default=False)
    issued_on = models.DateField(_("Ngày kết luận"))

    class Meta:
        verbose_name = _("kết luận kiểm tra, giám sát")
        verbose_name_plural = _("kết luận kiểm tra, giám sát")

    def __str__(self) -> str:
        return f"Kết luận {self.case} ({self.issued_on:%d/%m/%Y})"

    def get_unit(self) -> models.Model:
        return self.case.unit


class Recommendation(models.Model):
    """A recommendation or remedy required after a case, followed up to verification (§3.7).

    Overdue is computed from the deadline and the day (deadlines.deadline_status), never stored.
    """

    case = models.ForeignKey(
        OversightCase,
        verbose_name=_("Cuộc"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    text = models.TextField(_("Nội dung kiến nghị"))
    owner_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="oversight_recommendations",
    )
    deadline = models.DateField(_("Thời hạn"))
    state = models.CharField(_("Trạng thái"), max_length=30)
    closed_on = models.DateField(_("Ngày xác nhận hoàn thành"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("kiến nghị sau kiểm tra, giám sát")
        verbose_name_plural = _("kiến nghị sau kiểm tra, giám sát")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def get_unit(self) -> models.Model:
        return self.case.unit


# --- Thi hành kỷ luật, khiếu nại kỷ luật — spec §5, §7 ----------------------------------------


class DisciplineForm(models.TextChoices):
    """Forms of Party discipline (spec §5.1); organisations and members have different ones."""

    KHIEN_TRACH = "khien_trach", _("Khiển trách")
    CANH_CAO = "canh_cao", _("Cảnh cáo")
    CACH_CHUC = "cach_chuc", _("Cách chức")
    KHAI_TRU = "khai_tru", _("Khai trừ")
    GIAI_TAN = "giai_tan", _("Giải tán")


class MemberStatus(models.TextChoices):
    """Full or probationary member (spec §2.3); probationary members have fewer forms (§5.1)."""

    CHINH_THUC = "chinh_thuc", _("Đảng viên chính thức")
    DU_BI = "du_bi", _("Đảng viên dự bị")


ORGANISATION_FORMS = ("khien_trach", "canh_cao", "giai_tan")
MEMBER_FORMS = ("khien_trach", "canh_cao", "cach_chuc", "khai_tru")


class DisciplineCase(models.Model):
    """A discipline case of an organisation or a member (spec §5.4); `state` of DISCIPLINE_CASE."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng xem xét"),
        on_delete=models.PROTECT,
        related_name="discipline_cases",
    )
    case = models.ForeignKey(
        OversightCase,
        verbose_name=_("Cuộc kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discipline_cases",
    )
    subject_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng vi phạm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("Họ và tên đảng viên"), max_length=150, blank=True)
    party_cell = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Sinh hoạt tại chi bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_card_number = models.CharField(_("Số thẻ đảng viên"), max_length=20, blank=True)
    member_status = models.CharField(
        _("Loại đảng viên"), max_length=12, choices=MemberStatus.choices, blank=True
    )
    holds_post = models.BooleanField(_("Đang giữ chức vụ"), default=False)
    is_committee_member = models.BooleanField(_("Là cấp ủy viên"), default=False)
    managed_by_higher = models.BooleanField(_("Cán bộ thuộc diện cấp trên quản lý"), default=False)
    case_subject = models.ForeignKey(
        CaseSubject,
        verbose_name=_("Đối tượng của cuộc kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discipline_cases",
    )
    denunciation = models.ForeignKey(
        "Denunciation",
        verbose_name=_("Từ vụ tố cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discipline_cases",
    )
    violation_on = models.DateField(_("Ngày vi phạm"))
    violation_categories = models.JSONField(_("Nội dung vi phạm"), default=list, blank=True)
    article_violated = models.CharField(
        _("Điều, khoản vi phạm (69-QĐ/TW)"), max_length=100, blank=True
    )
    opened_on = models.DateField(_("Ngày xem xét"))
    state = models.CharField(_("Trạng thái"), max_length=30)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("vụ thi hành kỷ luật")
        verbose_name_plural = _("vụ thi hành kỷ luật")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject_unit__isnull=False) & Q(full_name=""))
                | (Q(subject_unit__isnull=True) & ~Q(full_name="")),
                name="oversight_discipline_unit_xor_member",
                violation_error_message=_(
                    "Đối tượng là một tổ chức đảng hoặc một đảng viên, không phải cả hai."
                ),
            ),
            models.CheckConstraint(
                condition=Q(opened_on__gte=F("violation_on")),
                name="oversight_discipline_opened_after_violation",
            ),
        ]

    def __str__(self) -> str:
        return str(self.subject_unit) if self.subject_unit_id else self.full_name

    @property
    def is_organisation(self) -> bool:
        return self.subject_unit_id is not None

    def get_unit(self) -> models.Model:
        return self.unit


class DisciplineDecision(models.Model):
    """The discipline decision of a case (spec §5.1, §5.3, §5.7); `expires_on` is computed."""

    Form = DisciplineForm

    class BodyKind(models.TextChoices):
        CAP_UY = "cap_uy", _("Cấp ủy (ban chấp hành)")
        BAN_THUONG_VU = "ban_thuong_vu", _("Ban thường vụ cấp ủy")
        UBKT = "ubkt", _("Ủy ban kiểm tra")
        CHI_BO = "chi_bo", _("Chi bộ")
        DANG_UY_CO_SO = "dang_uy_co_so", _("Đảng ủy cơ sở")
        TRUNG_UONG = "trung_uong", _("Ban Chấp hành, Bộ Chính trị, Ban Bí thư Trung ương")

    discipline_case = models.OneToOneField(
        DisciplineCase,
        verbose_name=_("Vụ kỷ luật"),
        on_delete=models.CASCADE,
        related_name="decision",
    )
    form = models.CharField(_("Hình thức kỷ luật"), max_length=16, choices=DisciplineForm.choices)
    body_kind = models.CharField(_("Cơ quan quyết định"), max_length=20, choices=BodyKind.choices)
    body_level = models.CharField(
        _("Cấp của cơ quan quyết định"), max_length=16, choices=Rule.Level.choices, blank=True
    )
    authority_rule = models.ForeignKey(
        Rule,
        verbose_name=_("Quy định thẩm quyền áp dụng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_number = models.CharField(_("Số quyết định"), max_length=60, blank=True)
    decided_on = models.DateField(_("Ngày quyết định"))
    announced_on = models.DateField(_("Ngày công bố"), null=True, blank=True)
    expires_on = models.DateField(_("Hết hiệu lực sau ngày"), null=True, blank=True)
    authority_note = models.TextField(_("Ghi chú thẩm quyền"), blank=True)

    class Meta:
        verbose_name = _("quyết định kỷ luật")
        verbose_name_plural = _("quyết định kỷ luật")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(form__in=DisciplineForm.values), name="oversight_decision_form_valid"
            ),
            models.CheckConstraint(
                condition=Q(announced_on__isnull=True) | Q(announced_on__gte=F("decided_on")),
                name="oversight_decision_announced_after_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.discipline_case}"

    def get_unit(self) -> models.Model:
        return self.discipline_case.unit


class ComplaintResult(models.TextChoices):
    """Outcome of a complaint about discipline (spec §7, reporting forms)."""

    GIU_NGUYEN = "giu_nguyen", _("Giữ nguyên hình thức kỷ luật")
    TANG = "tang", _("Thay đổi: tăng hình thức kỷ luật")
    GIAM = "giam", _("Thay đổi: giảm hình thức kỷ luật")
    XOA = "xoa", _("Thay đổi: xóa hình thức kỷ luật")


class ComplaintChangeReason(models.TextChoices):
    VAN_DUNG = (
        "van_dung_phuong_huong_phuong_cham",
        _("Do vận dụng phương hướng, phương châm thi hành kỷ luật"),
    )
    THAM_TRA = "tham_tra_xac_minh", _("Do thẩm tra, xác minh lại")
    KHAC = "khac", _("Lý do khác")


class ComplaintContent(models.TextChoices):
    NOI_DUNG_VI_PHAM = "noi_dung_vi_pham", _("Về nội dung vi phạm")
    HINH_THUC = "hinh_thuc_ky_luat", _("Về hình thức kỷ luật")
    THU_TUC = (
        "nguyen_tac_thu_tuc_quy_trinh_tham_quyen",
        _("Về nguyên tắc, thủ tục, quy trình, thẩm quyền"),
    )


class DisciplineComplaint(models.Model):
    """A complaint about a discipline decision (spec §7); `state` of DISCIPLINE_COMPLAINT."""

    decision = models.ForeignKey(
        DisciplineDecision,
        verbose_name=_("Quyết định kỷ luật"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    letter = models.ForeignKey(
        "Letter",
        verbose_name=_("Đơn khiếu nại"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discipline_complaints",
    )
    round = models.PositiveSmallIntegerField(_("Lần giải quyết"), default=1)
    content = models.CharField(
        _("Nội dung khiếu nại"), max_length=40, choices=ComplaintContent.choices, blank=True
    )
    filed_on = models.DateField(_("Ngày nhận đơn"))
    state = models.CharField(_("Trạng thái"), max_length=30)
    deadline = models.DateField(_("Thời hạn giải quyết"), null=True, blank=True)
    result = models.CharField(
        _("Kết quả"), max_length=12, choices=ComplaintResult.choices, blank=True
    )
    change_reason = models.CharField(
        _("Lý do thay đổi"), max_length=40, choices=ComplaintChangeReason.choices, blank=True
    )
    not_accepted_reason = models.TextField(_("Lý do không thụ lý"), blank=True)
    outcome = models.TextField(_("Kết quả giải quyết"), blank=True)
    decided_on = models.DateField(_("Ngày giải quyết"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("khiếu nại kỷ luật đảng")
        verbose_name_plural = _("khiếu nại kỷ luật đảng")
        ordering = ["-filed_on", "-pk"]

    def __str__(self) -> str:
        return f"Khiếu nại {self.decision} ({self.filed_on:%d/%m/%Y})"

    def get_unit(self) -> models.Model:
        return self.decision.discipline_case.unit


class DisciplineDeferral(models.Model):
    """A period during which a member's case is not considered (chưa xem xét kỷ luật, §5.6)."""

    class Reason(models.TextChoices):
        MANG_THAI = "mang_thai", _("Đang mang thai")
        NUOI_CON_NHO = "nuoi_con_nho", _("Đang nuôi con dưới 12 tháng tuổi")
        OM_NANG = "om_nang", _("Đang ốm nặng, điều trị nội trú")
        KHAC = "khac", _("Lý do khác theo quy định")

    discipline_case = models.ForeignKey(
        DisciplineCase,
        verbose_name=_("Vụ kỷ luật"),
        on_delete=models.CASCADE,
        related_name="deferrals",
    )
    reason = models.CharField(_("Lý do"), max_length=16, choices=Reason.choices)
    started_on = models.DateField(_("Từ ngày"))
    ended_on = models.DateField(_("Đến ngày"), null=True, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thời gian chưa xem xét kỷ luật")
        verbose_name_plural = _("thời gian chưa xem xét kỷ luật")
        ordering = ["discipline_case", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="oversight_deferral_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.started_on:%d/%m/%Y})"

    def get_unit(self) -> models.Model:
        return self.discipline_case.unit


class Suspension(models.Model):
    """Đình chỉ sinh hoạt đảng, sinh hoạt cấp ủy or hoạt động (spec §5.8).

    `ends_on` comes from `dinh_chi.thoi_han` (members) or `dinh_chi.to_chuc` (organisations) in
    force on the start date; an extension moves it, never beyond the rule's maximum.
    """

    class Kind(models.TextChoices):
        SINH_HOAT_DANG = "sinh_hoat_dang", _("Đình chỉ sinh hoạt đảng")
        SINH_HOAT_CAP_UY = "sinh_hoat_cap_uy", _("Đình chỉ sinh hoạt cấp ủy")
        HOAT_DONG = "hoat_dong", _("Đình chỉ hoạt động (tổ chức đảng)")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng quyết định"),
        on_delete=models.PROTECT,
        related_name="suspensions",
    )
    discipline_case = models.ForeignKey(
        DisciplineCase,
        verbose_name=_("Vụ kỷ luật"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suspensions",
    )
    kind = models.CharField(_("Hình thức đình chỉ"), max_length=20, choices=Kind.choices)
    subject_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng bị đình chỉ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("Họ và tên đảng viên"), max_length=150, blank=True)
    party_cell = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Sinh hoạt tại chi bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("Lý do"))
    decision_number = models.CharField(_("Số quyết định"), max_length=60, blank=True)
    started_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"))
    is_extended = models.BooleanField(_("Đã gia hạn"), default=False)
    lifted_on = models.DateField(_("Ngày chấm dứt đình chỉ"), null=True, blank=True)
    rule = models.ForeignKey(
        Rule,
        verbose_name=_("Quy định áp dụng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("đình chỉ")
        verbose_name_plural = _("đình chỉ")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject_unit__isnull=False) & Q(full_name=""))
                | (Q(subject_unit__isnull=True) & ~Q(full_name="")),
                name="oversight_suspension_unit_xor_member",
                violation_error_message=_(
                    "Đối tượng là một tổ chức đảng hoặc một đảng viên, không phải cả hai."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("started_on")),
                name="oversight_suspension_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        who = str(self.subject_unit) if self.subject_unit_id else self.full_name
        return f"{self.get_kind_display()}: {who}"

    def get_unit(self) -> models.Model:
        return self.unit


# --- Đơn, thư và tố cáo — spec §6, §8 ----------------------------------------------------------


class LetterKind(models.TextChoices):
    """Classification of a letter (spec §8 LetterKind)."""

    KHIEU_NAI_KY_LUAT = "khieu_nai_ky_luat_dang", _("Khiếu nại kỷ luật đảng")
    TO_CAO = "to_cao", _("Tố cáo tổ chức đảng, đảng viên")
    KIEN_NGHI = "kien_nghi", _("Kiến nghị")
    PHAN_ANH = "phan_anh", _("Phản ánh")
    KHIEU_NAI_HANH_CHINH = "khieu_nai_hanh_chinh", _("Khiếu nại hành chính")
    TO_CAO_HANH_CHINH = "to_cao_hanh_chinh", _("Tố cáo hành chính")
    TRUNG_LAP = "trung_lap", _("Đơn trùng lặp")
    KHONG_DU_DIEU_KIEN = "khong_du_dieu_kien", _("Đơn không đủ điều kiện xử lý")


class Letter(models.Model):
    """A letter (đơn, thư) received by a Party organisation (spec §8); `state` of LETTER.

    The sender's name and address are kept apart in `LetterSender`, readable only with
    `accounts.view_denouncer_identity`; every read of them is audited.
    """

    Kind = LetterKind

    class Source(models.TextChoices):
        TRUC_TIEP = "truc_tiep", _("Nhận trực tiếp")
        BUU_DIEN = "buu_dien", _("Qua bưu điện")
        CHUYEN_DEN = "chuyen_den", _("Cơ quan, tổ chức chuyển đến")
        TIEP_DAN = "tiep_dan", _("Qua tiếp công dân")
        CAP_TREN = "cap_tren", _("Cấp trên chuyển")

    class SenderKind(models.TextChoices):
        CONG_DAN = "cong_dan", _("Công dân")
        DANG_VIEN = "dang_vien", _("Đảng viên")
        TO_CHUC_DANG = "to_chuc_dang", _("Tổ chức đảng")
        CO_QUAN = "co_quan", _("Cơ quan, tổ chức")

    class Naming(models.TextChoices):
        CO_TEN = "co_ten", _("Có tên")
        GIAU_TEN = "giau_ten", _("Giấu tên")
        MAO_TEN = "mao_ten", _("Mạo tên")

    class Competence(models.TextChoices):
        THUOC = "thuoc_tham_quyen", _("Thuộc thẩm quyền")
        KHONG_THUOC = "khong_thuoc_tham_quyen", _("Không thuộc thẩm quyền")

    class Handling(models.TextChoices):
        PHAI_GIAI_QUYET = "phai_giai_quyet", _("Phải giải quyết")
        GIAU_TEN = "khong_phai_giai_quyet_giau_ten", _("Không phải giải quyết (giấu tên)")
        MAO_TEN = "khong_phai_giai_quyet_mao_ten", _("Không phải giải quyết (mạo tên)")
        CHUYEN = "chuyen_theo_tham_quyen", _("Chuyển theo thẩm quyền")
        HUONG_DAN = "huong_dan_tra_don", _("Hướng dẫn, trả đơn")
        LUU = "luu", _("Lưu đơn")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    number = models.CharField(_("Số vào sổ"), max_length=30, blank=True)
    received_on = models.DateField(_("Ngày nhận"))
    source = models.CharField(_("Nguồn đơn"), max_length=12, choices=Source.choices)
    sender_kind = models.CharField(_("Người gửi là"), max_length=14, choices=SenderKind.choices)
    naming = models.CharField(_("Danh tính"), max_length=10, choices=Naming.choices)
    kind = models.CharField(_("Loại đơn"), max_length=24, choices=LetterKind.choices, blank=True)
    competence = models.CharField(
        _("Thẩm quyền"), max_length=24, choices=Competence.choices, blank=True
    )
    handling = models.CharField(
        _("Hướng xử lý"), max_length=32, choices=Handling.choices, blank=True
    )
    summary = models.TextField(_("Tóm tắt nội dung"))
    content_categories = models.JSONField(_("Nội dung"), default=list, blank=True)
    accused_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng bị tố cáo, phản ánh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accused_name = models.CharField(_("Đảng viên bị tố cáo, phản ánh"), max_length=150, blank=True)
    accused_level = models.CharField(
        _("Cấp quản lý người bị tố cáo"), max_length=8, choices=ManagementLevel.choices, blank=True
    )
    state = models.CharField(_("Trạng thái"), max_length=20)
    deadline = models.DateField(_("Hạn xử lý"), null=True, blank=True)
    transferred_to = models.CharField(_("Chuyển đến"), max_length=300, blank=True)
    assigned_to = models.CharField(_("Giao cho"), max_length=300, blank=True)
    answered_on = models.DateField(_("Ngày trả lời, thông báo"), null=True, blank=True)
    result = models.TextField(_("Kết quả"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("đơn, thư")
        verbose_name_plural = _("đơn, thư")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(naming__in=["co_ten", "giau_ten", "mao_ten"]),
                name="oversight_letter_naming_valid",
            ),
        ]

    def __str__(self) -> str:
        label = self.number or f"#{self.pk}"
        return f"Đơn {label} ({self.received_on:%d/%m/%Y})"

    def get_unit(self) -> models.Model:
        return self.unit


class LetterSender(models.Model):
    """Who sent a letter: kept apart from the letter, read only by the few the rules allow (§6).

    Read through `oversight.services.letters.read_sender`, which writes an audit row each time.
    """

    letter = models.OneToOneField(
        Letter, verbose_name=_("Đơn, thư"), on_delete=models.CASCADE, related_name="sender"
    )
    full_name = models.CharField(_("Họ và tên người gửi"), max_length=150)
    address = models.CharField(_("Địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=30, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        verbose_name = _("danh tính người gửi đơn")
        verbose_name_plural = _("danh tính người gửi đơn")

    def __str__(self) -> str:
        return f"Người gửi đơn #{self.letter_id}"

    def get_unit(self) -> models.Model:
        return self.letter.unit


class Denunciation(models.Model):
    """A denunciation against a Party organisation or member (spec §6); `state` of DENUNCIATION.

    The denouncer is the sender of `letter` (LetterSender), never copied here.
    """

    class Result(models.TextChoices):
        DUNG = "to_dung", _("Tố đúng, đúng một phần")
        SAI = "to_sai", _("Tố sai")
        CHUA_CO_CO_SO = "chua_co_co_so_ket_luan", _("Chưa có cơ sở kết luận")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng giải quyết"),
        on_delete=models.PROTECT,
        related_name="denunciations",
    )
    letter = models.OneToOneField(
        Letter, verbose_name=_("Đơn tố cáo"), on_delete=models.PROTECT, related_name="denunciation"
    )
    received_on = models.DateField(_("Ngày tổ chức có thẩm quyền nhận"))
    accused_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Tổ chức đảng bị tố cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accused_name = models.CharField(_("Đảng viên bị tố cáo"), max_length=150, blank=True)
    accused_party_cell = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Sinh hoạt tại chi bộ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accused_is_committee_member = models.BooleanField(_("Là cấp ủy viên"), default=False)
    accused_level = models.CharField(
        _("Cấp quản lý"), max_length=8, choices=ManagementLevel.choices, blank=True
    )
    content_categories = models.JSONField(_("Nội dung tố cáo"), default=list, blank=True)
    summary = models.TextField(_("Nội dung"))
    related_to_congress = models.BooleanField(_("Liên quan đến đại hội"), default=False)
    state = models.CharField(_("Trạng thái"), max_length=30)
    deadline = models.DateField(_("Thời hạn giải quyết"), null=True, blank=True)
    extended = models.BooleanField(_("Đã gia hạn"), default=False)
    rejection_reason = models.TextField(_("Lý do không thụ lý, chuyển"), blank=True)
    result = models.CharField(_("Kết quả"), max_length=24, choices=Result.choices, blank=True)
    has_violation = models.BooleanField(_("Có vi phạm"), default=False)
    discipline_required = models.BooleanField(_("Phải thi hành kỷ luật"), default=False)
    concluded_on = models.DateField(_("Ngày kết luận"), null=True, blank=True)
    notified_on = models.DateField(_("Ngày thông báo người tố cáo"), null=True, blank=True)
    closed_on = models.DateField(_("Ngày đóng hồ sơ"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("vụ tố cáo")
        verbose_name_plural = _("vụ tố cáo")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(accused_unit__isnull=False) & Q(accused_name=""))
                | (Q(accused_unit__isnull=True) & ~Q(accused_name="")),
                name="oversight_denunciation_unit_xor_member",
                violation_error_message=_(
                    "Người bị tố cáo là một tổ chức đảng hoặc một đảng viên, không phải cả hai."
                ),
            ),
        ]

    def __str__(self) -> str:
        who = str(self.accused_unit) if self.accused_unit_id else self.accused_name
        return f"Tố cáo đối với {who} ({self.received_on:%d/%m/%Y})"

    @property
    def is_organisation(self) -> bool:
        return self.accused_unit_id is not None

    def get_unit(self) -> models.Model:
        return self.unit
