"""Staffing norms against staff on hand."""

from __future__ import annotations

from surgeops.domain.staffing import Norms, required_staff, shortfall

NORMS = Norms(per_bed={"icu": {"nurse": 0.5, "intensivist": 0.17}, "provisional": {"nurse": 0.1}},
              priority={"icu": 4.0, "provisional": 1.5}, beds_priority=2.0)


def test_required_staff_rounds_up_and_takes_the_most_critical_priority() -> None:
    # 10 ICU beds: 5 nurses, 1.7 -> 2 intensivists; 35 provisional beds: 3.5 nurses. Nurses 8.5 -> 9.
    assert required_staff({"icu": 10, "provisional": 35}, NORMS) == {"nurse": (9, 4.0), "intensivist": (2, 4.0)}


def test_shortfall_only_lists_what_is_missing() -> None:
    required = {"nurse": (9, 4.0), "intensivist": (2, 4.0)}
    assert shortfall(required, {"nurse": 4, "intensivist": 5}) == {"nurse": (5, 4.0)}
    assert shortfall(required, {"nurse": 9, "intensivist": 2}) == {}
