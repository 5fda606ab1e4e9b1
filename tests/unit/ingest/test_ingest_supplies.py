"""Supply facts: quantities next to items, only where something is given or shipped."""

from __future__ import annotations

from surgeops.ingest import extract_text


def _supplies(text: str) -> list[tuple]:
    facts = extract_text(text, doc="s")["facts"]
    return [(f["item"], f["quantity"], f["origin_code"], f["destination_code"]) for f in facts if f["type"] == "supply"]


def test_quantities_before_and_after_items():
    assert _supplies("Самолет МЧС доставил в Алматы 10 000 единиц средств индивидуальной защиты и маски "
                     "в количестве 50 тыс. штук.") == [("ppe_kit", 10000, None, "KZ-75"), ("mask", 50000, None, "KZ-75")]


def test_sender_and_receiver_in_each_language():
    assert _supplies("China sent 2 million masks to Kazakhstan.") == [("mask", 2_000_000, "CN", "KZ")]
    assert _supplies("Қарағанды облысына Ресейден 10 ӨЖЖ аппараты жеткізілді.") == [("ventilator", 10, "RU", "KZ-35")]
    assert _supplies("Thành phố Hà Nội trao tặng tỉnh Hải Dương mười hai máy thở.") == [("ventilator", 12, "VN-HN", "VN-61")]


def test_stock_figures_are_not_supplies():
    assert _supplies("На складах области хранится 200 000 масок.") == []


def test_a_future_sender_and_a_supply_sentence_that_names_no_place():
    from surgeops.ingest import extract_text
    facts = extract_text("Japan will send half a million medical masks to Kazakhstan to fight the coronavirus. "
                         "Also, 200 oxygen concentrators will be delivered.", doc="s")["facts"]
    got = [(f["origin"], f["destination"], f["item"], f["quantity"]) for f in facts if f["type"] == "supply"]
    assert got == [("Japan", "Kazakhstan", "mask", 500_000), ("Japan", "Kazakhstan", "oxygen_concentrator", 200)]


def test_a_list_of_goods_after_a_colon_and_a_named_donor():
    from surgeops.ingest import extract_text
    text = ("UNICEF today delivered the following supplies to the Ministry of Health of Viet Nam:\n"
            "- 150 oxygen concentrators\n- 20,000 rapid diagnostic tests\n\nThe supplies were funded by Japan.")
    got = [(f["item"], f["quantity"]) for f in extract_text(text, doc="s")["facts"] if f["type"] == "supply"]
    assert got == [("oxygen_concentrator", 150), ("rapid_antigen_test", 20000)]
    text = "Благотворительный фонд «Мейірім» передал областной больнице 2 кислородные станции."
    assert [f["origin"] for f in extract_text(text, doc="s")["facts"]] == ["Мейірім"]
