"""Shared pydantic configuration for domain records."""

from __future__ import annotations

import re
from typing import Annotated, Any, Mapping, Optional, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from surgeops.domain.errors import InvalidField

M = TypeVar("M", bound=BaseModel)


# What no text of a request or a file may hold: NUL (PostgreSQL cannot store it) and a lone
# surrogate (half of a UTF-16 pair, which JSON's \ud800 escapes can smuggle in: not text
# at all, it cannot be stored, nor written back in an answer as UTF-8).
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def _refuse_bad_text(value: Any, at: str) -> None:
    """Raise if a text anywhere in `value` holds a NUL character or a lone surrogate. The
    walk keeps its own stack: data nested a thousand deep is checked, not a RecursionError."""
    stack: list[tuple[Any, str]] = [(value, at)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            found = _NOT_TEXT.search(item)
            if found:
                what = "a NUL character (\\u0000)" if found.group() == "\x00" else f"a lone surrogate (\\u{ord(found.group()):04x})"
                raise ValueError(f"{where or 'text'}: {what} is not allowed in text")
        elif isinstance(item, dict):
            pairs = [p for key, inner in item.items() for p in ((key, where), (inner, f"{where}.{key}" if where else str(key)))]
            stack.extend(reversed(pairs))  # reversed: the first bad text in the data is the one named
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed([(inner, f"{where}.{i}" if where else str(i)) for i, inner in enumerate(item)]))


class Input(BaseModel):
    """Anything read from a request or a file: no text in it may hold a NUL character or a
    lone surrogate."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        _refuse_bad_text(data, "")
        return data


class Record(Input):
    """A domain record: unknown keys are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=True)


class Patch(Record):
    """An update: only the fields that are set change."""


MAX_COUNT = 10_000_000  # beds, cases, people or items in one figure
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]

# Every text a request or a file gives has a bound (issue 18 item 13), shown in the
# OpenAPI schema as maxLength; every list one, as maxItems (`Items`). A report's own text
# is bounded by the setting max_upload_bytes instead.
Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]  # a name that must be given
Label = Annotated[str, StringConstraints(max_length=300)]  # a name that may be left empty (one language of a name)
Term = Annotated[str, StringConstraints(min_length=1, max_length=80)]  # a word the model checks against a list (a service)
Text = Annotated[str, StringConstraints(max_length=1000)]  # a short free text: a title, a task, a role, a decree's number
Note = Annotated[str, StringConstraints(max_length=10_000)]  # a note, findings
MAX_ITEMS = 200  # entries of any list in a record (services, stays, sub-groups, ...)


def Items(**kwargs: Any) -> Any:  # noqa: N802 - reads as a type in a field declaration
    """A list field's `Field(...)`, with at most MAX_ITEMS entries."""
    return Field(max_length=MAX_ITEMS, **kwargs)
Code = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


WEB_SCHEMES = ("http", "https")


def is_web_url(value: object) -> bool:
    """Whether `value` is an absolute http(s) address with a host: nothing a browser would
    run (`javascript:`, `data:`, `vbscript:`) and no control character or space that could
    smuggle one past a parser."""
    if not isinstance(value, str) or not value or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    scheme, _, rest = value.partition(":")
    return scheme.lower() in WEB_SCHEMES and rest.startswith("//") and len(rest) > 2 and rest[2] not in "/\\"


def check_web_url(value: str) -> str:
    """`value` if it is a web address (see `is_web_url`), else ValueError naming the rule."""
    if not is_web_url(value):
        raise ValueError("must be an http:// or https:// address (no javascript:, data: or other schemes, no spaces)")
    return value


# Every field holding an address someone may follow (a report's source, ...): http(s) only.
WebUrl = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), AfterValidator(check_web_url)]


def validated(model: type[M], data: Any, *, context: Optional[Mapping[str, Any]] = None) -> M:
    """`model` validated from `data`, or InvalidField naming the first field at fault:
    for paths that validate outside a request body (a PATCH's merged record, a fact)."""
    try:
        return model.model_validate(data, context=dict(context) if context else None)
    except ValidationError as exc:
        raise invalid_field(exc) from None


def invalid_field(exc: ValidationError) -> InvalidField:
    """The first error of a validation, as InvalidField (its message without pydantic's
    "Value error, " prefix)."""
    err = exc.errors()[0]
    at, message = blamed(".".join(str(p) for p in err["loc"]), str(err["msg"]))
    return InvalidField(at or "-", message)


def blamed(at: str, message: str) -> tuple[str, str]:
    """(field, message) of a validation error at `at`: a rule over several fields (at the
    record's level, `at` empty) names the one it blames first, "destinations.1.start: ..."."""
    message = message.removeprefix("Value error, ")
    named = _NAMED.match(message)
    if not at and named:
        return named.group(1), named.group(2)
    return at, message


_NAMED = re.compile(r"^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*): (.+)$", re.DOTALL)
