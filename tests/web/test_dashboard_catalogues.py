"""The gettext catalogues: every string the dashboard shows is translated in ru, kk, vi and
en, nothing is fuzzy, placeholders survive translation, and the compiled .mo files match
the .po sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.support import Translations

from surgeops.domain.codes import LANGUAGES
from surgeops.web import i18n

WEB = Path(i18n.__file__).parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def used_msgids() -> set[str]:
    """Every msgid in the dashboard's templates and Python (`_`, `gettext`, `N_`)."""
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found = extract_from_dir(str(WEB), METHODS, keywords=keywords, options_map=OPTIONS)
    return {m[2] if isinstance(m[2], str) else m[2][0] for m in found}


def catalogue(lang: str):  # noqa: ANN201
    with open(i18n.LOCALES / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def test_templates_and_code_use_strings() -> None:
    ids = used_msgids()
    assert "Beds by region" in ids and "Provisional" in ids and len(ids) > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_used_msgid_is_in_the_catalogue(lang: str) -> None:
    known = {m.id for m in catalogue(lang) if m.id}
    missing = sorted(used_msgids() - known)
    assert not missing, f"{lang}: msgids not in the catalogue (run pybabel extract/update): {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_untranslated_or_fuzzy(lang: str) -> None:
    cat = catalogue(lang)
    assert not cat.fuzzy, f"{lang}: the catalogue header is fuzzy"
    empty = [m.id for m in cat if m.id and not m.string]
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert not empty, f"{lang}: untranslated {empty}"
    assert not fuzzy, f"{lang}: fuzzy {fuzzy}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_survive_translation(lang: str) -> None:
    for message in catalogue(lang):
        if message.id:
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(PLACEHOLDER.findall(message.string)), message.id


@pytest.mark.parametrize("lang", ["ru", "kk", "vi"])
def test_translations_differ_from_english(lang: str) -> None:
    cat = catalogue(lang)
    same = [m.id for m in cat if m.id and m.string == m.id]
    assert len(same) < len(cat) // 10, f"{lang}: too many strings left in English: {same}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogue_matches_source(lang: str) -> None:
    compiled = Translations.load(str(i18n.LOCALES), [lang], i18n.DOMAIN)
    stale = [m.id for m in catalogue(lang) if m.id and compiled.gettext(m.id) != m.string]
    assert not stale, f"{lang}: messages.mo is older than messages.po (run pybabel compile): {stale[:5]}"
