"""The demo's programme, targets, documents and tasks give the seed report's sentences back
through the plans services (demo/plans.py, demo/data/plans.yaml)."""

from __future__ import annotations

from collections import Counter

from django.test import TestCase
from django.utils import timezone

from audit.models import AuditEvent
from common import formats
from common.periods import Period
from demo.plans import commune_party, load_plans_spec, programme_of
from demo.services import DemoSummary, build_demo
from plans.models import Document, Plan, PlanItem, Target, TargetActual, Task
from plans.queries.plans import cascade_status
from plans.queries.tasks import task_status
from plans.rules.targets import Assessment
from plans.services.documents import documents_count, documents_phrase
from plans.services.targets import describe_target, plan_summary, target_result
from units.models import Unit

# The seed report (Huyện ủy Bình Lục, 2021), in the words the services write.
SEED_SUMMARY = "17/17 chỉ tiêu đạt và vượt, trong đó 09 chỉ tiêu vượt"
SEED_INCOME = (
    "Thu nhập bình quân đầu người 55,61 triệu đồng, đạt 100,02% kế hoạch, "
    "tăng 5,09 triệu đồng so với năm 2020"
)
SEED_DOCUMENTS = (
    "ban hành 02 Nghị quyết, 03 Chỉ thị, 01 Kết luận, 02 Quy chế, 03 Quy định, "
    "06 Thông tri, 01 Kế hoạch, 01 Chương trình, 01 Báo cáo"
)

PLANS_ACTIONS = r"^(plan|plan_item|target|task|document)\."


def _state() -> dict[str, object]:
    """Everything the plans demo writes, to compare two builds."""
    return {
        "documents": list(Document.objects.order_by("pk").values_list("pk", "number")),
        "plans": list(Plan.objects.order_by("pk").values_list("pk", "status", "version")),
        "items": PlanItem.objects.count(),
        "targets": Target.objects.count(),
        "actuals": list(TargetActual.objects.order_by("pk").values_list("pk", "version")),
        "tasks": list(
            Task.objects.order_by("pk").values_list("pk", "progress", "completed_on", "version")
        ),
        "audit": AuditEvent.objects.filter(action__regex=PLANS_ACTIONS).count(),
    }


class PlansDemoTests(TestCase):
    first: DemoSummary
    second: DemoSummary
    before: dict[str, object]
    after: dict[str, object]
    programme: Plan
    party: Unit

    @classmethod
    def setUpTestData(cls) -> None:
        cls.first = build_demo()
        cls.before = _state()
        cls.second = build_demo()
        cls.after = _state()
        programme = programme_of()
        assert programme is not None
        cls.programme = programme
        cls.party = Unit.objects.get(key="demo:party:d352")

    def test_the_programme_is_approved_with_items_and_its_document(self) -> None:
        programme = self.programme
        self.assertEqual(programme.status, Plan.Status.APPROVED)
        self.assertEqual(programme.kind, Plan.Kind.TERM_PROGRAMME)
        self.assertEqual(programme.unit, self.party)
        self.assertTrue(programme.is_demo)
        self.assertEqual((programme.start_year, programme.end_year), (2020, 2025))
        kinds = Counter(programme.items.values_list("kind", flat=True))
        self.assertEqual(kinds[PlanItem.Kind.KEY_TASK], 4)
        self.assertEqual(kinds[PlanItem.Kind.SOLUTION], 7)
        self.assertGreaterEqual(kinds[PlanItem.Kind.BREAKTHROUGH], 2)
        assert programme.document is not None
        self.assertEqual(programme.document.type_code, "CTr")
        self.assertEqual(programme.document.symbol, "01-CTr/HU")
        groups = set(programme.targets.values_list("group", flat=True))
        self.assertGreaterEqual(len(groups), 3)

    def test_the_2021_summary_is_the_seed_sentence(self) -> None:
        summary, sentence = plan_summary(self.programme, 2021)
        self.assertEqual(sentence, SEED_SUMMARY)
        self.assertEqual((summary.total, summary.met_or_exceeded, summary.exceeded), (17, 17, 9))

    def test_the_income_target_is_the_seed_sentence(self) -> None:
        income = self.programme.targets.get(name="Thu nhập bình quân đầu người")
        self.assertEqual(income.unit_of_measure, "triệu đồng")
        self.assertEqual(describe_target(income, 2021), SEED_INCOME)
        self.assertEqual(target_result(income, 2021).assessment, Assessment.EXCEEDED)

    def test_the_other_seed_figures_come_back(self) -> None:
        # code: (% of plan and % change on 2020, with the places the seed prints them with)
        seed = {
            "T02": ("100,18%", 2, "4,01%"),
            "T03": ("101,4%", 1, None),
            "T04": ("103,6%", 1, "26,0%"),
            "T05": ("124,3%", 1, "39,7%"),
        }
        for code, (percent, places, growth) in seed.items():
            with self.subTest(code=code):
                result = target_result(self.programme.targets.get(code=code), 2021)
                self.assertEqual(result.assessment, Assessment.EXCEEDED)
                assert result.percent_of_plan is not None
                self.assertEqual(formats.percent(result.percent_of_plan, places), percent)
                if growth is not None:
                    actual, previous = result.figures.actual, result.figures.previous
                    assert actual is not None and previous is not None
                    self.assertEqual(formats.percent((actual / previous - 1) * 100, places), growth)

    def test_the_data_file_matches_what_was_built(self) -> None:
        spec = load_plans_spec()
        self.assertEqual(len(spec["targets"]), 17)
        self.assertEqual(self.programme.targets.count(), 17)
        self.assertEqual(TargetActual.objects.filter(target__plan=self.programme).count(), 34)

    def test_every_task_status_occurs(self) -> None:
        today = timezone.localdate()
        tasks = Task.objects.filter(unit__in=Unit.objects.within(self.party), is_demo=True)
        statuses = Counter(task_status(task, today) for task in tasks)
        self.assertEqual(set(statuses), set(Task.Status))
        top = Task.objects.filter(unit=self.party, parent__isnull=True, is_demo=True)
        self.assertEqual({task_status(task, today) for task in top}, set(Task.Status))
        self.assertFalse(Task.objects.filter(is_demo=False).exists())

    def test_tasks_are_split_for_two_commune_committees(self) -> None:
        subtasks = Task.objects.filter(parent__unit=self.party)
        self.assertEqual(
            {task.unit.key for task in subtasks},
            {commune_party("13543").key, commune_party("13531").key},
        )
        for task in subtasks:
            assert task.parent is not None
            self.assertLessEqual(task.deadline, task.parent.deadline)
            self.assertEqual(task.assigned_by_unit, self.party)

    def test_documents_of_several_types_and_the_counts_phrase(self) -> None:
        documents = Document.objects.filter(unit=self.party)
        self.assertTrue(all(document.is_demo for document in documents))
        self.assertTrue(all(document.issued_on.year == 2021 for document in documents))
        self.assertEqual({document.term for document in documents}, {"2020-2025"})
        self.assertEqual({document.issuer_code for document in documents}, {"HU"})
        counts = documents_count([self.party], Period("year", 2021).start, Period("year", 2021).end)
        self.assertGreaterEqual(len(counts), 5)
        self.assertEqual(
            (counts["NQ"], counts["CT"], counts["TT"], counts["QC"], counts["QĐ"]),
            (2, 3, 6, 2, 3),
        )
        self.assertEqual(documents_phrase([self.party], Period("year", 2021)), SEED_DOCUMENTS)
        numbers = sorted(documents.filter(type_code="TT").values_list("number", flat=True))
        self.assertEqual(numbers, [1, 2, 3, 4, 5, 6])

    def test_cascade_shows_concretised_and_not_concretised_communes(self) -> None:
        status = cascade_status(self.programme, year=2021)
        concretised = {row.unit.key: row.plan for row in status.concretised}
        self.assertEqual(set(concretised), {commune_party("13543").key, commune_party("13531").key})
        statuses = {plan.status for plan in concretised.values() if plan is not None}
        self.assertEqual(statuses, {Plan.Status.APPROVED, Plan.Status.DRAFT})
        self.assertGreater(len(status.not_concretised), 0)
        self.assertEqual(len(status.targets), 17)

    def test_a_second_build_creates_nothing(self) -> None:
        self.assertEqual(
            (
                self.first.documents_created,
                self.first.actuals_recorded,
                self.first.tasks_created,
            ),
            (20, 34, 11),
        )
        self.assertEqual(self.first.plans_created, 4)
        self.assertEqual(
            (
                self.second.documents_created,
                self.second.plans_created,
                self.second.actuals_recorded,
                self.second.tasks_created,
            ),
            (0, 0, 0, 0),
        )
        self.assertEqual(self.before, self.after)
