"""Every machine: each allowed step works, each other (state, action) pair is refused clearly."""

from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.workflow import (
    DENUNCIATION,
    DISCIPLINE_CASE,
    DISCIPLINE_COMPLAINT,
    LETTER,
    MACHINES,
    OVERSIGHT_CASE,
    RECOMMENDATION,
    SUPERVISION_CASE,
    StateMachine,
    TransitionError,
    oversight_machine,
)

ALL = tuple(MACHINES.values())

ALLOWED = [
    pytest.param(m, state, action, target, id=f"{m.name}:{state}--{action}")
    for m in ALL
    for (state, action), target in m.transitions.items()
]
# Grouped by state (one test checks every refused action of a state) to keep the suite fast.
STATES = [pytest.param(m, state, id=f"{m.name}:{state}") for m in ALL for state in m.states]

# No example database: the suite writes nothing outside the package.
PROPERTIES = settings(max_examples=60, deadline=None, database=None)


def test_every_spec_machine_is_registered() -> None:
    assert set(ALL) == {
        OVERSIGHT_CASE,
        SUPERVISION_CASE,
        DISCIPLINE_CASE,
        DENUNCIATION,
        DISCIPLINE_COMPLAINT,
        LETTER,
        RECOMMENDATION,
    }


@pytest.mark.parametrize(("machine", "state", "action", "target"), ALLOWED)
def test_allowed_transition_works(
    machine: StateMachine, state: str, action: str, target: str
) -> None:
    assert action in machine.allowed_actions(state)
    assert machine.can(state, action)
    assert machine.next_state(state, action) == target


@pytest.mark.parametrize(("machine", "state"), STATES)
def test_every_other_action_is_refused_with_a_clear_message(
    machine: StateMachine, state: str
) -> None:
    allowed = machine.allowed_actions(state)
    refused = [action for action in machine.actions if (state, action) not in machine.transitions]
    assert set(allowed) | set(refused) == set(machine.actions)
    for action in refused:
        assert not machine.can(state, action)
        with pytest.raises(TransitionError) as raised:
            machine.next_state(state, action)

        message = str(raised.value)
        assert message.startswith(f"Không thể “{machine.actions[action]}”"), message
        assert f"đang ở bước “{machine.states[state]}”" in message
        assert raised.value.allowed == allowed
        assert (raised.value.state, raised.value.action) == (state, action)
        for other in allowed:
            assert f"“{machine.actions[other]}”" in message
        if not allowed:
            assert "không còn thao tác nào được phép" in message
        assert isinstance(raised.value, ValueError)


def test_message_matches_the_wording_of_the_issue() -> None:
    with pytest.raises(TransitionError, match="các thao tác được phép") as raised:
        OVERSIGHT_CASE.next_state("chuan_bi", "ket_luan")

    assert str(raised.value) == (
        "Không thể “Kết luận” khi hồ sơ đang ở bước “Chuẩn bị”; các thao tác được phép: "
        "“Công bố quyết định và kế hoạch”, “Tạm dừng”, “Hủy”."
    )


@pytest.mark.parametrize("machine", ALL, ids=lambda m: m.name)
def test_final_states_allow_nothing(machine: StateMachine) -> None:
    assert machine.finals
    for state in machine.finals:
        assert machine.is_final(state)
        assert machine.allowed_actions(state) == ()


@pytest.mark.parametrize("machine", ALL, ids=lambda m: m.name)
def test_shape(machine: StateMachine) -> None:
    assert machine.initial in machine.states
    assert machine.reachable_states() == frozenset(machine.states)
    for state in set(machine.states) - machine.finals:
        assert machine.allowed_actions(state), state
    assert all(machine.states.values()) and all(machine.actions.values())
    assert isinstance(machine.transitions, MappingProxyType)


def test_unknown_state_or_action_is_refused() -> None:
    with pytest.raises(TransitionError, match="không thuộc quy trình"):
        LETTER.next_state("bi_mat", "phan_loai")
    with pytest.raises(TransitionError, match="không thuộc quy trình"):
        LETTER.allowed_actions("bi_mat")
    with pytest.raises(TransitionError, match="Không thể “xoa_het”"):
        LETTER.next_state("da_nhan", "xoa_het")


def test_inconsistent_machine_is_rejected() -> None:
    with pytest.raises(ValueError, match="undeclared state"):
        StateMachine(
            name="x",
            label="X",
            states={"a": "A", "b": "B"},
            actions={"go": "Đi"},
            transitions={("a", "go"): "c"},
            initial="a",
            finals=frozenset({"b"}),
        )
    with pytest.raises(ValueError, match="cannot be reached"):
        StateMachine(
            name="x",
            label="X",
            states={"a": "A", "b": "B", "c": "C"},
            actions={"go": "Đi"},
            transitions={("a", "go"): "b"},
            initial="a",
            finals=frozenset({"b", "c"}),
        )


def test_oversight_main_path_and_pause_resumes_where_it_stopped() -> None:
    state = OVERSIGHT_CASE.initial
    for action in ("chuan_bi", "cong_bo", "tien_hanh", "gia_han", "tam_dung", "tiep_tuc"):
        state = OVERSIGHT_CASE.next_state(state, action)
    assert state == "tien_hanh"
    for action in ("trinh_ket_luan", "ket_luan", "theo_doi", "hoan_thanh"):
        state = OVERSIGHT_CASE.next_state(state, action)
    assert state == "hoan_thanh"


def test_no_cancel_after_conclusion_and_transfer_only_for_supervision() -> None:
    assert not OVERSIGHT_CASE.can("da_ket_luan", "huy")
    assert OVERSIGHT_CASE.can("cho_ket_luan", "huy")
    assert "chuyen_kiem_tra" not in OVERSIGHT_CASE.actions
    assert SUPERVISION_CASE.next_state("tien_hanh", "chuyen_kiem_tra") == "chuyen_kiem_tra"
    assert oversight_machine(is_supervision=True) is SUPERVISION_CASE
    assert oversight_machine(is_supervision=False) is OVERSIGHT_CASE


def test_discipline_deferral_restarts_from_the_proposal() -> None:
    state = DISCIPLINE_CASE.next_state("bieu_quyet", "hoan_xem_xet")
    assert DISCIPLINE_CASE.next_state(state, "xem_xet_lai") == "de_xuat"
    assert not DISCIPLINE_CASE.can("co_hieu_luc", "hoan_xem_xet")


@st.composite
def walks(draw: st.DrawFn) -> tuple[StateMachine, list[str]]:
    machine = draw(st.sampled_from(ALL))
    choices = draw(st.lists(st.integers(min_value=0, max_value=20), max_size=30))
    state, visited = machine.initial, [machine.initial]
    for choice in choices:
        allowed = machine.allowed_actions(state)
        if not allowed:
            break
        state = machine.next_state(state, allowed[choice % len(allowed)])
        visited.append(state)
    return machine, visited


@PROPERTIES
@given(walks())
def test_any_walk_of_allowed_actions_only_visits_declared_states(
    walk: tuple[StateMachine, list[str]],
) -> None:
    machine, visited = walk
    assert set(visited) <= set(machine.states)
    for state in visited[:-1]:
        assert not machine.is_final(state)
