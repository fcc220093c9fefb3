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
    violation_on = models.DateField(_("Ngày vi phạm"))
    violation_categories = models.JSONField(_("Nội dung vi phạm"), default=list, blank=True)
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


class DisciplineComplaint(models.Model):
    """A complaint about a discipline decision (spec §7); `state` of DISCIPLINE_COMPLAINT."""

    decision = models.ForeignKey(
        DisciplineDecision,
        verbose_name=_("Quyết định kỷ luật"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    filed_on = models.DateField(_("Ngày nhận đơn"))
    state = models.CharField(_("Trạng thái"), max_length=30)
    deadline = models.DateField(_("Thời hạn giải quyết"), null=True, blank=True)
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
