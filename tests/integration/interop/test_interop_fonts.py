"""The PDF font covers every letter the four languages need (no tofu boxes in a report)."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from surgeops.interop.sitrep.pdf import font_path
from surgeops.interop.sitrep.words import messages

KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
VIETNAMESE = "ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяЁ"


def test_the_report_font_has_every_letter_of_the_four_languages() -> None:
    for bold in (False, True):
        with TTFont(str(font_path(bold=bold))) as font:
            cmap = font.getBestCmap()
        words = "".join(text for entry in messages().values() for text in entry.values())
        missing = {ch for ch in KAZAKH + VIETNAMESE + RUSSIAN + words if not ch.isspace() and ord(ch) not in cmap}
        assert missing == set(), (bold, sorted(missing))
