"""django-filter FilterSets that parse the dashboards' period/platform/account form into selector criteria."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.widgets import INPUT_CLASSES, UnfoldAdminSelectMultipleWidget, UnfoldAdminSelectWidget

from analytics.models import Account, Post
from analytics.models.choices import platform_choices
from analytics.selectors.periods import PRESET_DAYS, Period

DEFAULT_DAYS = 30
MAX_RANGE_DAYS = 366
PERIOD_CHOICES = [(str(days), _("Last %(days)d days") % {"days": days}) for days in PRESET_DAYS]
PERIOD_CHOICES.append(("range", _("Date range")))
COMPARE_CHOICES = [("previous", _("Previous period")), ("year", _("Same period last year")), ("none", _("Nothing"))]


class CalendarDateInput(forms.DateInput):
    """The browser's own calendar picker (<input type="date">), which submits ISO dates."""

    input_type = "date"

    def __init__(self):
        super().__init__(attrs={"class": " ".join(INPUT_CLASSES)}, format="%Y-%m-%d")


@dataclass(frozen=True, slots=True)
class Criteria:
    """What the selectors need from the form."""

    period: Period
    platform: str | None = None
    accounts: tuple[int, ...] = ()
    compare: str = "previous"

    @property
    def comparison(self) -> Period | None:
        """The period the deltas compare with ("Compare to"), or None for nothing."""
        if self.compare == "none":
            return None
        return self.period.last_year() if self.compare == "year" else self.period.previous()


def _keep(queryset, name, value):
    """The dashboards call selectors with the cleaned values; the filter set itself filters nothing."""
    return queryset


class AccountSelectWidget(UnfoldAdminSelectMultipleWidget):
    """unfold's multiple select with its options written in Python, not one template include per option:
    with 150-500 accounts those includes were about a third of every dashboard request (cProfile)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((option["value"], " selected" if option["selected"] else "", option["label"])
             for _group, group_options, _index in widget["optgroups"] for option in group_options),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class PeriodForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            data["period"] = "range"  # dates picked on the calendar win over a preset left as it was
        if data.get("period") == "range":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("A date range needs both a start and an end."))
            if end < start:
                raise forms.ValidationError(_("The range ends before it starts."))
            if (end - start).days >= MAX_RANGE_DAYS:
                raise forms.ValidationError(_("Choose at most %(n)d days.") % {"n": MAX_RANGE_DAYS})
        return data


def platform_filter() -> django_filters.ChoiceFilter:
    """The platform choice shared by every filter set that offers one."""
    return django_filters.ChoiceFilter(label=_("Platform"), choices=platform_choices, method=_keep,
                                       empty_label=_("All platforms"), widget=UnfoldAdminSelectWidget)


class PeriodFilterSet(django_filters.FilterSet):
    period = django_filters.ChoiceFilter(label=_("Period"), choices=PERIOD_CHOICES, empty_label=None,
                                         method=_keep, widget=UnfoldAdminSelectWidget)
    start = django_filters.DateFilter(label=_("From"), method=_keep, widget=CalendarDateInput)
    end = django_filters.DateFilter(label=_("To"), method=_keep, widget=CalendarDateInput)
    compare = django_filters.ChoiceFilter(label=_("Compare to"), choices=COMPARE_CHOICES, empty_label=None,
                                          method=_keep, widget=UnfoldAdminSelectWidget)

    class Meta:
        model = Post
        fields: list[str] = []
        form = PeriodForm

    def __init__(self, data=None, *args, **kwargs):
        # An empty query string means the default period, shown as chosen in the form.
        super().__init__(data or {"period": str(DEFAULT_DAYS)}, *args, queryset=Post.objects.none(), **kwargs)

    def criteria(self) -> Criteria:
        """The form's choices, falling back to the last 30 days when it is empty or invalid."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return Criteria(period=self._period(data), platform=data.get("platform") or None,
                        accounts=tuple(account.pk for account in data.get("account") or ()),
                        compare=data.get("compare") or "previous")

    @staticmethod
    def _period(data: dict) -> Period:
        choice = data.get("period") or str(DEFAULT_DAYS)
        if choice == "range":
            return Period(start=data["start"], end=data["end"])
        today = timezone.localdate()
        return Period(start=today - timedelta(days=int(choice) - 1), end=today)


class PlatformPeriodFilterSet(PeriodFilterSet):
    """Period and platform, for pages read from roll-ups kept per platform (hashtags)."""

    platform = platform_filter()


class AccountFilterSet(PeriodFilterSet):
    account = django_filters.ModelMultipleChoiceFilter(
        label=_("Accounts"), queryset=Account.objects.only("pk", "handle", "platform"), method=_keep,
        widget=AccountSelectWidget,
    )


class DashboardFilterSet(AccountFilterSet):
    platform = platform_filter()
