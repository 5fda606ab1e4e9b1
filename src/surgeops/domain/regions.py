"""Regions: a hierarchy country > region (oblast, tỉnh) > district."""

from __future__ import annotations

from typing import Optional

from pydantic import Field, model_validator

from surgeops.domain.base import Code, Items, Label, Latitude, Longitude, Name, Patch, Record
from surgeops.domain.codes import LANGUAGES, RegionLevel


class Names(Record):
    ru: Optional[Label] = None
    kk: Optional[Label] = None
    vi: Optional[Label] = None
    en: Optional[Label] = None

    @model_validator(mode="after")
    def _at_least_one(self) -> "Names":
        if not any(getattr(self, lang) for lang in LANGUAGES):
            raise ValueError("give the name in at least one of ru, kk, vi, en")
        return self

    def best(self, lang: str) -> str:
        order = [lang, "en", "ru", "kk", "vi"]
        return next(getattr(self, code) for code in order if getattr(self, code))


class RegionCreate(Record):
    code: Code
    parent: Optional[Code] = None
    level: RegionLevel
    names: Names
    population: Optional[int] = Field(default=None, ge=0, le=2_000_000_000)
    lat: Optional[Latitude] = None
    lon: Optional[Longitude] = None
    aliases: list[Name] = Items(default_factory=list)

    @model_validator(mode="after")
    def _hierarchy(self) -> "RegionCreate":
        if self.level == RegionLevel.country and self.parent:
            raise ValueError("parent: a country has no parent")
        if self.level != RegionLevel.country and not self.parent:
            raise ValueError("parent: a region or district needs its parent's code")
        if self.parent == self.code:
            raise ValueError("parent: a region cannot be its own parent")
        return self


class RegionUpdate(Patch):
    names: Optional[Names] = None
    population: Optional[int] = Field(default=None, ge=0, le=2_000_000_000)
    lat: Optional[Latitude] = None
    lon: Optional[Longitude] = None
    aliases: Optional[list[Name]] = Items(default=None)
