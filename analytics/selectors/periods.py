"""The reporting period every dashboard selector takes: whole local days, with the period before it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.formats import date_format

PRESET_DAYS = (7, 30, 90)


@dataclass(frozen=True, slots=True)
class Period:
    """Days `start` to `end`, both included, in settings.TIME_ZONE."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    @classmethod
    def last(cls, days: int, *, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(start=today - timedelta(days=days - 1), end=today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(start=end - timedelta(days=self.days - 1), end=end)

    def last_year(self) -> Period:
        """The same days one year earlier (29 February becomes the 28th)."""
        return Period(start=_year_earlier(self.start), end=_year_earlier(self.end))

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range(self.days)]

    @property
    def start_at(self) -> datetime:
        """The first moment of the period, aware, in the current time zone."""
        return local_midnight(self.start)

    @property
    def end_at(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return local_midnight(self.end + timedelta(days=1))

    def __str__(self) -> str:
        return f"{date_format(self.start)} to {date_format(self.end)}"


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


# percent_change's answer for growth from a near-empty base: shown as "new", not "+14,106 %".
NEW = math.inf


def percent_change(current: float | None, previous: float | None, *,
                   new_above: float | None = None) -> float | None:
    """Growth in percent; None when there is nothing to compare with (previous missing or zero).

    With `new_above`, growth beyond that many percent (or from zero) is NEW: the base was near-empty, and
    1 becoming 142 reads "new" rather than "+14,100 %".
    """
    if current is None or previous is None:
        return None
    if new_above is not None and current > previous and (
            previous <= 0 or (current - previous) / previous * 100 > new_above):
        return NEW
    if previous == 0:
        return None
    return round((current - previous) / previous * 100, 1)
