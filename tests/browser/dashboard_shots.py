"""Screenshots of the browser tests, saved under test-output/browser/ at the repository root."""

from __future__ import annotations

from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent.parent
SHOTS = REPO / "test-output" / "browser"


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-output/browser/ and return its path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
