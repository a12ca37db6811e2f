"""Synced data is read-only for everyone, superusers included: no add, change or delete in the admin, while
lists, detail pages and exports keep working; an account's deletion still takes its synced rows with it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from analytics import models
from tests import factories

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


def _post_version():
    return models.PostVersion.objects.create(post=factories.PostFactory(), version_at="2026-01-01T00:00:00Z")


def _hashtag_stats():
    return models.HashtagStats.objects.create(hashtag=factories.HashtagFactory(), granularity="day",
                                              period_start="2026-01-01T00:00:00Z")


def _daily_stats():
    return models.AccountDailyStats.objects.create(account=factories.AccountFactory(), day="2026-01-01")


SYNCED = {
    "post": factories.PostFactory,
    "like": factories.LikeFactory,
    "share": factories.ShareFactory,
    "comment": factories.CommentFactory,
    "engagementsummary": factories.SummaryFactory,
    "metricsnapshot": factories.SnapshotFactory,
    "hashtag": factories.HashtagFactory,
    "postversion": _post_version,
    "actor": factories.ActorFactory,
    "hashtagstats": _hashtag_stats,
    "accountdailystats": _daily_stats,
}


def _url(model: str, view: str, *args) -> str:
    return reverse(f"admin:analytics_{model}_{view}", args=args)


@pytest.mark.parametrize("model", SYNCED)
def test_a_superuser_cannot_add_change_or_delete_synced_rows(admin_client, model):
    row = SYNCED[model]()
    manager = type(row)._base_manager

    assert admin_client.get(_url(model, "add")).status_code == 403
    assert admin_client.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    bulk = admin_client.post(_url(model, "changelist"),
                             {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
    assert bulk.status_code in (200, 302, 403)  # refused, or the list again: no such action here
    assert manager.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", SYNCED)
def test_a_superuser_still_browses_synced_rows_read_only(admin_client, model):
    row = SYNCED[model]()

    assert admin_client.get(_url(model, "changelist")).status_code == 200
    detail = admin_client.get(_url(model, "change", row.pk))
    assert detail.status_code == 200
    assert not detail.context["has_change_permission"]
    assert not detail.context["has_delete_permission"]
    action_form = admin_client.get(_url(model, "changelist")).context["action_form"]
    actions = [name for name, _label in action_form.fields["action"].choices] if action_form else []
    assert "delete_selected" not in actions


def test_a_superuser_cannot_edit_a_post_through_its_change_form(admin_client):
    post = factories.PostFactory(caption_text="original")

    response = admin_client.post(_url("post", "change", post.pk), {"caption_text": "rewritten"})

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.caption_text == "original"


def test_a_superuser_still_exports_synced_rows(admin_client):
    factories.PostFactory()

    response = admin_client.get(_url("post", "export"))

    assert response.status_code == 200


def test_deleting_an_account_takes_its_synced_data_with_it(admin_client):
    like = factories.LikeFactory()
    account = like.post.account

    confirm = admin_client.get(_url("account", "delete", account.pk))
    assert confirm.status_code == 200
    assert not confirm.context["perms_lacking"]
    response = admin_client.post(_url("account", "delete", account.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not models.Account.objects.filter(pk=account.pk).exists()
    assert not models.Post.all_objects.filter(pk=like.post_id).exists()
