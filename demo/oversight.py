"""A year of inspection, supervision and discipline for the demo district (issue "oversight",
part 8), read from demo/data/oversight.yaml and written through the oversight services.

The data file says, per group of cases, how many cases there are, how many different Party
organisations and members they cover and how many of them come back in a second case; it never
gives a total. The statistics (oversight/statistics.py) count the records with the rules of spec
§13.4, and demo/tests/test_demo_oversight.py checks that they give the seed sentences back.

Party cells (chi bộ) are created under the commune Party committees of 2023 so that organisations
can be inspected and cells can decide discipline. Members' names are built from common family,
middle and given names: they are not real people.

Idempotent: the year's programme is looked up by its title; when it exists, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from oversight.models import CaseSubject, DisciplineDecision, OversightProgramme
from oversight.rules import load_rules
from oversight.services import cases as case_services
from oversight.services import denunciations as denunciation_services
from oversight.services import discipline as discipline_services
from oversight.services import letters as letter_services
from oversight.services import suspensions as suspension_services
from oversight.workflow.machines import DENUNCIATION
from units import services as unit_services
from units.models import Unit

if TYPE_CHECKING:
    from demo.services import DemoSummary

ACTOR = "demo"
DATA_FILE = Path(__file__).resolve().parent / "data" / "oversight.yaml"
PARTY_DISTRICT = "demo:party:d352"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Trịnh"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Ngọc"]
GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Lan", "Long",
    "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trung", "Tuấn", "Việt", "Yến",
]  # fmt: skip


def load_oversight_spec() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def names() -> Iterator[str]:
    """Distinct made-up names, always in the same order."""
    step = 0
    total = len(FAMILY) * len(MIDDLE) * len(GIVEN)
    while step < total:
        # A stride co-prime with the total spreads family names instead of listing them in turn.
        index = (step * 97) % total
        family, rest = divmod(index, len(MIDDLE) * len(GIVEN))
        middle, given = divmod(rest, len(GIVEN))
        yield f"{FAMILY[family]} {MIDDLE[middle]} {GIVEN[given]}"
        step += 1


def _valid_in(unit: Unit, year: int) -> bool:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (unit.valid_from is None or unit.valid_from <= start) and (
        unit.valid_to is None or unit.valid_to >= end
    )


def _commune_parties(district: Unit, year: int) -> list[Unit]:
    return [
        unit
        for unit in Unit.objects.filter(parent=district, kind=Unit.Kind.PARTY_COMMUNE).order_by(
            "name", "pk"
        )
        if _valid_in(unit, year)
    ]


def _ensure_cells(summary: DemoSummary, spec: dict[str, Any], communes: list[Unit]) -> list[Unit]:
    cells = []
    for commune in communes:
        for position, name in enumerate(spec["cell_names"][: spec["cells_per_commune"]], 1):
            key = f"{commune.key}:cell{position}"
            cell = Unit.objects.filter(key=key).first()
            if cell is None:
                summary.units_created += 1
                cell = unit_services.create_unit(
                    actor=ACTOR,
                    key=key,
                    is_demo=True,
                    kind=Unit.Kind.PARTY_SUB_CELL,
                    name=name,
                    parent=commune,
                    admin_unit=commune.admin_unit,
                    valid_from=commune.valid_from,
                    valid_to=commune.valid_to,
                )
            cells.append(cell)
    return cells


def build_oversight_demo(summary: DemoSummary) -> None:
    """The 2023 programme, cases with their subjects and conclusions, and discipline decisions."""
    load_rules(actor=ACTOR)  # the rules in force decide deadlines, limitation and authority
    spec = load_oversight_spec()
    year = spec["year"]
    district = Unit.objects.get(key=PARTY_DISTRICT)
    if OversightProgramme.objects.filter(
        unit=district, year=year, title=spec["programme"]["title"]
    ).exists():
        return
    communes = _commune_parties(district, year)
    cells = _ensure_cells(summary, spec, communes)
    organisations = communes + cells
    people = names()

    programme = case_services.create_programme(
        district, year, spec["programme"]["title"], actor=ACTOR
    )
    topics = {}
    for group in spec["groups"]:
        if group["mode"] == "chu_tri":
            topics[group["key"]] = case_services.add_topic(
                programme, group["title"], actor=ACTOR, type=group["type"]
            )
    case_services.approve_programme(programme, actor=ACTOR)

    for group in spec["groups"]:
        _build_group(group, district, topics.get(group["key"]), organisations, cells, people)
    _build_discipline(spec["discipline"], district, cells, people)
    build_intake_demo(district, cells, people)


ORGANISATION_CONTENT = ["nghi_quyet", "phap_luat", "quy_che", "can_bo", "tiet_kiem"]
MEMBER_CONTENT = ["tap_trung_dan_chu", "dao_duc_loi_song", "chuc_trach", "dieu_cam", "dat_dai"]


def _categories(codes: list[str], position: int) -> list[str]:
    first = codes[position % len(codes)]
    second = codes[(position + 2) % len(codes)]
    return [first] if position % 3 else [first, second]


def _spread(items: list[Any], buckets: int) -> list[list[Any]]:
    return [items[index::buckets] for index in range(buckets)]


def _with_repeats(buckets: list[list[Any]], repeats: int) -> list[list[Any]]:
    """The first subjects of some cases come back in the next case: "lượt" > subjects."""
    for index in range(repeats):
        buckets[(index + 1) % len(buckets)].append(buckets[index % len(buckets)][0])
    return buckets


def _build_group(
    group: dict[str, Any],
    district: Unit,
    topic: Any,
    organisations: list[Unit],
    cells: list[Unit],
    people: Iterator[str],
) -> None:
    count = group["cases"]
    committee = group.get("committee_members", 0)
    members = [
        (next(people), cells[(index * 7) % len(cells)], index < committee)
        for index in range(group["members"])
    ]
    org_buckets = _with_repeats(
        _spread(organisations[: group["organisations"]], count),
        group.get("repeat_organisations", 0),
    )
    member_buckets = _with_repeats(_spread(members, count), group.get("repeat_members", 0))
    if "organisation_type" in group:
        # Organisations and members on signs of violation are separate types (§3.2): one set of
        # cases for each.
        plan: list[tuple[str, list[Any], list[Any]]] = [
            (group["organisation_type"], bucket, []) for bucket in org_buckets
        ]
        plan += [(group["type"], [], bucket) for bucket in member_buckets]
    else:
        plan = [
            (group["type"], orgs, people_)
            for orgs, people_ in zip(org_buckets, member_buckets, strict=True)
        ]
    start: dt.date = group["start"]
    for number, (case_type, orgs, people_) in enumerate(plan):
        decided = start + dt.timedelta(days=14 * number)
        case = case_services.open_case(
            district,
            actor=ACTOR,
            title=f"{group['title']} (đợt {number + 1})",
            type=case_type,
            performer_kind=group["performer"],
            mode=group["mode"],
            topic=topic,
            decision_number=f"{number + 1:02d}-QĐ/HU" if group["mode"] == "chu_tri" else "",
            decided_on=decided,
            deadline=decided + dt.timedelta(days=60),
        )
        for step, action in enumerate(("chuan_bi", "cong_bo", "tien_hanh")):
            case = case_services.act(
                case, action, actor=ACTOR, on=decided + dt.timedelta(days=step)
            )
        # Content categories (§13.3) vary with the subject's position: one or two per subject.
        subjects = []
        for position, unit in enumerate(orgs):
            subjects.append(
                case_services.add_subject(
                    case,
                    actor=ACTOR,
                    subject_unit=unit,
                    content_categories=_categories(ORGANISATION_CONTENT, number + position),
                )
            )
        for position, (name, cell, is_committee_member) in enumerate(people_):
            subjects.append(
                case_services.add_subject(
                    case,
                    actor=ACTOR,
                    full_name=name,
                    party_cell=cell,
                    is_committee_member=is_committee_member,
                    content_categories=_categories(MEMBER_CONTENT, number + position),
                )
            )
        # On signs of violation every subject is found in violation; elsewhere none is.
        on_signs = case_type in ("kt_dhvp_tc", "kt_dhvp_dv")
        results = {subject.pk: (on_signs, False) for subject in subjects}
        concluded = decided + dt.timedelta(days=40)
        case = case_services.act(case, "trinh_ket_luan", actor=ACTOR, on=concluded)
        case_services.issue_conclusion(
            case,
            actor=ACTOR,
            issued_on=concluded,
            strengths="Các tổ chức đảng, đảng viên được kiểm tra, giám sát chấp hành tốt.",
            shortcomings="Một số nơi chậm cụ thể hóa chương trình của cấp trên.",
            subject_results=results,
        )
        case.refresh_from_db()
        case_services.act(case, "hoan_thanh", actor=ACTOR, on=concluded)


def _build_discipline(
    spec: dict[str, Any], district: Unit, cells: list[Unit], people: Iterator[str]
) -> None:
    day: dt.date = spec["first_decision"]
    rows = [("org", row) for row in spec["organisations"]] + [
        ("member", row) for row in spec["members"]
    ]
    position = 0
    for kind, row in rows:
        for _n in range(row["count"]):
            position += 1
            decided = day + dt.timedelta(days=position % 300)
            opened = decided - dt.timedelta(days=20)
            cell = cells[(position * 5) % len(cells)]
            deciding = cell if row["body"] == "chi_bo" else district
            subject: dict[str, Any]
            if kind == "org":
                subject = {"subject_unit": cell}
            else:
                subject = {
                    "full_name": next(people),
                    "party_cell": cell,
                    "member_status": "chinh_thuc",
                    "holds_post": bool(row.get("holds_post")),
                }
            opened_case = discipline_services.open_discipline_case(
                deciding,
                actor=ACTOR,
                violation_on=opened - dt.timedelta(days=60),
                opened_on=opened,
                prospective_form=row["form"],
                **subject,
            ).case
            for action in ("kiem_diem", "bieu_quyet"):
                discipline_services.act_on_discipline(opened_case, action, actor=ACTOR)
                opened_case.refresh_from_db()
            discipline_services.record_decision(
                opened_case,
                actor=ACTOR,
                form=row["form"],
                body_kind=row["body"],
                body_level=row["level"],
                decided_on=decided,
                announced_on=decided,
                decision_number=f"{position:03d}-QĐ/KL",
            )
            for action in ("ky_quyet_dinh", "cong_bo", "phat_sinh_hieu_luc"):
                discipline_services.act_on_discipline(opened_case, action, actor=ACTOR)
                opened_case.refresh_from_db()


def subject_count() -> int:
    """How many case subjects the demo wrote (for tests that compare two builds)."""
    return CaseSubject.objects.filter(case__unit__key=PARTY_DISTRICT).count()


def build_intake_demo(district: Unit, cells: list[Unit], people: Iterator[str]) -> None:
    """Letters of 2023 at the Huyện ủy: a named denunciation resolved and its denouncer
    notified, an anonymous one kept on file, feedback transferred to the commune's People's
    Committee, a complaint about a discipline decision upheld; a member suspended."""
    received = dt.date(2023, 3, 6)
    denunciation_letter = letter_services.receive_letter(
        district,
        actor=ACTOR,
        received_on=received,
        source="buu_dien",
        sender_kind="cong_dan",
        naming="co_ten",
        summary="Tố cáo đảng viên vi phạm quy định về quản lý đất đai ở thôn (minh họa).",
        sender_full_name=next(people),
        sender_address="Thôn Đông (địa chỉ minh họa)",
    )
    accused, cell = next(people), cells[3]
    denunciation_letter = letter_services.classify_letter(
        denunciation_letter,
        actor=ACTOR,
        kind="to_cao",
        competence="thuoc_tham_quyen",
        handling="phai_giai_quyet",
        competent_received_on=received,
        accused_name=accused,
        accused_party_cell=cell,
        accused_level="huyen",
        content_categories=["dat_dai"],
        deadline=received + dt.timedelta(days=90),
    )
    denunciation_letter = letter_services.assign_letter(
        denunciation_letter,
        actor=ACTOR,
        assigned_to="Ủy ban Kiểm tra Huyện ủy",
        deadline=received + dt.timedelta(days=90),
    )
    denunciation = denunciation_letter.denunciation
    for action in ("phan_loai", "thu_ly", "chuan_bi", "tien_hanh"):
        if DENUNCIATION.can(denunciation.state, action):
            denunciation = denunciation_services.act_on_denunciation(
                denunciation, action, actor=ACTOR, on=received + dt.timedelta(days=10)
            )
    denunciation = denunciation_services.conclude_denunciation(
        denunciation,
        actor=ACTOR,
        result="to_dung",
        concluded_on=dt.date(2023, 5, 15),
        has_violation=True,
        discipline_required=True,
    )
    denunciation = denunciation_services.notify_denouncer(
        denunciation, actor=ACTOR, notified_on=dt.date(2023, 5, 22)
    )
    denunciation_services.act_on_denunciation(
        denunciation, "dong", actor=ACTOR, on=dt.date(2023, 5, 22)
    )
    denunciation_letter.refresh_from_db()
    letter_services.answer_letter(
        denunciation_letter,
        actor=ACTOR,
        answered_on=dt.date(2023, 5, 22),
        result="Đã thông báo kết quả giải quyết tố cáo cho người tố cáo.",
    )

    anonymous = letter_services.receive_letter(
        district,
        actor=ACTOR,
        received_on=dt.date(2023, 4, 10),
        source="buu_dien",
        sender_kind="cong_dan",
        naming="giau_ten",
        summary="Đơn giấu tên phản ánh chung chung về cán bộ xã (minh họa).",
    )
    anonymous = letter_services.classify_letter(
        anonymous, actor=ACTOR, kind="to_cao", competence="thuoc_tham_quyen"
    )
    letter_services.file_letter(anonymous, actor=ACTOR, note="Đơn giấu tên, lưu theo quy định.")

    feedback = letter_services.receive_letter(
        district,
        actor=ACTOR,
        received_on=dt.date(2023, 7, 3),
        source="tiep_dan",
        sender_kind="cong_dan",
        naming="co_ten",
        summary="Phản ánh việc chậm sửa chữa đường giao thông nội đồng (minh họa).",
        sender_full_name=next(people),
    )
    feedback = letter_services.classify_letter(
        feedback,
        actor=ACTOR,
        kind="phan_anh",
        competence="khong_thuoc_tham_quyen",
        handling="chuyen_theo_tham_quyen",
    )
    letter_services.transfer_letter(
        feedback, actor=ACTOR, transferred_to="Ủy ban nhân dân xã (minh họa)"
    )

    decision = (
        DisciplineDecision.objects.filter(
            discipline_case__unit__in=cells, form="canh_cao", decided_on__year=2023
        )
        .order_by("decided_on", "pk")
        .first()
    )
    if decision is not None:
        filed = (decision.announced_on or decision.decided_on) + dt.timedelta(days=10)
        complaint = discipline_services.file_complaint(
            decision, actor=ACTOR, filed_on=filed, content="hinh_thuc_ky_luat"
        )
        for action in ("kiem_tra_dieu_kien", "thu_ly", "tien_hanh"):
            complaint = discipline_services.act_on_complaint(complaint, action, actor=ACTOR)
        complaint = discipline_services.decide_complaint(
            complaint,
            actor=ACTOR,
            result="giu_nguyen",
            outcome="Giữ nguyên hình thức cảnh cáo (minh họa).",
            decided_on=filed + dt.timedelta(days=45),
        )
        for action in ("cong_bo", "ket_thuc"):
            complaint = discipline_services.act_on_complaint(complaint, action, actor=ACTOR)

    suspension_services.open_suspension(
        district,
        actor=ACTOR,
        kind="sinh_hoat_dang",
        started_on=dt.date(2023, 9, 4),
        reason="Đảng viên bị khởi tố, tạm giam (minh họa).",
        full_name=next(people),
        party_cell=cells[9],
        decision_number="12-QĐ/HU",
    )
