"""The server's own names: detect_instance reports its account domain and canonical URL; the token stays home."""

from __future__ import annotations

import pytest

from platforms.errors import RefusedLink
from platforms.mastodon import MastodonClient
from tests.platforms.conftest import MASTODON, TOKEN


def test_mastodon_v2_domain_is_the_account_domain_and_canonical_host(mocked, mastodon, shared_fixture):
    body = {**shared_fixture("instance__v2.json")["body"], "domain": "Social.Example"}
    mocked.get(f"{MASTODON}/api/v2/instance", json=body)
    instance = mastodon.detect_instance()
    assert (instance.domain, instance.canonical_url) == ("social.example", "https://social.example")


def test_mastodon_v1_bare_uri_is_the_account_domain(mocked, mastodon, shared_fixture):
    mocked.get(f"{MASTODON}/api/v2/instance", status=404)
    mocked.get(f"{MASTODON}/api/v1/instance", json=shared_fixture("instance__v1.json")["body"])
    instance = mastodon.detect_instance()
    # The recording ran on localhost: a local name is refused as canonical host unless insecure URLs are on.
    assert (instance.domain, instance.canonical_url) == ("localhost:3000", "")


def test_gotosocial_full_url_in_v1_uri_gives_the_canonical_host_with_the_typed_scheme(mocked, make_policy):
    client = MastodonClient("http://127.0.0.1:8080", TOKEN, allow_insecure=True, http=make_policy())
    mocked.get("http://127.0.0.1:8080/api/v2/instance", status=404)
    mocked.get("http://127.0.0.1:8080/api/v1/instance",
               json={"uri": "http://LOCALHOST:8080/", "account_domain": "localhost:8080", "version": "0.17.0"})
    instance = client.detect_instance()
    assert instance.canonical_url == "http://localhost:8080"


def test_a_canonical_host_that_fails_the_url_rules_is_not_adopted(mocked, mastodon):
    mocked.get(f"{MASTODON}/api/v2/instance", json={"domain": "10.0.0.7", "version": "4.3.0"})
    assert mastodon.detect_instance().canonical_url == ""


def test_the_token_is_never_sent_outside_the_allowed_origins(mocked, mastodon):
    with pytest.raises(RefusedLink, match="another host"):
        mastodon._get("https://evil.example/api/v1/accounts/verify_credentials")
    assert len(mocked.calls) == 0


def test_the_canonical_origin_is_allowed(mocked, make_policy):
    client = MastodonClient(MASTODON, TOKEN, canonical_url="https://social.example", http=make_policy())
    mocked.get("https://social.example/api/v1/statuses/1", json={})
    client._get("https://social.example/api/v1/statuses/1")
