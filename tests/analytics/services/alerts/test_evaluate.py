"""Alert evaluation: a post that takes off alerts exactly once, the quiet period holds deliveries back,
and each other rule kind finds its subject once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from analytics.models import (
    AccountDailyStats,
    AccountStatus,
    Alert,
    AlertKind,
    AlertRule,
    AlertStatus,
    SyncStatus,
)
from analytics.services.alerts.evaluate import evaluate_alerts
from tests.concurrency import at_once
from tests.factories import AccountFactory, CommentFactory, LikeFactory, PostFactory, SnapshotFactory, SyncRunFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def rules():
    """The migration's default rules, with an e-mail recipient on the one under test."""
    AlertRule.objects.update(email_recipients="ops@example.com")
    return {rule.kind: rule for rule in AlertRule.objects.all()}


def only(rules, kind):
    AlertRule.objects.exclude(kind=kind).update(enabled=False)
    return rules[kind]


def _account_with_history(likes_per_post=4):
    """Ten earlier posts, each with `likes_per_post` real likes within its first hour."""
    account = AccountFactory()
    for index in range(10):
        post = PostFactory(account=account, posted_at=NOW - timedelta(days=index + 2))
        for minute in range(likes_per_post):
            LikeFactory(post=post, occurred_at=post.posted_at + timedelta(minutes=10 + minute),
                        time_is_estimate=False)
    return account


def _viral_post(account, likes=40):
    post = PostFactory(account=account, posted_at=NOW - timedelta(hours=2))
    for minute in range(likes):
        LikeFactory(post=post, occurred_at=post.posted_at + timedelta(minutes=minute), time_is_estimate=False)
    return post


def test_default_rules_exist_for_every_kind():
    assert set(AlertRule.objects.values_list("kind", flat=True)) == set(AlertKind.values)


def test_a_post_taking_off_alerts_exactly_once(rules):
    only(rules, AlertKind.TAKING_OFF)
    account = _account_with_history()
    viral = _viral_post(account)
    PostFactory(account=account, posted_at=NOW - timedelta(hours=1))  # an ordinary new post

    evaluate_alerts(now=NOW)
    evaluate_alerts(now=NOW + timedelta(minutes=15))

    alerts = list(Alert.objects.all())
    assert [alert.subject_key for alert in alerts] == [f"post:{viral.pk}"]
    assert alerts[0].status == AlertStatus.SENT
    assert alerts[0].payload["engagement"] == 40 and alerts[0].payload["median"] == 4
    assert len(mail.outbox) == 1 and account.handle in mail.outbox[0].subject


def test_estimated_event_times_do_not_make_a_post_take_off(rules):
    only(rules, AlertKind.TAKING_OFF)
    account = _account_with_history()
    post = PostFactory(account=account, posted_at=NOW - timedelta(hours=2))
    for _ in range(40):  # a backfill whose times are only the moment we saw them
        LikeFactory(post=post, occurred_at=post.posted_at + timedelta(minutes=5), time_is_estimate=True)

    assert evaluate_alerts(now=NOW).fired == []


def test_snapshots_and_comments_count_towards_taking_off(rules):
    only(rules, AlertKind.TAKING_OFF)
    account = _account_with_history()
    post = PostFactory(account=account, posted_at=NOW - timedelta(hours=3))
    SnapshotFactory(post=post, captured_at=post.posted_at + timedelta(hours=1), total_engagement=30)
    CommentFactory(post=post, created_at=post.posted_at + timedelta(minutes=5))

    assert [a.payload["engagement"] for a in evaluate_alerts(now=NOW).fired] == [30]


def test_the_database_refuses_a_second_alert_for_the_same_subject(rules):
    rule = rules[AlertKind.TAKING_OFF]
    Alert.objects.create(rule=rule, subject_key="post:1", fired_at=NOW)
    with pytest.raises(IntegrityError):
        Alert.objects.create(rule=rule, subject_key="post:1", fired_at=NOW)


def test_the_quiet_period_logs_but_does_not_send_a_second_alert(rules):
    rule = only(rules, AlertKind.TAKING_OFF)
    first = _account_with_history()
    _viral_post(first)
    evaluate_alerts(now=NOW)
    second = _account_with_history()
    _viral_post(second)

    evaluate_alerts(now=NOW + timedelta(minutes=rule.quiet_minutes - 1))

    assert list(Alert.objects.order_by("fired_at").values_list("status", flat=True)) == [
        AlertStatus.SENT, AlertStatus.SUPPRESSED]
    assert len(mail.outbox) == 1


def test_after_the_quiet_period_the_next_alert_is_sent(rules):
    rule = only(rules, AlertKind.TAKING_OFF)
    _viral_post(_account_with_history())
    evaluate_alerts(now=NOW)
    _viral_post(_account_with_history())

    evaluate_alerts(now=NOW + timedelta(minutes=rule.quiet_minutes + 1))

    assert len(mail.outbox) == 2


def test_followers_drop_above_the_threshold_alerts_once_per_day(rules):
    only(rules, AlertKind.FOLLOWERS_DROP)
    steady, falling = AccountFactory(), AccountFactory()
    today = NOW.date()
    for account, before, after in ((steady, 1000, 980), (falling, 1000, 900)):
        AccountDailyStats.objects.create(account=account, day=today - timedelta(days=1), followers_count=before)
        AccountDailyStats.objects.create(account=account, day=today, followers_count=after)

    evaluate_alerts(now=NOW)
    evaluate_alerts(now=NOW)

    alert = Alert.objects.get()
    assert alert.subject_key == f"account:{falling.pk}:{today.isoformat()}"
    assert alert.payload["drop_percent"] == 10.0
    assert isinstance(today, date)


def test_needs_reauth_alerts_once_and_again_after_a_reconnect_breaks(rules):
    only(rules, AlertKind.NEEDS_REAUTH)
    account = AccountFactory(status=AccountStatus.NEEDS_REAUTH)
    AccountFactory()  # a healthy one
    evaluate_alerts(now=NOW)
    evaluate_alerts(now=NOW)
    assert Alert.objects.count() == 1

    account.token_refreshed_at = NOW
    account.save()
    evaluate_alerts(now=NOW + timedelta(days=1))
    assert Alert.objects.count() == 2


def test_a_token_expiring_within_the_window_alerts_once_per_token(rules):
    only(rules, AlertKind.TOKEN_EXPIRING)
    soon = AccountFactory(token_expires_at=NOW + timedelta(days=3), token_refreshed_at=NOW - timedelta(days=57))
    AccountFactory(token_expires_at=NOW + timedelta(days=30))  # far enough
    AccountFactory(token_expires_at=NOW + timedelta(days=3), status=AccountStatus.NEEDS_REAUTH)  # its own alert
    evaluate_alerts(now=NOW)
    evaluate_alerts(now=NOW + timedelta(hours=1))
    alert = Alert.objects.get()
    assert (alert.payload["account"], alert.payload["expires_at"]) == (soon.handle, soon.token_expires_at.isoformat())
    assert "reconnect the account" in alert.payload["warning"] and len(mail.outbox) == 1

    soon.token_refreshed_at, soon.token_expires_at = NOW, NOW + timedelta(days=2)  # a new token, again short
    soon.save()
    evaluate_alerts(now=NOW + timedelta(days=1))
    assert Alert.objects.count() == 2


def test_a_failed_rotation_alerts_before_the_window(rules):
    only(rules, AlertKind.TOKEN_EXPIRING)
    AccountFactory(token_expires_at=NOW + timedelta(days=40), token_refresh_error="TransientError: 503")
    evaluate_alerts(now=NOW)
    assert Alert.objects.get().payload["rotation_error"] == "TransientError: 503"


def test_sync_failing_for_longer_than_h_hours_alerts(rules):
    rule = only(rules, AlertKind.SYNC_FAILING)
    failing, recovered, fresh = AccountFactory(), AccountFactory(), AccountFactory()
    long_ago = NOW - timedelta(hours=rule.window_hours + 2)
    for account in (failing, recovered):
        SyncRunFactory(account=account, status=SyncStatus.FAILED, finished_at=long_ago)
    SyncRunFactory(account=recovered, status=SyncStatus.OK, finished_at=NOW - timedelta(hours=1))
    SyncRunFactory(account=fresh, status=SyncStatus.FAILED, finished_at=NOW - timedelta(hours=1))

    evaluate_alerts(now=NOW)

    assert [a.payload["account"] for a in Alert.objects.all()] == [failing.handle]


def test_a_failed_delivery_is_recorded_and_not_retried(rules, settings):
    only(rules, AlertKind.NEEDS_REAUTH)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2}}}
    AccountFactory(status=AccountStatus.NEEDS_REAUTH)

    evaluate_alerts(now=NOW)
    evaluate_alerts(now=NOW + timedelta(minutes=15))

    alert = Alert.objects.get()
    assert alert.status == AlertStatus.FAILED and alert.error.startswith("e-mail: ")


def test_the_alerts_schedule_runs_every_15_minutes():
    from analytics.schedules import schedule_table

    jobs = {job.func: job.cron for job in schedule_table()}
    assert jobs["analytics.tasks.evaluate_alerts"] == "*/15 * * * *"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_evaluators_at_once_fire_one_alert():
    AlertRule.objects.exclude(kind=AlertKind.NEEDS_REAUTH).update(enabled=False)
    AlertRule.objects.update(email_recipients="ops@example.com")
    AccountFactory(status=AccountStatus.NEEDS_REAUTH)
    outcomes = at_once(lambda: evaluate_alerts(now=NOW))

    assert [outcome for outcome in outcomes if isinstance(outcome, Exception)] == []
    assert Alert.objects.count() == 1
    assert len(mail.outbox) == 1
