"""Parameters of the reference census model, validated once at the edge.

The keys are the flat keys of the reference model's parameter table, so a
parameter file written for it loads unchanged. Every invalid value raises a
`ParameterError` whose message names the offending field.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

MAX_DAYS = 3650


class ParameterError(ValueError):
    """A parameter set the model cannot run; the message names the field."""


class Parameters(BaseModel):
    """One parameter set of the reference SIR census model (see docs/forecast.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    population: float = Field(gt=0)
    current_hospitalized: float = Field(ge=0)
    doubling_time: Optional[float] = Field(default=None, gt=0)
    date_first_hospitalized: Optional[date] = None
    relative_contact_rate: float = Field(default=0.3, ge=0, le=1)
    mitigation_date: Optional[date] = None
    infectious_days: float = Field(default=14, gt=0)
    market_share: float = Field(default=0.15, gt=0, le=1)
    hospitalized_rate: float = Field(default=0.025, gt=0, le=1)
    hospitalized_days: int = Field(default=7, ge=1, le=MAX_DAYS)
    icu_rate: float = Field(default=0.0075, ge=0, le=1)
    icu_days: int = Field(default=9, ge=1, le=MAX_DAYS)
    ventilated_rate: float = Field(default=0.005, ge=0, le=1)
    ventilated_days: int = Field(default=10, ge=1, le=MAX_DAYS)
    recovered: float = Field(default=0, ge=0)
    n_days: int = Field(default=30, ge=1, le=MAX_DAYS)
    current_date: date = Field(default_factory=date.today)

    @field_validator("current_date", "mitigation_date", "date_first_hospitalized", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        """Accept only ISO dates (YYYY-MM-DD) or date objects, never timestamps."""
        if value is None or isinstance(value, date):
            return value
        if not isinstance(value, str):
            raise ValueError(f"must be an ISO date YYYY-MM-DD, got {value!r}")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"must be an ISO date YYYY-MM-DD, got {value!r}") from None

    @model_validator(mode="after")
    def _one_growth_source(self) -> "Parameters":
        """Exactly one of doubling_time and date_first_hospitalized fixes the growth."""
        has_dt = self.doubling_time is not None
        has_first = self.date_first_hospitalized is not None
        if has_dt == has_first:
            raise ValueError(
                "doubling_time: give exactly one of doubling_time and date_first_hospitalized"
            )
        if has_first and self.date_first_hospitalized > self.current_date:
            raise ValueError("date_first_hospitalized: must not be after current_date")
        seed = 1.0 / self.market_share / self.hospitalized_rate
        if self.population <= seed:
            raise ValueError(
                f"population: must exceed the {seed:g} people infected on the first hospitalisation day "
                "(1 / market_share / hospitalized_rate)"
            )
        return self

    @property
    def mitigation_day(self) -> int:
        """Day of the mitigation date counted from current_date (day 0)."""
        when = self.mitigation_date or self.current_date
        return (when - self.current_date).days

    @property
    def first_hospitalized_day(self) -> Optional[int]:
        """D on the date_first_hospitalized path, None otherwise."""
        if self.date_first_hospitalized is None:
            return None
        return (self.current_date - self.date_first_hospitalized).days


def _describe(error: ValidationError) -> str:
    """One line naming the first invalid field and why."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    if not field and ":" in message:
        return message
    got = first.get("input")
    suffix = f" (got {got!r})" if field and not isinstance(got, dict) else ""
    return f"{field}: {message}{suffix}" if field else message


def parse_parameters(data: dict[str, Any]) -> Parameters:
    """Validate a flat parameter mapping; raise ParameterError naming the field."""
    if not isinstance(data, dict):
        raise ParameterError("a parameter set must be a JSON object")
    try:
        return Parameters.model_validate(data)
    except ValidationError as exc:
        raise ParameterError(_describe(exc)) from None
