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


def test_a_year_is_not_a_count():
    text = "Coronavirus: two more people died, and the club's former coach, who died in 2019, was remembered."
    assert ("deaths", 2019) not in _cases(text)


def test_more_than_a_total_is_not_new():
    assert _cases("Kazakhstan has reported more than 600,000 confirmed COVID-19 cases since the start of the pandemic.") \
        == [("confirmed", 600000)]


def test_elided_metric_for_places_listed_in_one_sentence():
    facts = [f for f in extract_text("Trong ngày 1/8, Bình Dương ghi nhận 1.200 ca mắc COVID-19 mới, Đồng Nai 450 ca, "
                                     "Long An 230 ca.", doc="c")["facts"] if f["type"] == "cases"]
    assert [(f["place"], f["metric"], f["value"]) for f in facts] == [
        ("Bình Dương", "daily_new", 1200), ("Đồng Nai", "daily_new", 450), ("Long An", "daily_new", 230)]


def test_russian_quote_inside_a_kazakh_sentence():
    text = ("Алматы облысында коронавирус. «За сутки в области выявлено 97 новых случаев коронавирусной инфекции, "
            "выздоровели 64 человека», – деп атап өтті облыстық денсаулық сақтау басқармасының басшысы.")
    assert set(_cases(text)) == {("daily_new", 97), ("recovered", 64)}


def _placed(text: str) -> list[tuple]:
    return [(f["place"], f["metric"], f["value"]) for f in extract_text(text, doc="c")["facts"] if f["type"] == "cases"]


def test_part_of_a_count_named_by_place():
    assert ("Ho Chi Minh City", "daily_new", 2131) in _placed(
        "Vietnam recorded 3,910 new Covid-19 cases on Tuesday, including 2,131 in Ho Chi Minh City.")


def test_a_sentence_without_a_place_goes_on_about_the_previous_one():
    facts = _placed("Hanoi reported 1,534 new Covid-19 cases, the city said. Hai Phong had 200 new cases. "
                    "Another 7 patients died there.")
    assert facts[-1] == ("Hai Phong", "deaths", 7)


def test_case_noun_then_what_became_of_them():
    assert _cases("Hà Nội: hiện có 12.300 F0 đang điều trị tại nhà, dịch COVID-19.") == [("in_treatment", 12300)]


def test_a_breakdown_sentence_keeps_the_metric_and_place_of_the_one_before():
    text = ("Кеше Қазақстанда коронавирус инфекциясының 1 234 жаңа жағдайы тіркелді. Соның ішінде Алматы қаласында 310, "
            "Нұр-Сұлтан қаласында 205 жағдай анықталды. Соңғы тәулікте 17 адам қайтыс болды.")
    assert _placed(text) == [("Қазақстанда", "daily_new", 1234), ("Алматы", "daily_new", 310),
                             ("Нұр-Сұлтан", "daily_new", 205), ("Қазақстанда", "deaths", 17)]


def test_the_country_a_report_means():
    facts = _placed("Нұр-Сұлтан, 20 қыркүйек. Елімізде тәулік ішінде 1 234 адамнан коронавирус анықталды.")
    assert facts == [("Қазақстан", "daily_new", 1234)]


def test_parts_listed_after_in_particular_with_dashes():
    facts = _placed("Вчера в Казахстане зарегистрировано 1 245 новых случаев коронавирусной инфекции, в том числе "
                    "в Алматы — 312, в Нур-Султане — 198.")
    assert [(m, v) for _p, m, v in facts] == [("daily_new", 1245), ("daily_new", 312), ("daily_new", 198)]
    assert facts[1][0] == "Алматы"


def test_bringing_the_tally_is_a_running_total():
    assert _cases("Russia reported 34,073 new COVID-19 infections over the past 24 hours, bringing the national "
                  "tally to 8.2 million.") == [("daily_new", 34073), ("confirmed", 8_200_000)]


def test_pneumonia_cases_are_not_confirmed_infections():
    assert _cases("За сутки в СКО зарегистрировано 18 случаев COVID-19 и 25 случаев пневмонии.") == [("daily_new", 18)]


def test_a_metric_then_a_verb_that_sets_its_value():
    assert _cases("The coronavirus death toll from the disease rose to 1,024, the ministry said.") == [("deaths", 1024)]


def test_yesterday_makes_a_daily_figure():
    assert _cases("Кеше облыста 96 адамнан коронавирус анықталды.") == [("daily_new", 96)]


def test_of_the_new_cases_place_by_place():
    facts = _placed("Kazakhstan confirmed 1,450 new coronavirus cases on Saturday. Of the new cases, Almaty accounted "
                    "for 412 and Nur-Sultan for 285, the health ministry said.")
    assert facts == [("Kazakhstan", "daily_new", 1450), ("Almaty", "daily_new", 412), ("Nur-Sultan", "daily_new", 285)]


def test_claimed_the_lives_of():
    assert ("deaths", 12) in _cases("The coronavirus has claimed the lives of 12 people in Hanoi, while 3,900 have "
                                     "been infected.")


def test_a_headline_figure_the_body_restates_with_a_finer_metric():
    text = ("Қарағанды облысында 80 адам ауруханаға жатқызылды. Соңғы тәулікте облыста коронавирус "
            "инфекциясымен ауруханаға 80 адам жатқызылды.")
    assert _cases(text) == [("daily_admissions", 80)]


def test_a_part_that_names_no_place_is_no_new_figure():
    assert _cases("Соңғы тәулікте облыста коронавирус инфекциясының 150 жаңа жағдайы тіркелді. Оның ішінде 20-сы "
                  "балалар.") == [("daily_new", 150)]


def test_label_colon_figure():
    text = "Uzbekistan COVID-19 update, 5 September 2021\n\nNew cases: 1,234. Deaths: 12. Recoveries: 890."
    assert _cases(text) == [("daily_new", 1234), ("deaths", 12), ("recovered", 890)]


def test_total_of_the_day_is_daily():
    assert _cases("Theo Bộ Y tế, tổng số ca mắc COVID-19 mới trong ngày: 2.450.") == [("daily_new", 2450)]
