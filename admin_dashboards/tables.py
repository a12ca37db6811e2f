"""django-tables2 tables for the dashboards, drawn with unfold's table classes (see tables/unfold.html)."""

from __future__ import annotations

import django_tables2 as tables
from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from admin_dashboards.templatetags.dashboards import delta, metric, not_available, percent
from analytics.selectors.capabilities import platform_info
from platforms.urls import is_safe_link

TEMPLATE = "admin_dashboards/tables/unfold.html"


class MetricColumn(tables.Column):
    """A number; None renders "—" (not fetched yet), or "n/a" when `reported(record)` says the platform cannot
    report it. Never 0."""

    def __init__(self, *args, decimals: int | None = None, reported=None, **kwargs):
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)
        self.decimals = decimals
        self.reported = reported

    def render(self, value, record):
        if value is None and self.reported is not None and not self.reported(record):
            return not_available()
        return metric(value, self.decimals)


def _reports_insights(record) -> bool:
    reports = getattr(record, "reports_insights", None)
    return reports if reports is not None else platform_info(record.platform).reports_insights


class PercentColumn(tables.Column):
    """A percentage rounded (never cut off) to `decimals`: rates 2, as on the KPI cards; shares 1."""

    def __init__(self, *args, decimals: int = 1, **kwargs):
        self.decimals = decimals
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value):
        return percent(value, self.decimals)


class DashboardTable(tables.Table):
    class Meta:
        template_name = TEMPLATE
        orderable = False

    def __init__(self, data, *, links: dict | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.links = links or {}  # drill-down targets by row key (see admin_dashboards.links)

    def linked(self, key, text):
        url = self.links.get(key)
        return format_html('<a class="pf-link" href="{}">{}</a>', url, text) if url else text


def post_link(pk: int, text: str):
    return format_html('<a class="pf-link" href="{}">{}</a>', reverse("admin:admin_dashboards_post_detail",
                                                                    args=[pk]), text)


class TopPostsTable(DashboardTable):
    caption = tables.Column(verbose_name=_("Post"), empty_values=())
    platform_label = tables.Column(verbose_name=_("Platform"))
    account_handle = tables.Column(verbose_name=_("Account"))
    posted_at = tables.DateTimeColumn(verbose_name=_("Posted"), format="SHORT_DATETIME_FORMAT")
    likes = MetricColumn(verbose_name=_("Likes"))
    comments = MetricColumn(verbose_name=_("Comments"))
    shares = MetricColumn(verbose_name=_("Shares"))
    total_engagement = MetricColumn(verbose_name=_("Engagement"))
    views = MetricColumn(verbose_name=_("Views"), reported=_reports_insights)

    class Meta(DashboardTable.Meta):
        empty_text = _("No posts in this period. Widen the period or sync the accounts' posts.")

    def render_caption(self, record):
        thumb = format_html('<img class="pf-thumb" src="{}" alt="" loading="lazy">', record.preview_url) \
            if is_safe_link(record.preview_url, allow_insecure=settings.PLATFORM_ALLOW_INSECURE_URLS) else ""
        return format_html('<span class="pf-post">{}{}</span>', thumb,
                           post_link(record.pk, record.caption or _("(no caption)")))


class TrendingHashtagsTable(DashboardTable):
    name = tables.Column(verbose_name=_("Hashtag"))
    posts = MetricColumn(verbose_name=_("Posts"))
    total_engagement = MetricColumn(verbose_name=_("Engagement"))
    previous_engagement = MetricColumn(verbose_name=_("Previous period"))
    growth = tables.Column(verbose_name=_("Growth"), empty_values=())

    class Meta(DashboardTable.Meta):
        empty_text = _("No hashtags in this period. Posts with hashtags appear here after the next roll-up.")

    def render_name(self, value):
        return self.linked(value, f"#{value}")

    def render_growth(self, record):
        if record.is_new:
            return format_html('<span class="pf-delta pf-delta-up">{}</span>', _("new"))
        return delta(record.growth)


class ComparisonTable(DashboardTable):
    label = tables.Column(verbose_name=_("Platform"))
    accounts = MetricColumn(verbose_name=_("Accounts"))
    followers = MetricColumn(verbose_name=_("Followers"))
    posts = MetricColumn(verbose_name=_("Posts"))
    total_engagement = MetricColumn(verbose_name=_("Engagement"))
    engagement_per_post = MetricColumn(verbose_name=_("Per post"), decimals=1)
    engagement_rate = PercentColumn(verbose_name=_("Rate"), decimals=2)
    share_of_total = PercentColumn(verbose_name=_("Share of total"))
    views = MetricColumn(verbose_name=_("Views"), reported=_reports_insights)
    reach = MetricColumn(verbose_name=_("Reach"), reported=_reports_insights)
    reports_likers = tables.Column(verbose_name=_("Who liked"))

    class Meta(DashboardTable.Meta):
        empty_text = _("No accounts connected yet. Connect an account under Accounts to compare platforms.")

    def render_reports_likers(self, value):
        return _("listed") if value else not_available()


class AccountsTable(ComparisonTable):
    label = tables.Column(verbose_name=_("Account"))

    def render_label(self, record, value):
        return self.linked(record.key, value)

    class Meta(ComparisonTable.Meta):
        exclude = ("accounts", "reports_likers")
        empty_text = _("No accounts connected on this platform. Connect one under Accounts.")


class SyncRunsTable(DashboardTable):
    kind = tables.Column(verbose_name=_("Job"), accessor="get_kind_display")
    account = tables.Column(verbose_name=_("Account"), accessor="account__handle", default=_("all accounts"))
    status = tables.Column(verbose_name=_("Status"))
    created_at = tables.DateTimeColumn(verbose_name=_("Queued"), format="SHORT_DATETIME_FORMAT")
    error_message = tables.Column(verbose_name=_("Error"), default="")

    class Meta(DashboardTable.Meta):
        empty_text = _("No sync has run yet. Connect an account, then use 'Sync posts now'.")

    def render_status(self, record):
        return format_html('<span class="pf-status pf-status-{}">{}</span>', record.status,
                           record.get_status_display())

    def render_error_message(self, value):
        return value[:120]


class EventsTable(DashboardTable):
    kind = tables.Column(verbose_name=_("What"))
    actor_handle = tables.Column(verbose_name=_("Who"))
    at = tables.Column(verbose_name=_("When"))

    class Meta(DashboardTable.Meta):
        empty_text = _("Nobody is recorded yet. Use 'Refresh engagement' to fetch who engaged.")

    def render_at(self, record):
        shown = date_format(localtime(record.at), "SHORT_DATETIME_FORMAT")
        if record.time_is_estimate:
            return format_html('<span class="pf-estimate" title="{}">≈ first seen {}</span>',
                               _("The platform gives no time; this is when we first saw it."), shown)
        return shown


class FansTable(DashboardTable):
    handle = tables.Column(verbose_name=_("Fan"))
    likes = MetricColumn(verbose_name=_("Likes"))
    shares = MetricColumn(verbose_name=_("Shares"))
    comments = MetricColumn(verbose_name=_("Comments"))
    total = MetricColumn(verbose_name=_("Total"))

    class Meta(DashboardTable.Meta):
        empty_text = _("No fans recorded in this period.")


class VersionsTable(DashboardTable):
    version_at = tables.DateTimeColumn(verbose_name=_("Version"), format="SHORT_DATETIME_FORMAT")
    caption_text = tables.Column(verbose_name=_("Caption"))

    class Meta(DashboardTable.Meta):
        empty_text = _("No edits recorded.")
