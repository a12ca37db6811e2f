"""The sync commands: progress and a summary on stdout, a non-zero exit when anything failed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_q.models import Schedule

from analytics.models import Account, Like, Post, SyncRun

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def _call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_sync_posts_prints_a_summary(fake, account):
    output = _call("sync_posts", "--account", str(account.pk))
    assert "5 new posts" in output
    assert Post.objects.count() == 5


def test_sync_posts_since_and_max_posts_are_honoured(fake, account):
    _call("sync_posts", "--all", "--max-posts", "2")
    assert Post.objects.count() == 2


def test_sync_posts_rejects_a_bad_date(account):
    with pytest.raises(CommandError, match="not a date"):
        _call("sync_posts", "--all", "--since", "yesterday-ish")


def test_sync_posts_exits_non_zero_when_a_run_fails(fake, account):
    fake.status_override[r"verify_credentials"] = 401
    with pytest.raises(CommandError, match="did not finish ok"):
        _call("sync_posts", "--account", str(account.pk))
    assert SyncRun.objects.get().status == "failed"


def test_fetch_engagement_for_one_post(fake, account):
    _call("sync_posts", "--all")
    post = Post.objects.get(remote_id=fake.posts[3].remote_id)
    output = _call("fetch_engagement", "--post", str(post.pk), "--force")
    assert f"{len(fake.posts[3].likers)} likes" in output
    assert Like.objects.filter(post=post).count() == len(fake.posts[3].likers)


def test_fetch_engagement_unknown_account_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No account with id 999"):
        _call("fetch_engagement", "--account", "999")


def test_setup_schedules_twice_then_clear(db):
    _call("setup_schedules")
    _call("setup_schedules")
    from analytics.schedules import schedule_table

    jobs = len(schedule_table())
    assert Schedule.objects.count() == jobs
    assert f"Removed {jobs}" in _call("setup_schedules", "--clear")


def test_connect_account_verifies_the_token_and_stores_it(fake, monkeypatch):
    from tests.analytics.services.fake_mastodon import BASE

    monkeypatch.setenv("POSTFLOW_TOKEN", "a-fresh-token")
    output = _call("connect_account", "--platform", "mastodon", "--instance", BASE)
    account = Account.objects.get()
    assert "Connected brand" in output and account.access_token.reveal() == "a-fresh-token"
    assert "a-fresh-token" not in output


def test_connect_account_with_a_revoked_token_fails_clearly(fake, monkeypatch):
    from tests.analytics.services.fake_mastodon import BASE

    fake.status_override[r"verify_credentials"] = 401
    monkeypatch.setenv("POSTFLOW_TOKEN", "revoked")
    with pytest.raises(CommandError, match="Could not connect: AuthError"):
        _call("connect_account", "--platform", "mastodon", "--instance", BASE)
    assert not Account.objects.exists()


def test_connect_account_refuses_an_insecure_url(db, monkeypatch):
    monkeypatch.setenv("POSTFLOW_TOKEN", "t")
    with pytest.raises(CommandError, match="InvalidInstanceURL"):
        _call("connect_account", "--platform", "mastodon", "--instance", "http://10.0.0.5")


def test_connecting_an_imported_account_adopts_it_instead_of_adding_a_duplicate(fake, monkeypatch):
    from analytics.models import Instance
    from analytics.models.accounts import pending_remote_id
    from tests.analytics.services.fake_mastodon import BASE, OWN_ID

    instance = Instance.objects.create(base_url=BASE, platform="mastodon")
    imported = Account.objects.create(instance=instance, platform="mastodon", handle="brand", is_active=False,
                                      remote_id=pending_remote_id("@Brand"), team="Imported")
    monkeypatch.setenv("POSTFLOW_TOKEN", "token-for-imported")
    _call("connect_account", "--platform", "mastodon", "--instance", BASE)
    account = Account.objects.get()
    assert account.pk == imported.pk
    assert (account.remote_id, account.is_active, account.team) == (OWN_ID, True, "Imported")


@pytest.mark.parametrize("command", ["fetch_engagement", "sync_posts"])
def test_all_exits_non_zero_when_every_account_needs_a_new_token(account, command):
    Account.objects.update(status="needs_reauth")
    with pytest.raises(CommandError, match=r"Every active account \(1\) needs re-authentication"):
        _call(command, "--all")
