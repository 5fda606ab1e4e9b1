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


def html_to_text(html: str) -> str:
    """Main text of a news page: title plus body paragraphs, without navigation or comments."""
    import trafilatura  # imported lazily: heavy, and only needed for HTML input

    body = trafilatura.extract(
        html, include_comments=False, include_tables=True, include_links=False,
        include_images=False, favor_precision=True, deduplicate=False,
    ) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title or "").strip() if meta is not None else ""
    date = (meta.date or "").strip() if meta is not None else ""
    head = "\n".join(x for x in (title, date) if x and x not in body[: len(x) + 50])
    return f"{head}\n\n{body}".strip() if head else body.strip()
