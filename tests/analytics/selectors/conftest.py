"""Factory data for selector tests: accounts on two platforms with posts, summaries and roll-ups."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from analytics.selectors.periods import Period
from tests import factories


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def make_post(account, when, *, likes=0, comments=0, shares=0, views=None, reach=None):
    post = factories.PostFactory(account=account, posted_at=when)
    factories.SummaryFactory(post=post, likes=likes, comments=comments, shares=shares,
                             total_engagement=likes + comments + shares, views=views, reach=reach)
    return post


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def week(today):
    return Period.last(7, today=today)

