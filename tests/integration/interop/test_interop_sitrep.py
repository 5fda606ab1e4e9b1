"""The situation report for Mangystau on the demo day, in four languages: a PDF whose first
page renders (pdftoppm) and whose text layer holds the headline figures in the language's
own words and letters; the same report as HTML through the API and as a file through the CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from surgeops.cli.main import build_app
from surgeops.interop.sitrep import render
from surgeops.services.demo import demo_date, load_demo

# Words only the right language and a font that covers its letters can put in the text layer.
OWN_WORDS = {"ru": "Загруженность", "kk": "Төсек түрлері бойынша толымдылық", "vi": "Giường bệnh", "en": "Occupancy"}
GROUPING = re.compile(r"(?<=\d)[\s\u00a0\u202f,.](?=\d{3}\b)")


def _pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("pdftoppm is missing: install Debian's poppler-utils")
        pytest.skip("pdftoppm is missing: install Debian's poppler-utils")
    return found


def _first_page_png(pdf: bytes, tmp_path: Path, name: str) -> bytes:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run([_pdftoppm(), "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", str(source), str(tmp_path / name)],
                   check=True, timeout=60)
    return (tmp_path / f"{name}.png").read_bytes()


def test_sitrep_pdf_for_mangystau_in_four_languages(session, client, settings, tmp_path: Path) -> None:  # noqa: ANN001
    load_demo(session)
    day = demo_date()
    for lang, own in OWN_WORDS.items():
        pdf = render(session, region="KZ-47", day=day, lang=lang, fmt="pdf")
        assert _first_page_png(pdf, tmp_path, lang).startswith(b"\x89PNG")
        first = PdfReader(BytesIO(pdf)).pages[0].extract_text()
        plain = GROUPING.sub("", first)
        assert "1766" in plain and re.search(r"\b76\s?%", plain), (lang, first[:400])
        assert own in " ".join(first.split()), (lang, first[:400])

    page = client.get("/api/sitrep", params={"region": "KZ-47", "date": day.isoformat(), "lang": "kk", "format": "html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Маңғыстау облысы" in page.text and "1\u00a0766" in page.text and "data:image/png;base64," in page.text
    assert client.get("/api/sitrep", params={"region": "XX-1", "date": day.isoformat()}).status_code == 404

    out = tmp_path / "sitrep.html"
    result = CliRunner().invoke(build_app(), ["--database-url", settings.database_url, "sitrep", "--country", "KZ",
                                              "--date", day.isoformat(), "--lang", "ru", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Казахстан" in out.read_text(encoding="utf-8")
