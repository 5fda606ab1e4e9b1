"""`surgeops extract`: JSON lines for good files, one clear error line per bad file, batch goes on."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from surgeops.cli.main import build_app

REPORTS = Path(__file__).resolve().parents[1] / "data" / "ingest" / "reports"


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 always keeps stderr apart
        return CliRunner()


def test_jsonl_prints_one_object_per_document_and_nothing_else():
    files = [str(REPORTS / "vi_supply_words.txt"), str(REPORTS / "ru_none.txt")]
    result = _runner().invoke(build_app(), ["extract", *files, "--jsonl"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    objs = [json.loads(ln) for ln in lines]
    assert [o["doc"] for o in objs] == ["vi_supply_words", "ru_none"]
    assert {f["item"] for f in objs[0]["facts"]} == {"ventilator", "ambulance", "ppe_kit"}
    assert "Hà Nội" in lines[0]  # not ASCII-escaped
    assert objs[1]["facts"] == []


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(128, 256)) * 8)
    good = str(REPORTS / "en_team_uz.txt")
    args = ["extract", str(empty), good, str(binary), str(huge), str(garbage), "--jsonl"]
    result = _runner().invoke(build_app(), args)
    assert result.exit_code == 1
    objs = [json.loads(ln) for ln in result.stdout.splitlines()]
    assert [o["doc"] for o in objs] == ["en_team_uz"] and objs[0]["facts"][0]["team_size"] == 40
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 4 and all(e.startswith("Error: ") for e in errors)
    for word in ("empty", "binary", "too large", "undecodable"):
        assert any(word in e for e in errors), (word, errors)
    assert "Traceback" not in result.stderr


def test_stdin_and_table_output():
    text = (REPORTS / "kk_cases_turkestan.txt").read_text(encoding="utf-8")
    result = _runner().invoke(build_app(), ["extract", "-"], input=text.encode("utf-8"))
    assert result.exit_code == 0, result.stderr
    assert "stdin" in result.stdout and "recovered" in result.stdout and "940" in result.stdout


def test_language_and_publication_date_options():
    path = str(REPORTS / "kk_team_atyrau.txt")
    result = _runner().invoke(build_app(), ["extract", path, "--jsonl", "--published", "2020-07-06"])
    assert result.exit_code == 0, result.stderr
    (fact,) = json.loads(result.stdout)["facts"]
    assert fact["date"] == "2020-07-06"  # "Бүгін" (today) is the publication date
    bad = _runner().invoke(build_app(), ["extract", path, "--published", "yesterday"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr
    bad = _runner().invoke(build_app(), ["extract", path, "--lang", "de"])
    assert bad.exit_code == 2 and "--lang" in bad.stderr
