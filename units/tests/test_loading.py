"""Loading unit files and the national divisions: checks, paths, idempotence, history."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from units.loading import (
    UnitFileError,
    UnitRow,
    load_national_divisions,
    load_unit_files,
    load_units,
    read_units_csv,
)
from units.models import Succession, Unit

UNITS_HEADER = "key,tree,kind,code,name,parent_key,valid_from,valid_to,source\n"
LINKS_HEADER = "predecessor_key,successor_key,kind,effective_on,basis,is_confirmed,note\n"
SMALL_UNITS = UNITS_HEADER + (
    "p99,admin,province,99,Tỉnh Thử,,,,\n"
    "d991,admin,district,991,Huyện Một,p99,,30/06/2025,\n"
    "w99101,admin,commune,99101,Xã Một A,d991,,2025-06-30,\n"
    "w99102,admin,township,99102,Thị trấn Một,d991,,2025-06-30,\n"
    "w99201,admin,commune,99201,Xã Mới,p99,2025-07-01,,\n"
)
SMALL_LINKS = LINKS_HEADER + (
    "w99101,w99201,merged,2025-07-01,Nghị quyết thử,1,\n"
    "w99102,w99201,merged,01/07/2025,Nghị quyết thử,không,Ghi chú\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def counts() -> tuple[int, int, int]:
    return Unit.objects.count(), Succession.objects.count(), AuditEvent.objects.count()


@pytest.mark.django_db
def test_a_small_file_loads_with_paths_levels_and_links(tmp_path: Path) -> None:
    summary = load_unit_files(
        write(tmp_path, "units.csv", SMALL_UNITS),
        write(tmp_path, "links.csv", SMALL_LINKS),
        actor=None,
    )

    assert (summary.created, summary.updated, summary.unchanged) == (5, 0, 0)
    assert (summary.closed, summary.links) == (3, 2)
    province = Unit.objects.get(key="p99")
    district = Unit.objects.get(key="d991")
    commune = Unit.objects.get(key="w99101")
    assert province.path == f"{province.pk:08d}."
    assert district.path == f"{province.pk:08d}.{district.pk:08d}."
    assert commune.path == f"{district.path}{commune.pk:08d}."
    assert [province.level, district.level, commune.level] == [1, 2, 3]
    assert commune.valid_to == dt.date(2025, 6, 30) == district.valid_to
    assert Unit.objects.get(key="w99102").kind == Unit.Kind.TOWNSHIP
    assert set(Unit.objects.within(district).values_list("key", flat=True)) == {
        "d991",
        "w99101",
        "w99102",
    }
    link = Succession.objects.get(predecessor=commune)
    assert (link.successor.key, link.kind, link.is_confirmed) == ("w99201", "merged", True)
    event = AuditEvent.objects.get(action="units.loaded")
    assert event.data["created"] == 5
    assert event.data["source"] == "units.csv, links.csv"
    assert event.actor_name == "hệ thống"


@pytest.mark.django_db
def test_loading_the_same_file_twice_creates_and_updates_nothing(tmp_path: Path) -> None:
    units_file = write(tmp_path, "units.csv", SMALL_UNITS)
    links_file = write(tmp_path, "links.csv", SMALL_LINKS)
    load_unit_files(units_file, links_file, actor=None)
    paths = dict(Unit.objects.values_list("key", "path"))

    again = load_unit_files(units_file, links_file, actor=None)

    assert (again.created, again.updated, again.unchanged, again.closed, again.links) == (
        0,
        0,
        5,
        0,
        0,
    )
    assert dict(Unit.objects.values_list("key", "path")) == paths
    assert AuditEvent.objects.filter(action="units.loaded").count() == 2


@pytest.mark.django_db
def test_a_changed_row_updates_the_unit_and_closing_it_counts(tmp_path: Path) -> None:
    load_unit_files(write(tmp_path, "units.csv", SMALL_UNITS), actor=None)
    province = Unit.objects.get(key="p99")
    changed = SMALL_UNITS.replace("Tỉnh Thử,,,,", "Tỉnh Thử Lại,,,2025-06-30,")

    summary = load_unit_files(write(tmp_path, "units.csv", changed), actor=None)

    assert (summary.created, summary.updated, summary.unchanged, summary.closed) == (0, 1, 4, 1)
    province.refresh_from_db()
    assert (province.name, province.valid_to, province.version) == (
        "Tỉnh Thử Lại",
        dt.date(2025, 6, 30),
        2,
    )


@pytest.mark.django_db
def test_a_parent_stored_earlier_can_be_named_from_another_file(tmp_path: Path) -> None:
    load_unit_files(write(tmp_path, "units.csv", SMALL_UNITS), actor=None)
    villages = UNITS_HEADER + "v1,admin,village,,Thôn Đông,w99201,,,\n"

    load_unit_files(write(tmp_path, "villages.csv", villages), actor=None)

    village = Unit.objects.get(key="v1")
    assert village.path.startswith(Unit.objects.get(key="w99201").path)
    assert village.level == Unit.Level.VILLAGE


def _row(cells: str) -> str:
    return UNITS_HEADER + "p99,admin,province,99,Tỉnh Thử,,,,\n" + cells + "\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "key,tree,kind,name\np1,admin,province,Tỉnh A\n",
            "Tệp units.csv, dòng 1: thiếu cột 'code', 'parent_key', 'valid_from', 'valid_to', "
            "'source'.",
        ),
        (_row("d1,admin,district,1,,p99,,,"), "Tệp units.csv, dòng 3, cột 'name': không được"),
        (_row("d1,army,district,1,Huyện A,p99,,,"), "dòng 3, cột 'tree': hệ thống 'army'"),
        (
            _row("d1,admin,xyz,1,Huyện A,p99,,,"),
            "Tệp units.csv, dòng 3, cột 'kind': loại đơn vị 'xyz' không hợp lệ.",
        ),
        (_row("d1,admin,party_cell,1,Chi bộ A,p99,,,"), "dòng 3, cột 'kind': loại đơn vị"),
        (_row("p99,admin,province,99,Tỉnh Trùng,,,,"), "dòng 3, cột 'key': khóa 'p99' trùng"),
        (_row("d1,admin,district,1,Huyện A,p00,,,"), "dòng 3, cột 'parent_key': không tìm thấy"),
        (_row("d1,admin,district,1,Huyện A,p99,2025-13-01,,"), "dòng 3, cột 'valid_from'"),
        (_row("d1,admin,district,1,Huyện A,p99,1.7.2025,,"), "dòng 3, cột 'valid_from'"),
        (
            _row("d1,admin,district,1,Huyện A,p99,2025-07-01,30/06/2025,"),
            "dòng 3, cột 'valid_to': ngày hết hiệu lực 30/06/2025 trước",
        ),
        (_row("d1,admin,province,1,Tỉnh B,p99,,,"), "dòng 3, cột 'parent_key': đơn vị cấp trên"),
        ("", "Tệp units.csv: tệp trống"),
        (UNITS_HEADER, "Tệp units.csv: tệp không có dòng dữ liệu nào"),
    ],
    ids=[
        "missing-columns",
        "empty-name",
        "unknown-tree",
        "unknown-kind",
        "kind-of-other-tree",
        "duplicate-key",
        "unknown-parent",
        "impossible-date",
        "date-format",
        "dates-reversed",
        "parent-not-above",
        "empty-file",
        "header-only",
    ],
)
def test_a_bad_units_file_is_rejected_with_its_place_and_nothing_is_written(
    tmp_path: Path, content: str, expected: str
) -> None:
    before = counts()

    with pytest.raises(UnitFileError) as raised:
        load_unit_files(write(tmp_path, "units.csv", content), actor=None)

    assert any(expected in message for message in raised.value.errors), raised.value.errors
    assert counts() == before


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    # "ệ" as a one-byte Windows code page writes it: not valid UTF-8.
    content = _row("d1,admin,district,1,Huyện A,p99,,,").encode().replace("ệ".encode(), b"\xd2")
    path.write_bytes(content)

    with pytest.raises(UnitFileError) as raised:
        read_units_csv(path)

    assert "Tệp units.csv: tệp không phải văn bản UTF-8" in raised.value.errors[0]


@pytest.mark.django_db
def test_every_problem_of_both_files_is_listed_at_once(tmp_path: Path) -> None:
    units = _row("d1,admin,xyz,1,,p99,,,\nd2,admin,district,2,Huyện B,p99,99/99/2025,,")
    links = LINKS_HEADER + "d2,w00,merged,2025-07-01,,1,\nd2,w77,moved,hôm nay,,có lẽ,\n"
    before = counts()

    with pytest.raises(UnitFileError) as raised:
        load_unit_files(
            write(tmp_path, "units.csv", units), write(tmp_path, "links.csv", links), actor=None
        )

    assert raised.value.errors == [
        "Tệp units.csv, dòng 3, cột 'name': không được để trống.",
        "Tệp units.csv, dòng 3, cột 'kind': loại đơn vị 'xyz' không hợp lệ.",
        "Tệp units.csv, dòng 4, cột 'valid_from': ngày '99/99/2025' không có trong lịch.",
        "Tệp links.csv, dòng 3, cột 'kind': hình thức kế tục 'moved' không hợp lệ; "
        "dùng một trong merged, split, renamed, reorganised.",
        "Tệp links.csv, dòng 3, cột 'effective_on': ngày 'hôm nay' không đúng dạng "
        "YYYY-MM-DD hoặc dd/mm/yyyy.",
        "Tệp links.csv, dòng 3, cột 'is_confirmed': giá trị 'có lẽ' không hợp lệ; "
        "dùng 1 hoặc 0 (có / không).",
        "Tệp links.csv, dòng 3, cột 'successor_key': không tìm thấy đơn vị 'w77' trong tệp "
        "đơn vị hay trong cơ sở dữ liệu.",
        "Tệp links.csv, dòng 2, cột 'successor_key': không tìm thấy đơn vị 'w00' trong tệp "
        "đơn vị hay trong cơ sở dữ liệu.",
    ]
    assert counts() == before


@pytest.mark.django_db
def test_moving_a_unit_to_another_parent_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    load_unit_files(write(tmp_path, "units.csv", SMALL_UNITS), actor=None)
    moved = SMALL_UNITS.replace(
        "w99101,admin,commune,99101,Xã Một A,d991", "w99101,admin,commune,99101,Xã Một A,p99"
    )
    moved += "w99301,admin,commune,99301,Xã Khác,p99,2025-07-01,,\n"
    before = counts()

    with pytest.raises(UnitFileError) as raised:
        load_unit_files(write(tmp_path, "units.csv", moved), actor=None)

    [message] = raised.value.errors
    assert message.startswith(
        "Tệp units.csv, dòng 4, cột 'parent_key': đơn vị 'w99101' đã thuộc 'd991', "
        "không thể chuyển sang 'p99'."
    )
    assert "liên kết kế tục" in message
    assert counts() == before
    assert Unit.objects.get(key="w99101").parent == Unit.objects.get(key="d991")


@pytest.mark.django_db
def test_rows_built_in_code_are_checked_the_same_way() -> None:
    rows = [
        UnitRow(key="a", tree="admin", kind="district", name="A", parent_key="b"),
        UnitRow(key="b", tree="admin", kind="province", name="B", parent_key="a"),
    ]

    with pytest.raises(UnitFileError) as raised:
        load_units(rows, actor=None, source_label="thử")

    assert any("vòng" in message for message in raised.value.errors)
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_the_command_prints_one_summary_line_and_reports_errors(tmp_path: Path) -> None:
    out = StringIO()
    call_command("load_units", file=write(tmp_path, "units.csv", SMALL_UNITS), stdout=out)
    assert out.getvalue().startswith(
        "Đã nạp đơn vị: 5 mới, 0 cập nhật, 0 không đổi, 3 đóng lại, 0 liên kết kế tục ("
    )

    bad = write(tmp_path, "bad.csv", _row("d1,admin,xyz,1,Huyện A,p99,,,"))
    with pytest.raises(CommandError) as raised:
        call_command("load_units", file=bad)
    assert "Tệp bad.csv, dòng 3, cột 'kind': loại đơn vị 'xyz' không hợp lệ." in str(raised.value)


@pytest.mark.django_db
def test_national_divisions_load_both_lists_with_history_once() -> None:
    # The slow test of this module (about 3-5 s): it loads every unit of the country twice.
    first = load_national_divisions(actor=None)

    def count(on: dt.date, level: int) -> int:
        return Unit.objects.filter(tree="admin").as_of(on).filter(level=level).count()

    old, new = dt.date(2025, 1, 4), dt.date(2025, 7, 1)
    assert [count(new, 1), count(new, 2), count(new, 3)] == [34, 0, 3321]
    assert [count(old, 1), count(old, 2), count(old, 3)] == [63, 696, 10051]
    assert first.created == Unit.objects.count() == 63 + 696 + 10051 + 3321
    ha_nam = Unit.objects.get(key="p35")
    assert (ha_nam.name, ha_nam.valid_to, ha_nam.region) == (
        "Tỉnh Hà Nam",
        dt.date(2025, 6, 30),
        "DBSH",
    )
    merger = Succession.objects.get(predecessor=ha_nam)
    assert (merger.successor.key, merger.kind, merger.is_confirmed) == ("p37", "merged", False)
    assert merger.successor.name == "Tỉnh Ninh Bình" and merger.successor.valid_to is None
    binh_luc = Unit.objects.get(key="w13504@2025-07-01")
    assert binh_luc.name == "Xã Bình Lục" and binh_luc.parent == merger.successor
    [link] = Succession.objects.filter(successor=binh_luc)
    assert (link.predecessor.key, link.predecessor.name) == ("w13504@2025-01-04", "Xã Bình Nghĩa")
    district = Unit.objects.get(key="d352")
    assert link.predecessor.parent == district and district.name == "Huyện Bình Lục"
    assert link.predecessor.region == binh_luc.region == "DBSH"
    district_link = Succession.objects.get(predecessor=district)
    assert (district_link.successor, district_link.is_confirmed) == (merger.successor, True)

    second = load_national_divisions(actor=None)

    assert (second.created, second.updated, second.closed, second.links) == (0, 0, 0, 0)
    assert second.unchanged == first.created
    assert AuditEvent.objects.filter(action="units.loaded").count() == 2


@pytest.mark.django_db
def test_an_empty_date_in_a_file_keeps_a_date_known_from_elsewhere(tmp_path: Path) -> None:
    load_unit_files(write(tmp_path, "units.csv", SMALL_UNITS), actor=None)
    province = Unit.objects.get(key="p99")
    Unit.objects.filter(pk=province.pk).update(valid_from=dt.date(1997, 1, 1))
    load_unit_files(write(tmp_path, "units.csv", SMALL_UNITS), actor=None)
    assert Unit.objects.get(pk=province.pk).valid_from == dt.date(1997, 1, 1)
