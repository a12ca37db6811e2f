"""When a report is due (its latest slot, in its own time zone) and which period a slot reports on."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta

from analytics.models import Cadence, Report, ReportPeriod
from analytics.selectors.periods import Period


def latest_slot(report: Report, now: datetime) -> datetime:
    """The most recent scheduled moment at or before `now`, aware in the report's time zone."""
    tz = zoneinfo.ZoneInfo(report.time_zone)
    local = now.astimezone(tz)
    if report.cadence == Cadence.WEEKLY:
        day = local.date() - timedelta(days=(local.weekday() - report.weekday) % 7)
        slot = datetime.combine(day, report.send_time, tzinfo=tz)
        return slot if slot <= now else slot - timedelta(days=7)
    slot = datetime.combine(local.date().replace(day=report.day_of_month), report.send_time, tzinfo=tz)
    if slot <= now:
        return slot
    previous = (local.date().replace(day=1) - timedelta(days=1)).replace(day=report.day_of_month)
    return datetime.combine(previous, report.send_time, tzinfo=tz)


def period_for(report: Report, slot: datetime) -> Period:
    """The whole local days a slot reports on, all before the slot's day."""
    today: date = slot.astimezone(zoneinfo.ZoneInfo(report.time_zone)).date()
    if report.period == ReportPeriod.LAST_7_DAYS:
        return Period(start=today - timedelta(days=7), end=today - timedelta(days=1))
    if report.period == ReportPeriod.LAST_WEEK:
        monday = today - timedelta(days=today.weekday() + 7)
        return Period(start=monday, end=monday + timedelta(days=6))
    end = today.replace(day=1) - timedelta(days=1)
    return Period(start=end.replace(day=1), end=end)
