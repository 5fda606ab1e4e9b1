"""HTML pages to their main article text (trafilatura), dropping menus, comments and related links."""

from __future__ import annotations

import re

_HTML_HINT = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|div|p|article|span|meta|title)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True when the text is markup: an HTML tag appears near the start and tags are common."""
    head = text[:2000]
    if not _HTML_HINT.search(head):
        return False
    return len(re.findall(r"<[a-zA-Z/!][^>]*>", text[:20000])) >= 3


_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|ticker|breaking|related|relate|lienquan|comments?|binh-?luan|share|social|"
    r"footer|sidebar|breadcrumbs?|banner|advert|ads?|promo|tags?|most-?read|popular|recommend\w*|subscribe)(?:$|[\s_-])",
    re.I,
)
_DROP_TAGS = ("nav", "header", "footer", "aside", "form", "script", "style", "noscript", "iframe")


def strip_boilerplate(html: str) -> str:
    """Remove navigation, headers, footers, comments and related-link blocks before extraction.

    trafilatura alone keeps a site ticker or a related-news list when the article is short;
    those carry numbers of their own ("900 máy thở") that must not become facts.
    """
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
        if el.tag in _DROP_TAGS or _BOILERPLATE.search(marker):
            el.drop_tree()
    return lxml.html.tostring(root, encoding="unicode")


def html_to_text(html: str) -> str:
    """Main text of a news page: title plus body paragraphs, without navigation or comments."""
    import trafilatura  # imported lazily: heavy, and only needed for HTML input

    meta = trafilatura.extract_metadata(html)
    html = strip_boilerplate(html)

    body = trafilatura.extract(
        html, include_comments=False, include_tables=True, include_links=False,
        include_images=False, favor_precision=True, deduplicate=False,
    ) or ""
    title = (meta.title or "").strip() if meta is not None else ""
    date = (meta.date or "").strip() if meta is not None else ""
    if date.endswith("-01-01"):
        date = ""  # trafilatura's guess from a bare year, not a date the page gives
    head = "\n".join(x for x in (title, date) if x and x not in body[: len(x) + 50])
    return f"{head}\n\n{body}".strip() if head else body.strip()
