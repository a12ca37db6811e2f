"""List filters the unfold ones do not cover: whole-day date ranges, has comments, deleted, weekday and hour."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import DropdownFilter, RangeDateFilter
from unfold.utils import parse_date_str

YES_NO = (("yes", _("Yes")), ("no", _("No")))


class DayRangeFilter(RangeDateFilter):
    """unfold's date range on a DateTimeField, inclusive of the whole "to" day, using the column's index."""

    def queryset(self, request, queryset):
        start = self._day_start(f"{self.parameter_name}_from")
        end = self._day_start(f"{self.parameter_name}_to", days=1)
        filters = {}
        if start:
            filters[f"{self.parameter_name}__gte"] = start
        if end:
            filters[f"{self.parameter_name}__lt"] = end
        return queryset.filter(**filters)

    def _day_start(self, key: str, *, days: int = 0) -> datetime | None:
        value = self.used_parameters.get(key)
        day = parse_date_str(value) if isinstance(value, str) else None
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day + timedelta(days=days), time.min))


class HasCommentsFilter(DropdownFilter):
    """Reads the cached summary count: no join on the comments table."""

    title = _("has comments")
    parameter_name = "has_comments"

    def lookups(self, request, model_admin):
        return YES_NO

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(summary__comments__gt=0)
        if self.value() == "no":
            return queryset.exclude(summary__comments__gt=0)
        return queryset


class DeletedFilter(DropdownFilter):
    title = _("deleted on the platform")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return YES_NO

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(deleted_at__isnull=self.value() == "no")
        return queryset


WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))


class PostedWeekdayFilter(DropdownFilter):
    """The weekday of publication in the current time zone (a best-time heatmap row links here)."""

    title = _("weekday posted")
    parameter_name = "weekday"

    def lookups(self, request, model_admin):
        return [(str(number), name) for number, name in enumerate(WEEKDAYS, start=1)]

    def queryset(self, request, queryset):
        if self.value() in {str(number) for number in range(1, 8)}:
            return queryset.annotate(
                posted_weekday=ExtractIsoWeekDay("posted_at", tzinfo=timezone.get_current_timezone())
            ).filter(posted_weekday=int(self.value()))
        return queryset


class PostedHourFilter(DropdownFilter):
    """The hour of publication in the current time zone (a heatmap cell or an hour bar links here)."""

    title = _("hour posted")
    parameter_name = "hour"

    def lookups(self, request, model_admin):
        return [(str(hour), f"{hour:02d}:00") for hour in range(24)]

    def queryset(self, request, queryset):
        if self.value() in {str(hour) for hour in range(24)}:
            return queryset.annotate(
                posted_hour=ExtractHour("posted_at", tzinfo=timezone.get_current_timezone())
            ).filter(posted_hour=int(self.value()))
        return queryset
