from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.rules.targets import Direction


class Document(models.Model):
    """A directive document registered by a unit (Nghị quyết, Chỉ thị, Kế hoạch …).

    Its number restarts per type within the issuing body's term (66-QĐ/TW; domain spec §12.2);
    the symbol is written "05-NQ/HU" and stored as typed parts so it can be counted by type.
    """

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    type_code = models.CharField(_("Thể loại"), max_length=8)
    number = models.PositiveIntegerField(_("Số"))
    issuer_code = models.CharField(_("Ký hiệu cơ quan"), max_length=20)
    term = models.CharField(_("Nhiệm kỳ"), max_length=9, help_text=_("Ví dụ 2020-2025"))
    issued_on = models.DateField(_("Ngày ban hành"))
    signer = models.CharField(_("Người ký"), max_length=150, blank=True)
    subject = models.CharField(_("Trích yếu"), max_length=500)
    file = models.FileField(_("Tệp văn bản"), upload_to="documents/%Y/", blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "type_code", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "term", "type_code", "number"],
                name="unique_document_number",
                violation_error_message=_(
                    "Số văn bản này đã được dùng cho cùng thể loại trong nhiệm kỳ."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"Số {self.symbol}: {self.subject}"

    @property
    def symbol(self) -> str:
        return f"{self.number:02d}-{self.type_code}/{self.issuer_code}"


class Plan(models.Model):
    """An action programme for a term, or an annual work programme / plan of a unit.

    A subordinate unit concretises (cụ thể hóa) a parent plan: its plan links to the parent.
    An approved plan's targets are binding; a change makes a new version.
    """

    class Kind(models.TextChoices):
        TERM_PROGRAMME = "term_programme", _("Chương trình hành động thực hiện Nghị quyết Đại hội")
        ANNUAL_PROGRAMME = "annual_programme", _("Chương trình công tác năm")
        PLAN = "plan", _("Kế hoạch")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPROVED = "approved", _("Đã phê duyệt")
        SUPERSEDED = "superseded", _("Đã thay thế bằng phiên bản mới")

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("Đơn vị"), on_delete=models.PROTECT, related_name="plans"
    )
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Tên"), max_length=400)
    start_year = models.PositiveSmallIntegerField(_("Từ năm"))
    end_year = models.PositiveSmallIntegerField(_("Đến năm"))
    goals = models.TextField(_("Mục tiêu"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Cụ thể hóa chương trình, kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concretisations",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("Văn bản ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    implements = models.ManyToManyField(
        Document, verbose_name=_("Thực hiện văn bản"), blank=True, related_name="implemented_by"
    )
    status = models.CharField(
        _("Trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    version_number = models.PositiveSmallIntegerField(_("Phiên bản"), default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("chương trình, kế hoạch")
        verbose_name_plural = _("chương trình, kế hoạch")
        ordering = ["-start_year", "unit__path", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=models.F("end_year")),
                name="plan_years_in_order",
                violation_error_message=_("Năm bắt đầu phải trước hoặc bằng năm kết thúc."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """A key task, breakthrough or solution written in a plan."""

    class Kind(models.TextChoices):
        KEY_TASK = "key_task", _("Nhiệm vụ trọng tâm")
        BREAKTHROUGH = "breakthrough", _("Khâu đột phá")
        SOLUTION = "solution", _("Giải pháp")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("Loại"), max_length=16, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("Thứ tự"), default=0)
    text = models.TextField(_("Nội dung"))

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("nội dung chương trình")
        ordering = ["plan", "kind", "order"]

    def __str__(self) -> str:
        return self.text[:80]


class Target(models.Model):
    """A target (chỉ tiêu) of a plan, grouped by area, with its direction and baseline."""

    class Group(models.TextChoices):
        PARTY_BUILDING = "party", _("Xây dựng Đảng và hệ thống chính trị")
        ECONOMY = "economy", _("Kinh tế")
        CULTURE_SOCIETY = "society", _("Văn hóa - xã hội")
        ENVIRONMENT = "environment", _("Môi trường")
        DEFENCE_SECURITY = "security", _("Quốc phòng - an ninh")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("Mã"), max_length=20)
    name = models.CharField(_("Tên chỉ tiêu"), max_length=400)
    group = models.CharField(_("Nhóm"), max_length=12, choices=Group.choices)
    unit_of_measure = models.CharField(_("Đơn vị tính"), max_length=60, blank=True)
    direction = models.CharField(
        _("Chiều đánh giá"),
        max_length=8,
        choices=[(d.value, d.label) for d in Direction],
        default=Direction.HIGHER_IS_BETTER.value,
    )
    baseline = models.DecimalField(
        _("Giá trị gốc"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("Năm gốc"), null=True, blank=True)
    parent_target = models.ForeignKey(
        "self",
        verbose_name=_("Chỉ tiêu cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    responsible = models.CharField(_("Cơ quan, người chịu trách nhiệm"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "group", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="unique_target_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class TargetPlanValue(models.Model):
    """The planned value (or range) of a target for a year."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="plan_values")
    year = models.PositiveSmallIntegerField(_("Năm"))
    value = models.DecimalField(_("Kế hoạch"), max_digits=18, decimal_places=4, null=True)
    low = models.DecimalField(_("Từ"), max_digits=18, decimal_places=4, null=True)
    high = models.DecimalField(_("Đến"), max_digits=18, decimal_places=4, null=True)

    class Meta:
        verbose_name = _("kế hoạch chỉ tiêu")
        verbose_name_plural = _("kế hoạch chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="unique_target_plan_year")
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.year}"


class TargetActual(models.Model):
    """What a target reached in a year, with where the figure comes from."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="actuals")
    year = models.PositiveSmallIntegerField(_("Năm"))
    value = models.DecimalField(_("Thực hiện"), max_digits=18, decimal_places=4)
    source = models.CharField(_("Nguồn số liệu"), max_length=300, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("kết quả thực hiện chỉ tiêu")
        verbose_name_plural = _("kết quả thực hiện chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["target", "year"], name="unique_target_actual_year")
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.year}: {self.value}"


class Task(models.Model):
    """A task from a plan, a directive document or an inspection conclusion, assigned to a
    unit (and a person) with a deadline; it may be split into subtasks for subordinate units."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
        DONE_LATE = "done_late", _("Hoàn thành quá hạn")
        OVERDUE = "overdue", _("Quá hạn")

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    assigned_by_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("Đơn vị giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_tasks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    title = models.CharField(_("Nhiệm vụ"), max_length=400)
    description = models.TextField(_("Nội dung"), blank=True)
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("Chương trình, kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    document = models.ForeignKey(
        Document,
        verbose_name=_("Văn bản giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    source_note = models.CharField(
        _("Nguồn khác (kết luận kiểm tra …)"), max_length=300, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Nhiệm vụ cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subtasks",
    )
    deadline = models.DateField(_("Thời hạn"))
    started_on = models.DateField(_("Ngày bắt đầu"), null=True, blank=True)
    completed_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    is_demo = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="task_progress_at_most_100",
                violation_error_message=_("Tiến độ không quá 100%."),
            )
        ]
        indexes = [models.Index(fields=["unit", "completed_on", "deadline"])]

    def __str__(self) -> str:
        return self.title


class TaskUpdate(models.Model):
    """A progress report on a task, with evidence."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(auto_now_add=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(_("Tiến độ (%)"))
    note = models.TextField(_("Nội dung báo cáo"))
    evidence = models.FileField(_("Minh chứng"), upload_to="tasks/%Y/", blank=True)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.task} {self.progress}%"


class Reminder(models.Model):
    """A reminder sent about a task, kept so that each is sent once, not on every page load."""

    class Kind(models.TextChoices):
        BEFORE_DEADLINE = "before", _("Sắp đến hạn")
        AFTER_DEADLINE = "after", _("Đã quá hạn")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    deadline = models.DateField()  # the deadline reminded of: a new deadline gets new reminders
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = _("nhắc việc")
        verbose_name_plural = _("nhắc việc")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "deadline"], name="one_reminder_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} ({self.get_kind_display()})"
