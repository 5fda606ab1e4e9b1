"""The transfer workflow: allowed moves, final statuses, and which statuses hold a bed."""

from __future__ import annotations

import pytest

from surgeops.routing.transfers import HOLDS_BED, NEXT, TransferStatus, TransitionError, check_transition


@pytest.mark.parametrize(("current", "target"), [
    ("requested", "accepted"), ("requested", "declined"), ("requested", "cancelled"),
    ("accepted", "in_transport"), ("accepted", "cancelled"),
    ("in_transport", "arrived"), ("in_transport", "died_in_transport"),
])
def test_allowed_moves(current: str, target: str) -> None:
    assert check_transition(current, target) is TransferStatus(target)


def test_a_forbidden_move_says_what_is_possible() -> None:
    with pytest.raises(TransitionError, match="^a transfer that is accepted cannot become arrived; "
                                              "it can become cancelled or in_transport$"):
        check_transition("accepted", "arrived")
    with pytest.raises(TransitionError, match="^a transfer that is requested cannot become requested"):
        check_transition("requested", "requested")


@pytest.mark.parametrize("final", ["declined", "arrived", "cancelled", "died_in_transport"])
def test_final_statuses_go_nowhere(final: str) -> None:
    assert NEXT[TransferStatus(final)] == frozenset()
    with pytest.raises(TransitionError, match=f"^a transfer that is {final} is final"):
        check_transition(final, "accepted")


def test_every_status_has_its_moves_and_only_the_accepted_and_moving_hold_beds() -> None:
    assert set(NEXT) == set(TransferStatus)
    assert HOLDS_BED == {TransferStatus.accepted, TransferStatus.in_transport}
    with pytest.raises(ValueError):
        check_transition("requested", "teleported")
