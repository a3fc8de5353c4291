"""The CV part of the profile: positions, education and the optional sections of a resume.

Dates are months or days (`2021-03` or `2021-03-15`); a position without `end` is current.
Achievements attach to a position by its `key` (their `experience:` field) or, without one,
by organisation and date (see `position_of`).
"""

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from builder.models.base import StrictModel

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month_or_day(value: object) -> object:
    """'2021-03' -> 2021-03-01, so owners can write months the way a CV states them."""
    if isinstance(value, str):
        match = _MONTH.match(value.strip())
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if not 1 <= month <= 12:
                raise ValueError(f"month {month} is not between 01 and 12")
            return dt.date(year, month, 1)
    return value


Month = Annotated[
    dt.date,
    BeforeValidator(_month_or_day),
    Field(description="A month (YYYY-MM) or a day (YYYY-MM-DD)."),
]

EmploymentType = Literal[
    "full-time", "part-time", "contract", "freelance", "internship", "apprenticeship"
]


class _Dated(StrictModel):
    start: Month
    end: Month | None = Field(None, description="Last month; leave out while it is ongoing.")

    @model_validator(mode="after")
    def _end_after_start(self) -> "_Dated":
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"end {self.end:%Y-%m} is before start {self.start:%Y-%m}; "
                "swap them or correct the year"
            )
        return self

    @property
    def current(self) -> bool:
        return self.end is None

    def covers(self, day: dt.date) -> bool:
        """True when `day` falls in this period (months count whole)."""
        last_day = dt.date.max if self.end is None else _month_end(self.end)
        return self.start <= day <= last_day


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


class Experience(_Dated):
    organisation: str = Field(min_length=1, description="Employer or client, e.g. 'Northwind AI'.")
    position: str = Field(min_length=1, description="Job title, e.g. 'Senior MLOps Engineer'.")
    location: str | None = Field(None, description="City and country, or 'Remote'.")
    employment_type: EmploymentType = "full-time"
    scope: str = Field(
        "", max_length=240, description="One line on the team, product or remit (shown under it)."
    )
    key: str | None = Field(
        None,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Id achievements use in `experience:` to link to this position.",
    )


class Education(_Dated):
    institution: str = Field(min_length=1)
    degree: str = Field(min_length=1, description="e.g. 'MSc' or 'BSc'.")
    field: str = Field("", description="Field of study, e.g. 'Computer Science'.")
    location: str | None = None
    note: str = Field("", max_length=200, description="Thesis, honours: one line.")


class Certification(StrictModel):
    name: str = Field(min_length=1)
    issuer: str = ""
    date: Month | None = None
    url: str | None = Field(None, pattern=r"^https?://")


class Language(StrictModel):
    language: str = Field(min_length=1)
    fluency: str = Field("", description="e.g. 'native', 'fluent', 'professional', 'B2'.")


class Publication(StrictModel):
    title: str = Field(min_length=1)
    venue: str = Field("", description="Journal, conference, blog or publisher.")
    date: Month | None = None
    url: str | None = Field(None, pattern=r"^https?://")


class Talk(StrictModel):
    title: str = Field(min_length=1)
    event: str = Field("", description="Conference or meetup.")
    date: Month | None = None
    url: str | None = Field(None, pattern=r"^https?://")


class SkillGroup(StrictModel):
    name: str = Field(min_length=1, description="e.g. 'Languages' or 'ML and LLM'.")
    skills: list[str] = Field(min_length=1)


def position_of(
    experience: list[Experience], experience_key: str | None, organisation: str | None, day: dt.date
) -> int | None:
    """Index of the position an achievement belongs to: its explicit key, else the position at
    its organisation whose dates cover `day`, else the nearest-dated one there; None if none."""
    if experience_key is not None:
        return next((i for i, e in enumerate(experience) if e.key == experience_key), None)
    if not organisation:
        return None
    same = [
        i for i, e in enumerate(experience) if e.organisation.casefold() == organisation.casefold()
    ]
    covering = [i for i in same if experience[i].covers(day)]
    if covering:
        return covering[0]
    if not same:
        return None

    def distance(i: int) -> int:
        entry = experience[i]
        if day < entry.start:
            return (entry.start - day).days
        return (day - _month_end(entry.end)).days if entry.end else 0

    return min(same, key=lambda i: (distance(i), i))
