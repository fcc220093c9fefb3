"""xlsx sheets of the reception screens, built from the same queries as the pages.

No export carries citizens' personal data: visitors' and petitioners' names, addresses and phones
live apart and are shown only on the audited reveal pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from common.xlsx import Sheet
from petitions.models import CitizenMatter, Dialogue, ReceptionSession
from petitions.queries import ObligationTable, ReceptionStatistics, notice_status


def sessions_sheet(sessions: Iterable[ReceptionSession], notes: list[str]) -> Sheet:
    return Sheet(
        title=_("Phiên tiếp dân"),
        notes=notes,
        header=[
            _("Ngày tiếp dân"),
            _("Cấp ủy"),
            _("Người chủ trì"),
            _("Tư cách chủ trì"),
            _("Hình thức"),
            _("Địa điểm"),
            _("Số lượt người được tiếp"),
            _("Số vụ việc tiếp nhận"),
            _("Ghi chú"),
        ],
        rows=[
            [
                s.held_on,
                s.unit.name,
                s.host_name,
                s.get_host_role_display(),
                s.get_kind_display(),
                s.place,
                s.visitor_count,
                getattr(s, "matter_count", 0),
                s.note,
            ]
            for s in sessions
        ],
        widths=[14, 30, 26, 22, 12, 30, 14, 14, 30],
    )


def matters_sheet(matters: Iterable[CitizenMatter], notes: list[str], today: dt.date) -> Sheet:
    rows = []
    for m in matters:
        notice = notice_status(m, today)
        rows.append(
            [
                m.received_on,
                m.unit.name,
                m.get_kind_display(),
                m.summary,
                m.session.held_on if m.session else None,
                m.get_state_display(),
                m.routed_to,
                m.routed_on,
                m.deadline,
                m.notice_due_on,
                m.notified_on,
                notice.label,
                m.answered_on,
                m.result,
            ]
        )
    return Sheet(
        title=_("Vụ việc"),
        notes=notes,
        header=[
            _("Ngày tiếp nhận"),
            _("Cấp ủy tiếp nhận"),
            _("Loại vụ việc"),
            _("Tóm tắt nội dung"),
            _("Phiên tiếp dân"),
            _("Trạng thái"),
            _("Chuyển, giao cho"),
            _("Ngày chuyển"),
            _("Hạn giải quyết"),
            _("Hạn thông báo bằng văn bản"),
            _("Ngày thông báo"),
            _("Thông báo"),
            _("Ngày trả lời"),
            _("Kết quả giải quyết"),
        ],
        rows=rows,
        widths=[14, 28, 12, 40, 14, 20, 24, 14, 14, 14, 14, 16, 14, 30],
    )


def dialogues_sheet(dialogues: Iterable[Dialogue], notes: list[str]) -> Sheet:
    return Sheet(
        title=_("Đối thoại"),
        notes=notes,
        header=[
            _("Ngày đối thoại"),
            _("Cấp ủy"),
            _("Chủ đề"),
            _("Người chủ trì"),
            _("Hình thức"),
            _("Số người tham dự"),
            _("Nội dung tiếp thu, cam kết"),
        ],
        rows=[
            [
                d.held_on,
                d.unit.name,
                d.topic,
                d.host,
                d.get_kind_display(),
                d.participant_count,
                d.commitments,
            ]
            for d in dialogues
        ],
        widths=[14, 30, 40, 28, 12, 14, 40],
    )


def obligation_sheet(table: ObligationTable) -> Sheet:
    rows = []
    for row in table.rows:
        for cell in row.months:
            rows.append(
                [
                    row.unit.name,
                    f"{cell.month:02d}/{cell.year}",
                    cell.required_days if cell.rule is not None else None,
                    cell.held_days,
                    cell.shortfall if cell.is_judged else None,
                    cell.label,
                    cell.basis,
                ]
            )
    return Sheet(
        title=_("Nghĩa vụ tiếp dân %(year)s") % {"year": table.year},
        notes=[
            _("Tính đến ngày %(day)s. Tháng chưa kết thúc chưa bị đánh giá.")
            % {"day": f"{table.today:%d/%m/%Y}"},
            _(
                "Số ngày đã tiếp là số ngày tiếp dân định kỳ khác nhau trong tháng, kể cả ngày do "
                "người được ủy quyền chủ trì; tiếp dân đột xuất không tính."
            ),
        ],
        header=[
            _("Cấp ủy"),
            _("Tháng"),
            _("Số ngày phải tiếp"),
            _("Số ngày đã tiếp"),
            _("Số ngày thiếu"),
            _("Đánh giá"),
            _("Căn cứ"),
        ],
        rows=rows,
        widths=[32, 10, 12, 12, 12, 30, 36],
    )


def statistics_sheet(stats: ReceptionStatistics) -> Sheet:
    current, previous = stats.period.label, stats.previous_period.label
    groups = (_("Cấp ủy"), _("Cấp ủy trực thuộc"), _("Tổng"))
    header = [_("Chỉ tiêu")]
    for group in groups:
        header += [
            f"{group}: {current}",
            f"{group}: {previous}",
            f"{group}: {_('Tăng (+), giảm (-)')}",
        ]
    return Sheet(
        title=_("Thống kê tiếp dân"),
        notes=[
            f"{stats.unit.name} — {current}",
            *stats.sentences,
            _(
                "Các chỉ tiêu về vụ việc tính trên các vụ việc tiếp nhận trong kỳ, theo tình trạng "
                "đến ngày %(day)s."
            )
            % {"day": f"{stats.today:%d/%m/%Y}"},
        ],
        header=header,
        rows=[[line.label, *line.own, *line.subordinates, *line.total] for line in stats.lines],
        widths=[34] + [14] * 9,
    )
