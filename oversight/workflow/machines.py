"""State machines of the oversight module, in plain Python (STYLE §3: no Django here).

A `StateMachine` only answers two questions: which actions are allowed in a state, and which
state an action leads to. Views and services keep the state on their models and call
`next_state` before saving; a refused step raises `TransitionError` with a Vietnamese message
that can be shown to the user as it is.

State and action codes follow docs/domain party-oversight.md; where the spec gives no name or
no transition, the choice is marked "[U] product choice".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType


class TransitionError(ValueError):
    """An action that the machine does not allow in the current state."""

    def __init__(
        self, machine: StateMachine, state: str, action: str, allowed: tuple[str, ...]
    ) -> None:
        self.machine_name = machine.name
        self.state = state
        self.action = action
        self.allowed = allowed
        action_label = machine.actions.get(action, action)
        if state not in machine.states:
            message = f"Trạng thái “{state}” không thuộc quy trình “{machine.label}”."
            if action:
                message += f" Không thể “{action_label}”."
        else:
            state_label = machine.states[state]
            if allowed:
                options = ", ".join(f"“{machine.actions[a]}”" for a in allowed)
                tail = f"các thao tác được phép: {options}."
            else:
                tail = "hồ sơ đã kết thúc, không còn thao tác nào được phép."
            message = f"Không thể “{action_label}” khi hồ sơ đang ở bước “{state_label}”; {tail}"
        super().__init__(message)


@dataclass(frozen=True, eq=False)
class StateMachine:
    """A named finite state machine with Vietnamese labels.

    `states` and `actions` map codes to labels (in display order); `transitions` maps
    (state, action) to the next state. Final states allow no action.
    """

    name: str
    label: str
    states: Mapping[str, str]
    actions: Mapping[str, str]
    transitions: Mapping[tuple[str, str], str]
    initial: str
    finals: frozenset[str]

    def __post_init__(self) -> None:
        problems: list[str] = []
        if self.initial not in self.states:
            problems.append(f"initial state {self.initial!r} is not declared")
        problems += [f"final state {s!r} is not declared" for s in self.finals - set(self.states)]
        for (source, action), target in self.transitions.items():
            if source not in self.states or target not in self.states:
                problems.append(f"{source!r} --{action}--> {target!r} uses an undeclared state")
            if action not in self.actions:
                problems.append(f"action {action!r} has no label")
            if source in self.finals:
                problems.append(f"final state {source!r} has an outgoing action {action!r}")
        used = {action for _, action in self.transitions}
        problems += [f"action {a!r} is never used" for a in set(self.actions) - used]
        for state in self.states:
            if state not in self.finals and not any(s == state for s, _ in self.transitions):
                problems.append(f"non-final state {state!r} has no way out")
        unreachable = set(self.states) - self.reachable_states()
        problems += [f"state {s!r} cannot be reached" for s in sorted(unreachable)]
        if problems:
            raise ValueError(f"state machine {self.name}: " + "; ".join(problems))

    def allowed_actions(self, state: str) -> tuple[str, ...]:
        """Actions allowed in `state`, in the order the actions are declared."""
        if state not in self.states:
            raise TransitionError(self, state, "", ())
        return tuple(a for a in self.actions if (state, a) in self.transitions)

    def can(self, state: str, action: str) -> bool:
        return (state, action) in self.transitions

    def next_state(self, state: str, action: str) -> str:
        """The state `action` leads to from `state`, or `TransitionError` if not allowed."""
        target = self.transitions.get((state, action))
        if target is None:
            allowed = self.allowed_actions(state) if state in self.states else ()
            raise TransitionError(self, state, action, allowed)
        return target

    def is_final(self, state: str) -> bool:
        return state in self.finals

    def state_label(self, state: str) -> str:
        return self.states[state]

    def action_label(self, action: str) -> str:
        return self.actions[action]

    def reachable_states(self) -> frozenset[str]:
        seen = {self.initial}
        frontier = [self.initial]
        while frontier:
            current = frontier.pop()
            for (source, _), target in self.transitions.items():
                if source == current and target not in seen:
                    seen.add(target)
                    frontier.append(target)
        return frozenset(seen)


def _machine(
    name: str,
    label: str,
    states: Mapping[str, str],
    actions: Mapping[str, str],
    transitions: Iterable[tuple[str, str, str]],
    initial: str,
    finals: Iterable[str],
) -> StateMachine:
    table: dict[tuple[str, str], str] = {}
    for source, action, target in transitions:
        if (source, action) in table:
            raise ValueError(f"state machine {name}: {source!r} --{action}--> declared twice")
        table[(source, action)] = target
    return StateMachine(
        name=name,
        label=label,
        states=MappingProxyType(dict(states)),
        actions=MappingProxyType(dict(actions)),
        transitions=MappingProxyType(table),
        initial=initial,
        finals=frozenset(finals),
    )


# --- Cuộc kiểm tra / cuộc giám sát — spec §3.5 -------------------------------------------------
# Three steps chuẩn bị → tiến hành → kết thúc (QĐ 354-QĐ/UBKTTW, 89-QĐ/TW, 331-QĐ/TW).
# Status names are the spec's modelling choice [U]. Product choices [U]:
# - "any -> TAM_DUNG": a paused case must resume where it stopped, so each working state has
#   its own paused state (tam_dung_<state>); pausing applies before the conclusion, while the
#   time limit runs (after it, each recommendation has its own deadline, §3.7).
# - "TIEN_HANH -> GIA_HAN (back to TIEN_HANH)": an extension is an event, recorded as a
#   self-loop `gia_han` on tien_hanh (the new deadline comes from deadlines.extended_deadline).
# - A conclusion with no recommendation may close at once (da_ket_luan -> hoan_thanh).
# - "Supervision only: TIEN_HANH -> CHUYEN_KIEM_TRA" lives in SUPERVISION_CASE below.
_OVERSIGHT_WORKING = {
    "chuan_bi": "Chuẩn bị",
    "da_cong_bo": "Đã công bố quyết định",
    "tien_hanh": "Tiến hành",
    "cho_ket_luan": "Chờ kết luận",
}
_OVERSIGHT_STATES = {
    "du_kien": "Dự kiến (trong chương trình)",
    **_OVERSIGHT_WORKING,
    "da_ket_luan": "Đã kết luận",
    "theo_doi_thuc_hien": "Theo dõi thực hiện kết luận",
    "hoan_thanh": "Hoàn thành",
    **{
        f"tam_dung_{code}": f"Tạm dừng ({label.lower()})"
        for code, label in _OVERSIGHT_WORKING.items()
    },
    "huy": "Đã hủy",
}
_OVERSIGHT_ACTIONS = {
    "chuan_bi": "Bắt đầu chuẩn bị (ban hành quyết định, kế hoạch)",
    "cong_bo": "Công bố quyết định và kế hoạch",
    "tien_hanh": "Tiến hành",
    "gia_han": "Gia hạn",
    "trinh_ket_luan": "Báo cáo kết quả, trình kết luận",
    "ket_luan": "Kết luận",
    "theo_doi": "Theo dõi thực hiện kết luận",
    "hoan_thanh": "Hoàn thành",
    "tam_dung": "Tạm dừng",
    "tiep_tuc": "Tiếp tục",
    "huy": "Hủy",
}
_OVERSIGHT_TRANSITIONS = [
    ("du_kien", "chuan_bi", "chuan_bi"),
    ("chuan_bi", "cong_bo", "da_cong_bo"),
    ("da_cong_bo", "tien_hanh", "tien_hanh"),
    ("tien_hanh", "gia_han", "tien_hanh"),
    ("tien_hanh", "trinh_ket_luan", "cho_ket_luan"),
    ("cho_ket_luan", "ket_luan", "da_ket_luan"),
    ("da_ket_luan", "theo_doi", "theo_doi_thuc_hien"),
    ("da_ket_luan", "hoan_thanh", "hoan_thanh"),
    ("theo_doi_thuc_hien", "hoan_thanh", "hoan_thanh"),
    ("du_kien", "huy", "huy"),
    *[(code, "tam_dung", f"tam_dung_{code}") for code in _OVERSIGHT_WORKING],
    *[(f"tam_dung_{code}", "tiep_tuc", code) for code in _OVERSIGHT_WORKING],
    *[(code, "huy", "huy") for code in _OVERSIGHT_WORKING],
    *[(f"tam_dung_{code}", "huy", "huy") for code in _OVERSIGHT_WORKING],
]

OVERSIGHT_CASE = _machine(
    "oversight_case",
    "Cuộc kiểm tra, giám sát",
    _OVERSIGHT_STATES,
    _OVERSIGHT_ACTIONS,
    _OVERSIGHT_TRANSITIONS,
    initial="du_kien",
    finals={"hoan_thanh", "huy"},
)

# Spec §3.5, "Supervision only: TIEN_HANH -> CHUYEN_KIEM_TRA when signs of violation are found
# (creates a KT_DHVP case)". The supervision ends there; the inspection is a new case.
SUPERVISION_CASE = _machine(
    "supervision_case",
    "Cuộc giám sát",
    {**_OVERSIGHT_STATES, "chuyen_kiem_tra": "Đã chuyển kiểm tra khi có dấu hiệu vi phạm"},
    {**_OVERSIGHT_ACTIONS, "chuyen_kiem_tra": "Chuyển kiểm tra khi có dấu hiệu vi phạm"},
    [*_OVERSIGHT_TRANSITIONS, ("tien_hanh", "chuyen_kiem_tra", "chuyen_kiem_tra")],
    initial="du_kien",
    finals={"hoan_thanh", "huy", "chuyen_kiem_tra"},
)


def oversight_machine(is_supervision: bool) -> StateMachine:
    """The machine for a case: supervisions may also be transferred to an inspection (§3.5)."""
    return SUPERVISION_CASE if is_supervision else OVERSIGHT_CASE


# --- Vụ việc kỷ luật — spec §5.4 -------------------------------------------------------------
# Product choices [U]:
# - "any -> CHUA_XEM_XET" (§5.6): deferral applies before the decision (đề xuất, kiểm điểm,
#   biểu quyết); when the reason ends the case resumes from the proposal, so the self-criticism
#   and the hearing (296 Điều 12 k1) are held again.
# - bieu_quyet -> khong_ky_luat: §5.5 says the body still votes the form and then compares it
#   with the statute of limitations; the spec's diagram only shows KIEM_DIEM -> KHONG_KY_LUAT.
# - Chi bộ decisions take effect when the vote result is announced (296 Điều 15 k2); the dates
#   record that, the order of the steps stays as in the spec.
# - khai trừ / giải tán never expire (§5.7): such cases stay in co_hieu_luc.
DISCIPLINE_CASE = _machine(
    "discipline_case",
    "Thi hành kỷ luật",
    {
        "de_xuat": "Đề xuất xem xét kỷ luật",
        "kiem_diem": "Kiểm điểm",
        "bieu_quyet": "Biểu quyết",
        "da_quyet_dinh": "Đã ký quyết định kỷ luật",
        "da_cong_bo": "Đã công bố quyết định",
        "co_hieu_luc": "Có hiệu lực",
        "het_hieu_luc": "Hết hiệu lực",
        "bi_thay_doi": "Bị thay đổi sau khiếu nại",
        "khong_ky_luat": "Không kỷ luật",
        "chua_xem_xet": "Chưa xem xét kỷ luật",
    },
    {
        "kiem_diem": "Tổ chức kiểm điểm",
        "bieu_quyet": "Thảo luận, biểu quyết",
        "ky_quyet_dinh": "Ký quyết định kỷ luật",
        "cong_bo": "Công bố quyết định",
        "phat_sinh_hieu_luc": "Ghi nhận quyết định có hiệu lực",
        "het_hieu_luc": "Chấm dứt hiệu lực",
        "thay_doi": "Thay đổi theo quyết định giải quyết khiếu nại",
        "khong_ky_luat": "Không kỷ luật (hết thời hiệu, miễn kỷ luật)",
        "hoan_xem_xet": "Chưa xem xét kỷ luật",
        "xem_xet_lai": "Tiếp tục xem xét",
    },
    [
        ("de_xuat", "kiem_diem", "kiem_diem"),
        ("kiem_diem", "bieu_quyet", "bieu_quyet"),
        ("bieu_quyet", "ky_quyet_dinh", "da_quyet_dinh"),
        ("da_quyet_dinh", "cong_bo", "da_cong_bo"),
        ("da_cong_bo", "phat_sinh_hieu_luc", "co_hieu_luc"),
        ("co_hieu_luc", "het_hieu_luc", "het_hieu_luc"),
        ("co_hieu_luc", "thay_doi", "bi_thay_doi"),
        ("kiem_diem", "khong_ky_luat", "khong_ky_luat"),
        ("bieu_quyet", "khong_ky_luat", "khong_ky_luat"),
        ("de_xuat", "hoan_xem_xet", "chua_xem_xet"),
        ("kiem_diem", "hoan_xem_xet", "chua_xem_xet"),
        ("bieu_quyet", "hoan_xem_xet", "chua_xem_xet"),
        ("chua_xem_xet", "xem_xet_lai", "de_xuat"),
    ],
    initial="de_xuat",
    finals={"het_hieu_luc", "bi_thay_doi", "khong_ky_luat"},
)

# --- Tố cáo — spec §6 ------------------------------------------------------------------------
# Product choices [U]:
# - "Any -> GIA_HAN": an extension is an event, recorded as a self-loop `gia_han` while the
#   denunciation is being resolved (thụ lý, chuẩn bị, tiến hành).
# - TAM_HOAN_DAI_HOI: from any state before the conclusion; after the congress the new
#   committee takes it over and classifies it again.
# - Withdrawal (§6: "if the denouncer withdraws, the content is not resolved unless the
#   withdrawal was coerced") ends the case in dung_giai_quyet.
_DENUNCIATION_OPEN = ("tiep_nhan", "phan_loai", "thu_ly", "chuan_bi", "tien_hanh")
DENUNCIATION = _machine(
    "denunciation",
    "Giải quyết tố cáo",
    {
        "tiep_nhan": "Tiếp nhận",
        "phan_loai": "Phân loại",
        "khong_thu_ly": "Không thụ lý",
        "chuyen_co_tham_quyen": "Đã chuyển cơ quan có thẩm quyền",
        "thu_ly": "Thụ lý",
        "chuan_bi": "Chuẩn bị",
        "tien_hanh": "Tiến hành thẩm tra, xác minh",
        "ket_luan": "Đã kết luận",
        "thong_bao_nguoi_to_cao": "Đã thông báo người tố cáo",
        "dong": "Đã đóng",
        "tam_hoan_dai_hoi": "Tạm hoãn do đại hội",
        "dung_giai_quyet": "Dừng giải quyết (rút tố cáo)",
    },
    {
        "phan_loai": "Phân loại",
        "khong_thu_ly": "Không thụ lý",
        "chuyen": "Chuyển cơ quan có thẩm quyền",
        "thu_ly": "Thụ lý",
        "chuan_bi": "Chuẩn bị",
        "tien_hanh": "Tiến hành thẩm tra, xác minh",
        "gia_han": "Gia hạn",
        "ket_luan": "Kết luận",
        "thong_bao": "Thông báo kết quả cho người tố cáo",
        "dong": "Đóng hồ sơ",
        "tam_hoan_dai_hoi": "Tạm hoãn giải quyết do đại hội",
        "chuyen_cap_uy_moi": "Chuyển cấp ủy khóa mới xem xét",
        "rut_to_cao": "Người tố cáo rút tố cáo",
    },
    [
        ("tiep_nhan", "phan_loai", "phan_loai"),
        ("phan_loai", "khong_thu_ly", "khong_thu_ly"),
        ("phan_loai", "chuyen", "chuyen_co_tham_quyen"),
        ("phan_loai", "thu_ly", "thu_ly"),
        ("thu_ly", "chuan_bi", "chuan_bi"),
        ("chuan_bi", "tien_hanh", "tien_hanh"),
        ("tien_hanh", "ket_luan", "ket_luan"),
        ("ket_luan", "thong_bao", "thong_bao_nguoi_to_cao"),
        ("thong_bao_nguoi_to_cao", "dong", "dong"),
        *[(s, "gia_han", s) for s in ("thu_ly", "chuan_bi", "tien_hanh")],
        *[(s, "tam_hoan_dai_hoi", "tam_hoan_dai_hoi") for s in _DENUNCIATION_OPEN],
        ("tam_hoan_dai_hoi", "chuyen_cap_uy_moi", "phan_loai"),
        *[(s, "rut_to_cao", "dung_giai_quyet") for s in ("thu_ly", "chuan_bi", "tien_hanh")],
    ],
    initial="tiep_nhan",
    finals={"khong_thu_ly", "chuyen_co_tham_quyen", "dong", "dung_giai_quyet"},
)

# --- Khiếu nại kỷ luật — spec §7 (the diagram as given) ------------------------------------
# khieu_nai_tiep is final here: the complaint to the higher level is a new record [U].
DISCIPLINE_COMPLAINT = _machine(
    "discipline_complaint",
    "Giải quyết khiếu nại kỷ luật đảng",
    {
        "tiep_nhan": "Tiếp nhận",
        "kiem_tra_dieu_kien": "Kiểm tra điều kiện thụ lý",
        "khong_thu_ly": "Không thụ lý",
        "thu_ly": "Thụ lý",
        "tien_hanh": "Tiến hành giải quyết",
        "quyet_dinh_giai_quyet": "Đã có quyết định giải quyết",
        "da_cong_bo": "Đã công bố quyết định giải quyết",
        "khieu_nai_tiep": "Khiếu nại tiếp lên cấp trên",
        "ket_thuc": "Kết thúc",
    },
    {
        "kiem_tra_dieu_kien": "Kiểm tra điều kiện thụ lý",
        "khong_thu_ly": "Không thụ lý",
        "thu_ly": "Thụ lý",
        "tien_hanh": "Tiến hành giải quyết",
        "quyet_dinh": "Ra quyết định giải quyết",
        "cong_bo": "Công bố quyết định giải quyết",
        "khieu_nai_tiep": "Ghi nhận khiếu nại tiếp lên cấp trên",
        "ket_thuc": "Kết thúc",
    },
    [
        ("tiep_nhan", "kiem_tra_dieu_kien", "kiem_tra_dieu_kien"),
        ("kiem_tra_dieu_kien", "khong_thu_ly", "khong_thu_ly"),
        ("kiem_tra_dieu_kien", "thu_ly", "thu_ly"),
        ("thu_ly", "tien_hanh", "tien_hanh"),
        ("tien_hanh", "quyet_dinh", "quyet_dinh_giai_quyet"),
        ("quyet_dinh_giai_quyet", "cong_bo", "da_cong_bo"),
        ("da_cong_bo", "khieu_nai_tiep", "khieu_nai_tiep"),
        ("da_cong_bo", "ket_thuc", "ket_thuc"),
    ],
    initial="tiep_nhan",
    finals={"khong_thu_ly", "khieu_nai_tiep", "ket_thuc"},
)

# --- Đơn, thư — spec §8 --------------------------------------------------------------------
# The spec gives the flow (stamp receipt → classify → register → assign within competence /
# transfer to the competent level / keep) and the handling enum, not a state machine. [U]
# product choice: one state per handling outcome; letters that need no resolution (giấu tên,
# mạo tên, trùng lặp, không đủ điều kiện) are kept on file (luu); giao_xu_ly links the letter
# to a case (§6, §7) and it closes when the sender has been answered.
LETTER = _machine(
    "letter",
    "Xử lý đơn, thư",
    {
        "da_nhan": "Đã nhận",
        "da_phan_loai": "Đã phân loại, vào sổ",
        "dang_xu_ly": "Đang giải quyết",
        "da_tra_loi": "Đã trả lời người gửi",
        "da_chuyen": "Đã chuyển theo thẩm quyền",
        "da_huong_dan": "Đã hướng dẫn, trả đơn",
        "da_luu": "Lưu đơn",
    },
    {
        "phan_loai": "Phân loại, vào sổ",
        "giao_xu_ly": "Giao giải quyết",
        "tra_loi": "Trả lời, thông báo kết quả cho người gửi",
        "chuyen": "Chuyển theo thẩm quyền",
        "huong_dan": "Hướng dẫn, trả đơn",
        "luu": "Lưu đơn",
    },
    [
        ("da_nhan", "phan_loai", "da_phan_loai"),
        ("da_phan_loai", "giao_xu_ly", "dang_xu_ly"),
        ("da_phan_loai", "chuyen", "da_chuyen"),
        ("da_phan_loai", "huong_dan", "da_huong_dan"),
        ("da_phan_loai", "luu", "da_luu"),
        ("dang_xu_ly", "tra_loi", "da_tra_loi"),
    ],
    initial="da_nhan",
    finals={"da_tra_loi", "da_chuyen", "da_huong_dan", "da_luu"},
)

# --- Kiến nghị sau kiểm tra, giám sát — spec §3.7 ------------------------------------------
# QUA_HAN is computed from the deadline and the clock (deadlines.deadline_status), never stored,
# so it is not a state here.
RECOMMENDATION = _machine(
    "recommendation",
    "Thực hiện kiến nghị sau kiểm tra, giám sát",
    {
        "moi": "Mới",
        "dang_thuc_hien": "Đang thực hiện",
        "da_bao_cao": "Đã báo cáo kết quả khắc phục",
        "chua_dat": "Chưa đạt",
        "da_kiem_tra_xac_nhan": "Đã kiểm tra, xác nhận",
    },
    {
        "bat_dau": "Bắt đầu thực hiện",
        "bao_cao": "Báo cáo kết quả khắc phục",
        "xac_nhan": "Kiểm tra, xác nhận đạt",
        "khong_dat": "Kiểm tra, kết luận chưa đạt",
        "tiep_tuc": "Tiếp tục khắc phục",
    },
    [
        ("moi", "bat_dau", "dang_thuc_hien"),
        ("dang_thuc_hien", "bao_cao", "da_bao_cao"),
        ("da_bao_cao", "xac_nhan", "da_kiem_tra_xac_nhan"),
        ("da_bao_cao", "khong_dat", "chua_dat"),
        ("chua_dat", "tiep_tuc", "dang_thuc_hien"),
    ],
    initial="moi",
    finals={"da_kiem_tra_xac_nhan"},
)

MACHINES: Mapping[str, StateMachine] = MappingProxyType(
    {
        m.name: m
        for m in (
            OVERSIGHT_CASE,
            SUPERVISION_CASE,
            DISCIPLINE_CASE,
            DENUNCIATION,
            DISCIPLINE_COMPLAINT,
            LETTER,
            RECOMMENDATION,
        )
    }
)
