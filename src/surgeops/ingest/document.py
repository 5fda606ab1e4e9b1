"""A document being read: its sentences and, computed once on demand, what each contains."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from surgeops.ingest.dates import DateMention, find_dates, first_year
from surgeops.ingest.gazetteer import PlaceMention, country_mention, find_places, name_for
from surgeops.ingest.language import sentence_language
from surgeops.ingest.lexicon import Cue, find_cues, lemma_tokens, word_starts
from surgeops.ingest.numbers import Number, find_numbers
from surgeops.ingest.roles import DESTINATION, ORIGIN, Role, place_roles
from surgeops.ingest.text import Sentence

# "HANOI, July 28, 2021 -", "NUR-SULTAN (Reuters) -", "Алматы, 18 сәуір 2020.": where the
# story was filed, not where its figures are
_DATELINE = re.compile(r"\s*(?:\([^)]{1,30}\)\s*)?(?:,\s*(?:\d|[^\W\d_]+\.?\s+\d)|[\-–—])")
_KIND_RANK = {"facility": 3, "district": 3, "city": 2, "region": 2, "country": 1}
_AREA_RANK = {"city": 3, "region": 3, "district": 3, "facility": 2, "country": 1}  # where counts are reported


@dataclass
class Doc:
    """Plain text, language, publication date and sentences, with per-sentence caches."""

    text: str
    lang: str
    published: dt.date | None
    sentences: list[Sentence]
    claimed: set[tuple[int, int]] = field(default_factory=set)
    _cache: dict = field(default_factory=dict)

    def _memo(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    def dates(self, i: int) -> list[DateMention]:
        return self._memo(("dates", i), lambda: find_dates(self.sentences[i].text, self.lang, self.published,
                                                           year_hint=self.year_hint()))

    def year_hint(self) -> int | None:
        """Year for dates written without one when the publication date is unknown."""
        return None if self.published else self._memo("year", lambda: first_year(self.text))

    def numbers(self, i: int) -> list[Number]:
        masked = [(d.start, d.end) for d in self.dates(i)] + [(c.start, c.end) for c in self.cues("daily", i)]
        return self._memo(("num", i), lambda: find_numbers(self.sentences[i].text, self.sentence_lang(i), masked=masked))

    def places(self, i: int) -> list[PlaceMention]:
        return self._memo(("places", i), lambda: find_places(self.sentences[i].text))

    def roles(self, i: int) -> list[Role]:
        return self._memo(("roles", i), lambda: place_roles(self.sentences[i].text, self.places(i), self.sentence_lang(i)))

    def sentence_lang(self, i: int) -> str:
        """The document language, unless the sentence's script says otherwise (a Russian
        quote in a Kazakh report, a Kazakh caption in a Russian one)."""
        return self._memo(("lang", i), lambda: sentence_language(self.sentences[i].text, self.lang))

    def cues(self, category: str, i: int) -> list[Cue]:
        text = self.sentences[i].text

        def find() -> list[Cue]:
            starts = self._memo(("starts", i), lambda: word_starts(text))
            tokens = lambda: self._memo(("tokens", i), lambda: lemma_tokens(text))  # noqa: E731
            return find_cues(category, text, self.sentence_lang(i), starts=starts, tokens=tokens)
        return self._memo(("cue", category, i), find)

    def has(self, category: str, i: int) -> bool:
        return bool(self.cues(category, i))

    def is_epidemic(self) -> bool:
        """True when the document speaks of an epidemic at all (gates case and bed facts,
        so that "the court heard 15 cases" or "a hotel of 200 beds" stay out)."""
        def check() -> bool:
            if any(self.has("epidemic", i) for i in range(len(self.sentences))):
                return True
            metrics = {c.code for i in range(len(self.sentences)) for c in self.cues("metric", i)}
            return len(metrics - {"confirmed", "complaints"}) >= 2
        return self._memo("epidemic", check)

    def date_in(self, i: int) -> dt.date | None:
        return next((d.value for d in self.dates(i) if d.value is not None), None)

    def role_votes(self, role: str) -> Counter:
        """Evidence across the document that a place plays a role; the headline counts double."""
        def count() -> Counter:
            votes: Counter = Counter()
            for i in range(len(self.sentences)):
                weight = 2 if i == 0 else 1
                for r in self.roles(i):
                    if r.role == role and not self._dateline(self.sentences[i].text, r.place):
                        votes[r.place.code] += r.strength * weight
            return votes
        return self._memo(("votes", role), count)

    def best_place(self, role: str, *, exclude: str | None = None) -> PlaceMention | None:
        """The place with most role evidence in the document (finer places win ties)."""
        votes = self.role_votes(role)
        ranked = [(v, code) for code, v in votes.items() if code != exclude and v >= 2]
        if not ranked:
            return None
        top = max(v for v, _ in ranked)
        best = self._best_mentions(role)  # the first of the best mentions of each place, in reading order
        return max((best[c] for v, c in ranked if v == top), key=lambda b: (b[0], -b[1]))[2]

    def _best_mentions(self, role: str) -> dict[str, tuple[tuple[int, int], int, PlaceMention]]:
        """For each place in `role`, its best mention (finer kind, then earlier in its
        sentence; first in reading order on a tie) as ((rank, -start), order, mention):
        computed once per document, not once per fact."""
        def scan() -> dict:
            best: dict[str, tuple[tuple[int, int], int, PlaceMention]] = {}
            order = 0
            for i in range(len(self.sentences)):
                for r in self.roles(i):
                    if r.role == role:
                        key = (_KIND_RANK.get(r.place.kind, 0), -r.place.start)
                        if r.place.code not in best or key > best[r.place.code][0]:
                            best[r.place.code] = (key, order, r.place)
                        order += 1
            return best
        return self._memo(("best", role), scan)

    def main_place(self) -> PlaceMention | None:
        """The place the document is mostly about: most mentioned, headline double, not a demonym."""
        def pick() -> PlaceMention | None:
            counts: Counter = Counter()
            first: dict[str, PlaceMention] = {}
            for i in range(len(self.sentences)):
                for r in self.roles(i):
                    p = r.place
                    if not p.adjective and p.kind != "organisation":
                        weight = {ORIGIN: 0.3, DESTINATION: 1.5}.get(r.role, 1.0)
                        counts[p.code] += (3 if i == 0 else 1) * _AREA_RANK.get(p.kind, 1) * weight
                        first.setdefault(p.code, p)
            return first[counts.most_common(1)[0][0]] if counts else None
        return self._memo("main", pick)

    def country_place(self) -> PlaceMention | None:
        """The country a report's "елімізде / по стране / cả nước / nationwide" means: the
        country it names most, else the country of the place it is mostly about."""
        def pick() -> PlaceMention | None:
            named = Counter()
            first: dict[str, PlaceMention] = {}
            for i in range(len(self.sentences)):
                for p in self.places(i):
                    if p.kind == "country" and not p.adjective:
                        named[p.code] += 1
                        first.setdefault(p.code, p)
            if named:
                return first[named.most_common(1)[0][0]]
            main = self.main_place()
            return country_mention(main.code.split("-")[0], self.lang) if main else None
        return self._memo("country", pick)

    def sentence_place(self, i: int) -> PlaceMention | None:
        """The most specific non-demonym place of a sentence that is not an origin."""
        text = self.sentences[i].text
        found = [r.place for r in self.roles(i) if not r.place.adjective and r.role != ORIGIN
                 and r.place.kind != "organisation" and not self._dateline(text, r.place)]
        return max(found, key=lambda p: (_AREA_RANK.get(p.kind, 0), -p.start)) if found else None

    @staticmethod
    def _dateline(text: str, place: PlaceMention) -> bool:
        return place.start <= 2 and bool(_DATELINE.match(text, place.end))

    def role_in(self, i: int, role: str, min_strength: int) -> PlaceMention | None:
        best = [r for r in self.roles(i) if r.role == role and r.strength >= min_strength]
        text = self.sentences[i].text
        best = [r for r in best if not self._dateline(text, r.place)]  # where it was filed is no role
        if not best:
            return None
        # a place or facility before an authority that merely dispatches ("Bộ Y tế điều động")
        top = max(best, key=lambda r: (r.place.kind != "organisation", r.strength)).place
        # "arrived in Bishkek to help Kyrgyzstan": the city inside the country is the finer answer
        inside = [r.place for r in best if r.place.code.startswith(top.code + "-") and not r.place.adjective
                  and not self._dateline(self.sentences[i].text, r.place)]
        return inside[0] if top.kind == "country" and inside else top


def tokens_between(text: str, start: int, end: int) -> list[str]:
    """Words between two offsets of a sentence; any punctuation other than a hyphen counts as a word."""
    return re.findall(r"\w+|[^\w\s\-–]", text[start:end]) if end > start else []


def fact_place_fields(prefix: str, p: PlaceMention | None) -> dict:
    """`origin`/`destination`/`place` as the text names it, plus its gazetteer code (none
    for a district found by its district word alone)."""
    code = p.code if p and not p.code.startswith("LOC:") else None
    return {prefix: name_for(p) if p else None, f"{prefix}_code": code}


__all__ = ["Doc", "ORIGIN", "DESTINATION", "tokens_between", "fact_place_fields"]
