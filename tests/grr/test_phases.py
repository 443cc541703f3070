"""Every move of the release and the illegal variants the teacher must be stopped from."""

import pytest

from trellis.grr import GRRError, IllegalMove, Move, Phase, apply_move, label

M, C, G, IND, DONE = (
    Phase.MODELING,
    Phase.CO_CONSTRUCTION,
    Phase.GUIDED,
    Phase.INDEPENDENT,
    Phase.COMPLETE,
)


@pytest.mark.parametrize(("start", "end"), [(M, C), (C, G), (G, IND)])
def test_advance_moves_one_phase(start, end):
    assert apply_move(start, Move.advance()) is end
    assert apply_move(start, Move.advance(end)) is end


def test_advance_from_independent_is_illegal_and_names_the_phase():
    with pytest.raises(IllegalMove, match=r"^Cannot advance from INDEPENDENT practice"):
        apply_move(IND, Move.advance())


@pytest.mark.parametrize(("start", "to"), [(M, G), (M, IND), (C, IND)])
def test_skipping_forward_needs_an_override(start, to):
    with pytest.raises(IllegalMove, match="override") as info:
        apply_move(start, Move.advance(to))
    assert info.value.phase is start
    assert apply_move(start, Move.advance(to, override=True)) is to


def test_advance_to_same_or_earlier_or_complete_is_illegal():
    with pytest.raises(IllegalMove, match="forward"):
        apply_move(G, Move.advance(G))
    with pytest.raises(IllegalMove, match="forward"):
        apply_move(G, Move.advance(C, override=True))
    with pytest.raises(IllegalMove, match="COMPLETE"):
        apply_move(G, Move.advance(DONE, override=True))


@pytest.mark.parametrize("phase", list(Phase))
def test_hold_keeps_the_phase(phase):
    assert apply_move(phase, Move.hold()) is phase


@pytest.mark.parametrize(("start", "to"), [(C, M), (G, M), (G, C), (IND, M), (IND, C), (IND, G)])
def test_step_back_to_any_earlier_phase_with_reason(start, to):
    assert apply_move(start, Move.step_back(to, reason="3 of 5 wrong")) is to


@pytest.mark.parametrize(("start", "to"), [(G, G), (G, IND), (M, M), (C, DONE)])
def test_step_back_to_same_or_later_phase_is_illegal(start, to):
    with pytest.raises(IllegalMove, match=r"Cannot step back to .* not an earlier phase"):
        apply_move(start, Move.step_back(to, reason="why not"))


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_step_back_without_reason_is_illegal(reason):
    with pytest.raises(IllegalMove, match=r"from GUIDED practice: .*reason"):
        apply_move(G, Move(kind=Move.step_back(M, reason="x").kind, to=M, reason=reason))


def test_step_back_without_target_is_illegal():
    with pytest.raises(IllegalMove, match="needs the phase"):
        apply_move(G, Move(kind=Move.step_back(M, reason="x").kind, reason="lost"))


def test_help_request_in_independent_goes_back_to_guided():
    assert apply_move(IND, Move.help_request()) is G


@pytest.mark.parametrize("phase", [M, C, G])
def test_help_request_outside_independent_is_illegal(phase):
    with pytest.raises(IllegalMove, match=rf"Cannot help request from {phase.short}"):
        apply_move(phase, Move.help_request())


def test_pause_and_break_down_only_in_modeling():
    assert apply_move(M, Move.pause_and_break_down()) is M
    for phase in (C, G, IND):
        with pytest.raises(IllegalMove, match="pause"):
            apply_move(phase, Move.pause_and_break_down())


def test_complete_from_independent_or_with_override():
    assert apply_move(IND, Move.complete()) is DONE
    with pytest.raises(IllegalMove, match="overrides"):
        apply_move(G, Move.complete())
    assert apply_move(G, Move.complete(override=True)) is DONE


@pytest.mark.parametrize(
    "move",
    [
        Move.advance(),
        Move.step_back(IND, reason="reopen"),
        Move.help_request(),
        Move.pause_and_break_down(),
        Move.complete(),
        Move.advance(IND, override=True),
    ],
)
def test_a_completed_task_does_not_move(move):
    with pytest.raises(IllegalMove, match=r"from COMPLETE: the task is complete") as info:
        apply_move(DONE, move)
    assert isinstance(info.value, GRRError)
    assert info.value.move == move


def test_labels_name_the_release():
    assert label(M) == "Modeling (I do)"
    assert label(C) == "Co-construction (we do)"
    assert label(G).startswith("Guided practice")
    assert label(IND).startswith("Independent practice")
    assert Phase.GUIDED.label == label(G)


def test_next_and_previous():
    assert M.next() is C and IND.next() is None
    assert C.previous() is M and M.previous() is None and DONE.previous() is None
