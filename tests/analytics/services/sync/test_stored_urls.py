"""A synced post or audience member keeps no URL that points staff browsers at a local or private host: media
and thumbnail hosts are screened by what their names resolve to, before anything is stored."""

from __future__ import annotations

import socket

import pytest

from analytics.models import Actor, Post, SyncStatus
from analytics.services.storage.engagement import upsert_actors
from analytics.services.sync.posts import sync_account_posts
from platforms.base import RemoteActor
from platforms.urls import forget_url_verdicts

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

ADDRESSES = {"social.test": "93.184.216.34", "cdn.social.test": "93.184.216.35",
             "media.attacker.test": "10.0.0.9", "metadata.attacker.test": "169.254.169.254"}


@pytest.fixture(autouse=True)
def dns(monkeypatch, settings):
    settings.PLATFORM_ALLOW_INSECURE_URLS = False

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in ADDRESSES:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ADDRESSES[host], port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    forget_url_verdicts()
    yield
    forget_url_verdicts()


def _serve_media_from(fake, host: str) -> None:
    render = fake.status_json

    def status_json(post):
        body = render(post)
        for attachment in body.get("media_attachments") or []:
            attachment["url"] = f"https://{host}/media/{post.remote_id}.jpg"
            attachment["preview_url"] = f"https://{host}/small/{post.remote_id}.jpg"
        return body

    fake.status_json = status_json


def test_media_on_a_public_host_is_stored(fake, account):
    _serve_media_from(fake, "cdn.social.test")
    assert sync_account_posts(account).status == SyncStatus.OK
    post = Post.objects.get(account=account, remote_id=fake.posts[0].remote_id)
    assert post.media_url == f"https://cdn.social.test/media/{post.remote_id}.jpg"
    assert post.preview_url == f"https://cdn.social.test/small/{post.remote_id}.jpg"
    assert post.url.startswith("https://social.test/@brand/")


@pytest.mark.parametrize("host", ["media.attacker.test", "metadata.attacker.test"])
def test_media_on_a_name_resolving_to_a_private_address_is_dropped_and_the_post_kept(fake, account, host):
    _serve_media_from(fake, host)
    result = sync_account_posts(account)
    assert result.status == SyncStatus.OK
    posts = Post.objects.filter(account=account)
    assert posts.count() == len(fake.posts)  # nothing else about the posts is lost
    assert set(posts.values_list("media_url", flat=True)) == {""}
    assert set(posts.values_list("preview_url", flat=True)) == {""}
    assert all(url.startswith("https://social.test/@brand/") for url in posts.values_list("url", flat=True))


def test_the_recorded_localhost_media_is_stored_only_where_insecure_urls_are_allowed(fake, account, settings):
    sync_account_posts(account)
    assert set(Post.objects.values_list("media_url", flat=True)) == {""}  # http://localhost:3000/… in the fixture
    settings.PLATFORM_ALLOW_INSECURE_URLS = True  # the sandbox and the demo
    forget_url_verdicts()
    sync_account_posts(account, full_rescan=True)
    assert all(url.startswith("http://localhost:3000/") for url in Post.objects.values_list("media_url", flat=True))


def test_audience_avatars_and_profiles_are_screened_too(account):
    ids = upsert_actors(account.instance_id, [
        RemoteActor(remote_id="1", handle="fan", url="https://social.test/@fan",
                    avatar_url="https://media.attacker.test/a.png"),
        RemoteActor(remote_id="2", handle="probe", url="https://metadata.attacker.test/latest/meta-data",
                    avatar_url="https://cdn.social.test/b.png"),
    ])
    stored = {actor.pk: (actor.url, actor.avatar_url) for actor in Actor.objects.filter(pk__in=ids.values())}
    assert stored[ids["1"]] == ("https://social.test/@fan", "")
    assert stored[ids["2"]] == ("", "https://cdn.social.test/b.png")
