"""Report sentences in the phrasing of Party reports (spec party-oversight.md §13.5).

Counts below ten are zero-padded ("02 tổ chức đảng", `common.formats.count`); plain counts are
distinct subjects, and "lượt" is written only when a turn count is given.
"""

from __future__ import annotations

from common.formats import count
from oversight.models import MEMBER_FORMS, ORGANISATION_FORMS, DisciplineForm
from oversight.statistics.tables import DisciplineSummary, Headline, Pair

ORG = "tổ chức đảng"
MEMBER = "đảng viên"
FORM_WORDS = {code: str(label).lower() for code, label in DisciplineForm.choices}


def both(pair: Pair) -> str:
    """ "43 tổ chức đảng và 47 đảng viên" (distinct subjects)."""
    return f"{count(pair.organisations, ORG)} và {count(pair.members, MEMBER)}"


def both_turns(pair: Pair) -> str:
    """ "45 lượt tổ chức đảng và 50 lượt đảng viên" (case–subject pairs)."""
    return (
        f"{count(pair.organisation_turns, 'lượt ' + ORG)} và "
        f"{count(pair.member_turns, 'lượt ' + MEMBER)}"
    )


def _any(pair: Pair) -> bool:
    return bool(pair.organisations or pair.members)


def activity_sentence(headline: Headline) -> str:
    """ "Cấp ủy các cấp đã tiến hành kiểm tra đối với … ; phối hợp với cấp trên kiểm tra …."

    The clauses on directing (chỉ đạo) and joining (phối hợp) are left out when both of their
    counts are zero.
    """
    clauses = [
        f"Cấp ủy các cấp đã tiến hành kiểm tra đối với {both(headline.committee_inspection)}",
        f"giám sát đối với {both(headline.committee_supervision)}",
        "Ủy ban Kiểm tra các cấp đã tiến hành giám sát đối với "
        f"{both(headline.commission_supervision)}",
    ]
    if _any(headline.directed_signs_inspection):
        clauses.append(
            f"chỉ đạo kiểm tra {both(headline.directed_signs_inspection)} khi có dấu hiệu vi phạm"
        )
    if _any(headline.joined_inspection):
        clauses.append(f"phối hợp với cấp trên kiểm tra {both(headline.joined_inspection)}")
    return "; ".join(clauses) + "."


def signs_sentence(headline: Headline) -> str:
    """ "Ủy ban Kiểm tra các cấp đã kiểm tra 05 tổ chức đảng và 12 đảng viên khi có dấu hiệu
    vi phạm." (empty when there is none)."""
    pair = headline.commission_signs_inspection
    if not _any(pair):
        return ""
    return f"Ủy ban Kiểm tra các cấp đã kiểm tra {both(pair)} khi có dấu hiệu vi phạm."


def _forms(counts: dict[str, int], order: tuple[str, ...]) -> list[tuple[str, int]]:
    return [(FORM_WORDS[form], counts.get(form, 0)) for form in order if counts.get(form, 0)]


def discipline_sentence(summary: DisciplineSummary) -> str:
    """ "Thi hành kỷ luật 02 tổ chức đảng (khiển trách) và 183 đảng viên: khiển trách 142; cảnh
    cáo 18; cách chức 05; khai trừ 18." — forms with no decision are left out."""
    organisations = _forms(dict(summary.organisations), ORGANISATION_FORMS)
    members = _forms(dict(summary.members), MEMBER_FORMS)
    parts: list[str] = []
    if organisations:
        if len(organisations) == 1:
            detail = organisations[0][0]
        else:
            detail = ", ".join(f"{word} {count(n)}" for word, n in organisations)
        parts.append(f"{count(summary.organisation_total, ORG)} ({detail})")
    if members:
        detail = "; ".join(f"{word} {count(n)}" for word, n in members)
        parts.append(f"{count(summary.member_total, MEMBER)}: {detail}")
    if not parts:
        return "Không có tổ chức đảng, đảng viên bị thi hành kỷ luật."
    return "Thi hành kỷ luật " + " và ".join(parts) + "."


def report_sentences(headline: Headline) -> list[str]:
    """The activity and discipline sentences, then the inspections on signs of violation."""
    sentences = [activity_sentence(headline), discipline_sentence(headline.discipline)]
    signs = signs_sentence(headline)
    if signs:
        sentences.append(signs)
    return sentences
