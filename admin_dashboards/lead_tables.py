"""Tables of the growth, fans, content and decay pages (column names match glossary keys for their help text)."""

from __future__ import annotations

import django_tables2 as tables
from django.conf import settings
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from admin_dashboards.tables import DashboardTable, MetricColumn, PercentColumn
from platforms.urls import is_safe_link


class GrowthTable(DashboardTable):
    handle = tables.Column(verbose_name=_("Account"))
    platform = tables.Column(verbose_name=_("Platform"))
    first = MetricColumn(verbose_name=_("First known"))
    last = MetricColumn(verbose_name=_("Last known"))
    net_change = MetricColumn(verbose_name=_("Net change"))
    growth_percent = tables.Column(verbose_name=_("Growth"), empty_values=())
    known_since = tables.DateColumn(verbose_name=_("History known since"), format="SHORT_DATE_FORMAT",
                                    default="—")

    class Meta(DashboardTable.Meta):
        empty_text = _("No accounts in scope. Connect an account under Accounts.")

    def render_handle(self, record, value):
        return self.linked(record.account_id, value)

    def render_net_change(self, value):
        if value is None:
            return "—"
        return f"+{value:,}" if value > 0 else f"{value:,}"

    def render_growth_percent(self, record):
        if record.is_new:
            return format_html('<span class="pf-delta pf-delta-up" title="{}">{}</span>',
                               _("The period started under 10 followers."), _("new"))
        if record.growth_percent is None:
            return "—"
        css = "pf-delta-up" if record.growth_percent > 0 else "pf-delta-down" if record.growth_percent < 0 \
            else "pf-delta-flat"
        sign = "+" if record.growth_percent > 0 else ""
        return format_html('<span class="pf-delta {}">{}{} %</span>', css, sign, f"{record.growth_percent:,.2f}")


class FansTable(DashboardTable):
    handle = tables.Column(verbose_name=_("Fan"))
    likes = MetricColumn(verbose_name=_("Likes"))
    shares = MetricColumn(verbose_name=_("Shares"))
    comments = MetricColumn(verbose_name=_("Comments"))
    total = MetricColumn(verbose_name=_("Total"))
    last_engaged_at = tables.Column(verbose_name=_("Last engaged"), empty_values=())

    class Meta(DashboardTable.Meta):
        empty_text = _("Nobody engaged with this period's posts yet, or engagement was not fetched.")

    def render_handle(self, record):
        text = format_html("{} <span class=\"text-subtle\">{}</span>", record.handle, record.display_name) \
            if record.display_name else record.handle
        if record.url and is_safe_link(record.url, allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS):
            return format_html('<a class="pf-link" href="{}" rel="noopener noreferrer" target="_blank" '
                               'title="{}">{}</a>', record.url, _("Open their profile"), text)
        return text

    def render_last_engaged_at(self, value):
        return date_format(localtime(value), "SHORT_DATETIME_FORMAT") if value else "—"


class ContentTable(DashboardTable):
    label = tables.Column(verbose_name=_("Group"))
    sample_size = tables.Column(verbose_name=_("Posts (sample)"), accessor="posts", empty_values=())
    total_engagement = MetricColumn(verbose_name=_("Engagement"))
    engagement_per_post = MetricColumn(verbose_name=_("Per post"), decimals=1)
    engagement_rate = PercentColumn(verbose_name=_("Rate"), decimals=2)  # rates: 2 decimals, as on the cards

    class Meta(DashboardTable.Meta):
        empty_text = _("No posts in this period.")

    def render_label(self, record, value):
        return self.linked(record.key, value)

    def render_sample_size(self, record):
        if record.small_sample:
            return format_html('{} <span class="pf-small-sample" title="{}">{}</span>', record.posts,
                               _("Fewer than 3 posts: read this group's averages with care."), _("small sample"))
        return f"{record.posts:,}"


class DecayTable(DashboardTable):
    platform_label = tables.Column(verbose_name=_("Platform"))
    media_label = tables.Column(verbose_name=_("Media type"))
    posts = MetricColumn(verbose_name=_("Posts"))
    median_hours_to_half = MetricColumn(verbose_name=_("Time to 50 % (median, h)"), decimals=1)
    median_hours_to_ninety = MetricColumn(verbose_name=_("Time to 90 % (median, h)"), decimals=1)

    class Meta(DashboardTable.Meta):
        empty_text = _("No post in this period has at least 5 engagements with a real time yet.")

    def render_media_label(self, record, value):
        return self.linked((record.platform, record.media_type), value)
