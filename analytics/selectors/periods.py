"""The reporting period every dashboard selector takes: whole local days, with the period before it."""

from __future__ import annotations

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


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def percent_change(current: float | None, previous: float | None) -> float | None:
    """Growth in percent; None when there is nothing to compare with (previous missing or zero)."""
    if current is None or previous is None or previous == 0:
        return None
    return round((current - previous) / previous * 100, 1)
