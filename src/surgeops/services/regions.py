"""Regions: country > region > district."""

from __future__ import annotations

from typing import Any, Optional

from sqlalchemy.orm import Session

from surgeops.db.tables import Region
from surgeops.domain.regions import RegionCreate, RegionUpdate
from surgeops.services.crud import Filter, Resource

RESOURCE = Resource(
    name="region", table=Region, key="code", create=RegionCreate, update=RegionUpdate,
    references={"parent": (Region, "code")},
    filters={"level": Filter("level"), "parent": Filter("parent"), "region": Filter("code", "region")},
    order=("code",),
)


def display_name(names: dict[str, Any], lang: str, fallback: Optional[str] = None) -> str:
    for code in (lang, "en", "ru", "kk", "vi"):
        if names.get(code):
            return names[code]
    return fallback or ""


def by_code(session: Session) -> dict[str, Region]:
    return {r.code: r for r in session.query(Region).all()}
