"""HTML forms onto the domain models: dotted field names (`destinations.0.region`) become
nested payloads, validation errors come back keyed by the same names so each message is
shown next to its field, and what the user typed is kept for the page shown again.

The payload goes through the same domain models and services as the API, so a form
accepts exactly what the API accepts."""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Mapping

from pydantic import ValidationError

from surgeops.domain.errors import InvalidField, StaleVersion
from surgeops.services.access import Forbidden
from surgeops.web.i18n import N_

GENERAL = "_form"
STALE = N_("Someone changed this record since you opened it: reload the page and make your change again.")
_FIELD_PREFIX = re.compile(r"^([A-Za-z_][A-Za-z0-9_.]*): (.+)$", re.S)

# Pydantic error types the forms explain in the user's language (else its own message).
MESSAGES: dict[str, str] = {
    "missing": N_("This field is required."),
    "int_parsing": N_("Enter a whole number."),
    "int_from_float": N_("Enter a whole number."),
    "float_parsing": N_("Enter a number."),
    "date_parsing": N_("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("Enter a date as YYYY-MM-DD."),
    "greater_than_equal": N_("Must be at least %(ge)s."),
    "greater_than": N_("Must be more than %(gt)s."),
    "less_than_equal": N_("Must be at most %(le)s."),
    "too_short": N_("Give at least one."),
    "string_too_short": N_("This field is required."),
    "string_pattern_mismatch": N_("Use Latin letters, digits, dots, dashes or underscores."),
    "enum": N_("Choose one of the listed values."),
    "literal_error": N_("Choose one of the listed values."),
}


def nest(items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Dotted names to nested dicts; numeric parts make lists. A blank field is None inside
    a group that has other values (so the stored record keeps its shape, as the API's), and
    left out otherwise: groups and list rows left entirely blank are dropped (the rest of a
    list moves up), and so are blank top-level fields."""
    root: dict[str, Any] = {}
    for name, value in items:
        value = value.strip() if isinstance(value, str) else value
        if name.startswith("_") or name in ("version", "csrf"):
            continue
        target = root
        *parents, leaf = name.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value if value != "" else None
    pruned = _prune(root)
    return {k: v for k, v in (pruned or {}).items() if v is not None}


def _prune(node: Any) -> Any:
    """None for a group with no value at all; lists from numeric keys, blank rows dropped."""
    if not isinstance(node, dict):
        return node
    children = {k: _prune(v) for k, v in node.items()}
    if node and all(k.isdigit() for k in node):
        return [children[k] for k in sorted(children, key=int) if children[k] is not None]
    if all(v is None or v == [] for v in children.values()):
        return None if all(v is None for v in children.values()) else children
    return children


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """The inverse of `nest`: nested values as dotted names and strings, to fill a form."""
    out: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, name + "."))
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            for i, row in enumerate(value):
                out.update(flatten(row, f"{name}.{i}."))
        elif isinstance(value, list):
            out[name] = ", ".join(str(v) for v in value)
        elif value is not None:
            out[name] = str(value.value if hasattr(value, "value") else value)
    return out


def version_of(form: Mapping[str, Any], current: int) -> int:
    """The version a form was filled in from (its hidden field `version`), else the record's
    current one; InvalidField naming `version` when it is not a version number."""
    raw = str(form.get("version") or current).strip()
    if not raw.isdigit() or len(raw) > 10:
        raise InvalidField("version", f"{raw[:20]!r} is not a version number: open the form again")
    return int(raw)


def errors_of(exc: Exception, fields: set[str], gettext: Callable[[str], str]) -> dict[str, str]:
    """Messages keyed by form field name; those no field owns go under GENERAL."""
    found: dict[str, str] = {}
    if isinstance(exc, StaleVersion):
        found[GENERAL] = gettext(STALE)
    elif isinstance(exc, ValidationError):
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            _place(found, fields, loc, _message(err, gettext))
    elif isinstance(exc, InvalidField):
        _place(found, fields, "", f"{exc.field}: {exc.message}")
    else:
        found[GENERAL] = str(exc)
    return found


def status_for(exc: Exception) -> int:
    """The HTTP status of a form shown again with its errors."""
    if isinstance(exc, StaleVersion):
        return 409
    if isinstance(exc, Forbidden):
        return 403
    return 422


def _message(err: Mapping[str, Any], gettext: Callable[[str], str]) -> str:
    text = MESSAGES.get(err["type"])
    if text:
        return gettext(text) % dict(err.get("ctx") or {})
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _place(found: dict[str, str], fields: set[str], loc: str, message: str) -> None:
    """Put `message` on the field at `loc`; a message 'name: text' from a model-wide check
    names its own field, relative to `loc`."""
    match = _FIELD_PREFIX.match(message)
    if match:
        named = f"{loc}.{match.group(1)}" if loc else match.group(1)
        for candidate in (named, match.group(1)):
            owner = _owner(candidate, fields)
            if owner:
                found.setdefault(owner, match.group(2).removeprefix(f"{match.group(1)}: "))
                return
    owner = _owner(loc, fields)
    found.setdefault(owner or GENERAL, message if owner else (f"{loc}: {message}" if loc else message))


def _owner(name: str, fields: set[str]) -> str | None:
    """The form field that shows errors of `name` (itself, or its nearest shown parent)."""
    parts = name.split(".") if name else []
    while parts:
        candidate = ".".join(parts)
        if candidate in fields:
            return candidate
        parts.pop()
    return None
