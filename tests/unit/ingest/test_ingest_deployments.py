"""Deployment facts: how teams are counted, where they come from and go, who leads them."""

from __future__ import annotations

import pytest

from surgeops.ingest import extract_text


def _teams(text: str, **kw) -> list[dict]:
    return [f for f in extract_text(text, doc="t", **kw)["facts"] if f["type"] == "deployment"]


@pytest.mark.parametrize("text,size", [
    ("A team of 40 doctors from Uzbekistan arrived in Almaty.", 40),
    ("Đoàn công tác gồm 20 y bác sĩ lên đường chi viện Bình Dương.", 20),
    ("В Актау прибыла бригада из 15 врачей.", 15),
    ("Атырауға 30 дәрігерден тұратын топ жіберілді.", 30),
    ("A 12-member medical team flew to Vientiane.", 12),
    ("Hai mươi lăm y, bác sĩ đã có mặt tại Bắc Ninh.", 25),
    ("Российские медики в количестве 100 человек прибыли в Нур-Султан.", 100),
])
def test_team_sizes_however_phrased(text, size):
    assert [f["team_size"] for f in _teams(text)] == [size]


def test_breakdown_keeps_the_total_and_a_bare_list_sums():
    assert [f["team_size"] for f in _teams("В Актау прибыла команда из 25 человек, в том числе 10 врачей и 15 медсестёр.")] == [25]
    assert [f["team_size"] for f in _teams("Đoàn gồm 5 bác sĩ và 10 điều dưỡng lên đường chi viện Bắc Giang.")] == [15]


@pytest.mark.parametrize("text", [
    "В больнице работают 200 врачей и 350 медсестёр.",
    "Bệnh viện tổ chức lễ xuất quân cho đoàn thứ 3.",
    "Đến nay, bệnh viện đã cử tổng cộng hơn 400 cán bộ tham gia chống dịch.",
    "В Алматы прибыли 2 тысячи туристов из России.",
])
def test_no_team_where_there_is_none(text):
    assert _teams(text) == []


def test_places_specialties_lead_and_date():
    import datetime as dt

    (team,) = _teams("Сегодня из Москвы в Алматы прибыла бригада из 12 врачей-реаниматологов во главе с "
                     "Алексеем Токаревым.", published=dt.date(2020, 5, 1))
    assert (team["origin_code"], team["destination_code"]) == ("RU-MOW", "KZ-75")
    assert team["specialties"] == ["resuscitator"]
    assert team["lead"] == "Алексеем Токаревым" and team["date"] == "2020-05-01"


def test_an_unsized_team_is_placed_by_its_destination():
    (team,) = _teams("Группа российских врачей прибыла в Нур-Султан.")
    assert team["team_size"] is None and team["destination_code"] == "KZ-71" and team["origin_code"] == "RU"


def test_a_later_sentence_listing_the_team_make_up_is_not_another_team():
    teams = _teams("Вчера в Кызылординскую область прибыла бригада из 40 медицинских работников Алматы. "
                   "В составе бригады — 12 врачей-реаниматологов, 8 инфекционистов и 20 медицинских сестер.")
    assert [t["team_size"] for t in teams] == [40]
    assert {"resuscitator", "infectious_disease", "nurse"} <= set(teams[0]["specialties"])


def test_lead_with_a_name_the_russian_dictionary_does_not_know():
    teams = _teams("Из Павлодарской области в Туркестанскую область направлены 15 медицинских работников. "
                   "Бригада работает под руководством главного врача областной больницы Гульнары Сейткали.")
    assert teams[0]["lead"] == "Гульнары Сейткали"


def test_the_city_inside_the_country_is_the_destination():
    teams = _teams("A group of 20 Russian military doctors arrived in Bishkek on Thursday to help Kyrgyzstan "
                   "contain the coronavirus outbreak.")
    assert teams[0]["destination"] == "Bishkek"


def test_lead_after_a_title():
    teams = _teams("A team of twelve doctors from Hue Central Hospital left for Quang Tri province on Friday. "
                   "The team, led by Dr Tran Kiem Hao, includes intensive care doctors.")
    assert teams[0]["lead"] == "Tran Kiem Hao"


def test_the_filing_city_is_not_the_destination():
    teams = _teams("TASHKENT, July 19, 2020 - A team of 30 Uzbek doctors arrived in Kazakhstan's Turkestan region "
                   "on Sunday to help fight the coronavirus.")
    assert teams[0]["destination"] == "Turkestan region" and teams[0]["date"] == "2020-07-19"


def test_an_earlier_team_from_elsewhere_is_its_own_team():
    teams = _teams("Сегодня в Атыраускую область прибыли 50 медиков из Нур-Султана. "
                   "Ранее, в июне, в регион уже приезжали 30 специалистов из Москвы.")
    assert sorted(t["team_size"] for t in teams) == [30, 50]


def test_a_rounded_headline_is_the_same_team():
    teams = _teams("Более 100 медиков из Казахстана прибыли в Бишкек. Сегодня в Бишкек прибыли 104 медика из Казахстана.")
    assert [t["team_size"] for t in teams] == [104]


def test_whose_team_it_is():
    teams = _teams("Медицинский отряд МЧС России из 40 человек прибыл в Алматинскую область.")
    assert teams[0]["origin_code"] == "RU" and teams[0]["destination_code"] == "KZ-19"


def test_the_body_sentence_date_beats_the_headline_dateline():
    teams = _teams("Long An cử 10 y bác sĩ hỗ trợ TP.HCM\n\nNgày 15-7-2021\n\nNgày 14-7, Sở Y tế tỉnh Long An đã cử "
                   "10 y bác sĩ lên đường hỗ trợ TP.HCM.")
    assert teams[0]["date"] == "2021-07-14"


def test_the_filing_city_alone_is_no_destination():
    teams = _teams("HANOI, Aug 3, 2021 - Vietnam's health ministry said it would dispatch 1,000 medical workers to "
                   "the Mekong Delta provinces.")
    assert teams[0]["team_size"] == 1000 and teams[0]["destination"] != "HANOI"
