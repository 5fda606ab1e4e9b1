"""Case facts: metrics from nearby cues, daily figures versus running totals, non-medical counts ignored."""

from __future__ import annotations

from surgeops.ingest import extract_text


def _cases(text: str) -> list[tuple]:
    return [(f["metric"], f["value"]) for f in extract_text(text, doc="c")["facts"] if f["type"] == "cases"]


def test_daily_and_cumulative_in_one_sentence():
    assert _cases("В Казахстане за сутки выявлено 1 526 новых случаев COVID-19, всего с начала пандемии "
                  "заболели 67 096 человек.") == [("daily_new", 1526), ("confirmed", 67096)]


def test_kazakh_bulletin_metrics():
    text = ("Жалпы өңірде коронавирус инфекциясын жұқтырған 1672 адам тіркеліп отыр, оның ішінде симптомсыз – 1140 адам. "
            "Емделіп шыққандар – 664 адамды құрап отыр. Күніне пневмония бойынша 300–ге жуық адам шағымданып, "
            "соның ішінде 150-ге жуық адам ауруханаға жатқызылуда.")
    assert _cases(text) == [("confirmed", 1672), ("asymptomatic", 1140), ("recovered", 664),
                            ("daily_pneumonia_complaints", 300), ("daily_admissions", 150)]


def test_vietnamese_and_english_counts():
    assert _cases("Trong ngày, tỉnh ghi nhận 356 ca mắc mới, 25 ca tử vong.") == [("daily_new", 356), ("deaths", 25)]
    assert _cases("So far 312 patients have died, while 15,630 have recovered from COVID-19.") == [
        ("deaths", 312), ("recovered", 15630)]


def test_court_cases_are_not_epidemic_cases():
    assert _cases("The regional court heard 15 cases on Monday.") == []
