"""Shared pydantic configuration for domain records."""

from __future__ import annotations

import re
from typing import Annotated, Any, Mapping, Optional, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from surgeops.domain.errors import InvalidField

M = TypeVar("M", bound=BaseModel)


def _refuse_nul(value: Any, at: str) -> None:
    """Raise if a text anywhere in `value` holds a NUL character: PostgreSQL cannot store
    one, and no field of these records has a use for it."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"{at or 'text'}: a NUL character (\\u0000) is not allowed in text")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, at)
            _refuse_nul(item, f"{at}.{key}" if at else str(key))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _refuse_nul(item, f"{at}.{i}" if at else str(i))


class Input(BaseModel):
    """Anything read from a request or a file: no text in it may hold a NUL character."""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        _refuse_nul(data, "")
        return data


class Record(Input):
    """A domain record: unknown keys are errors, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=True)


class Patch(Record):
    """An update: only the fields that are set change."""


Count = Annotated[int, Field(ge=0, le=10_000_000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300)]
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
    at = ".".join(str(p) for p in err["loc"])
    message = str(err["msg"]).removeprefix("Value error, ")
    named = _NAMED.match(message)
    if not at and named:  # a rule over several fields says which one it blames: "composition: ..."
        at, message = named.group(1), named.group(2)
    return InvalidField(at or "-", message)


_NAMED = re.compile(r"^([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*): (.+)$", re.DOTALL)
