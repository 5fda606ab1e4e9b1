"""The transfer workflow: which status may follow which, and which statuses hold a bed.

    requested -> accepted | declined | cancelled
    accepted -> in_transport | cancelled
    in_transport -> arrived | died_in_transport

declined, cancelled, arrived and died_in_transport are final. An accepted or
in-transport transfer holds a bed of its type at the receiving facility until it
arrives (then the facility's own occupancy figure counts the patient) or ends.
Pure: the services store transfers and take the locks.
"""

from __future__ import annotations

from enum import StrEnum


class TransferStatus(StrEnum):
    requested = "requested"
    accepted = "accepted"
    declined = "declined"
    in_transport = "in_transport"
    arrived = "arrived"
    cancelled = "cancelled"
    died_in_transport = "died_in_transport"


class Urgency(StrEnum):
    """How soon the patient must move."""

    emergency = "emergency"
    urgent = "urgent"
    planned = "planned"


_S = TransferStatus
NEXT: dict[TransferStatus, frozenset[TransferStatus]] = {
    _S.requested: frozenset({_S.accepted, _S.declined, _S.cancelled}),
    _S.accepted: frozenset({_S.in_transport, _S.cancelled}),
    _S.in_transport: frozenset({_S.arrived, _S.died_in_transport}),
    _S.declined: frozenset(),
    _S.arrived: frozenset(),
    _S.cancelled: frozenset(),
    _S.died_in_transport: frozenset(),
}
# Statuses in which the receiving facility keeps a bed for the patient.
HOLDS_BED: frozenset[TransferStatus] = frozenset({_S.accepted, _S.in_transport})


class TransitionError(ValueError):
    """A status change the workflow does not allow; the message says what would be."""


def check_transition(current: str, target: str) -> TransferStatus:
    """The target status, if a transfer in `current` may move to it; else TransitionError."""
    now, wanted = TransferStatus(current), TransferStatus(target)
    allowed = NEXT[now]
    if wanted in allowed:
        return wanted
    if not allowed:
        raise TransitionError(f"a transfer that is {now.value} is final; it cannot become {wanted.value}")
    options = " or ".join(sorted(s.value for s in allowed))
    raise TransitionError(f"a transfer that is {now.value} cannot become {wanted.value}; it can become {options}")
