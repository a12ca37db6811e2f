"""The registry maps platform names to client classes and feeds model choices."""

from __future__ import annotations

import pytest

from platforms import registry
from platforms.base import PlatformClient
from platforms.errors import UnknownPlatform
from platforms.instagram import InstagramClient
from platforms.mastodon import MastodonClient
from platforms.pixelfed import PixelfedClient
from platforms.registry import as_choices, create_client, get_client_class, register


@pytest.mark.parametrize(
    ("name", "cls"),
    [("mastodon", MastodonClient), ("pixelfed", PixelfedClient), ("instagram", InstagramClient)],
)
def test_builtin_names_resolve_to_their_client_class(name, cls):
    assert get_client_class(name) is cls


def test_as_choices_lists_every_platform_with_its_label():
    choices = dict(as_choices())
    assert choices["mastodon"] == "Mastodon"
    assert choices["pixelfed"] == "Pixelfed"
    assert choices["instagram"] == "Instagram"


def test_create_client_passes_options_to_the_constructor(policy):
    client = create_client("pixelfed", "http://localhost:3000", "token", allow_insecure=True, http=policy)
    assert isinstance(client, PixelfedClient)
    assert client.instance_url == "http://localhost:3000"
    assert client.request_count == 0


def test_unknown_platform_raises_unknown_platform():
    with pytest.raises(UnknownPlatform, match="friendica"):
        get_client_class("friendica")


def test_register_adds_a_plugin_platform(monkeypatch):
    monkeypatch.setattr(registry, "_registry", {})  # keep the fake out of other tests' choices

    @register
    class FakeClient(MastodonClient):
        name = "fakeverse"
        label = "Fakeverse"

    assert get_client_class("fakeverse") is FakeClient
    assert ("fakeverse", "Fakeverse") in as_choices()
    assert issubclass(FakeClient, PlatformClient)
