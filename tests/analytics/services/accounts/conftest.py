"""A Mastodon instance with OAuth endpoints, served through `responses`, for the sign-in service tests."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from tests.analytics.services.fake_mastodon import BASE, INSTANCE_V2, account_json

CALLBACK = "https://postflow.example/admin/analytics/account/connect/callback/"
OWN_ID = "117020565966271181"


class OAuthInstance:
    """Registers app, token, revoke, instance and verify_credentials; tests change the answers."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.mock = mock
        self.signed_in = (OWN_ID, "brand")
        self.token_answer: tuple[int, object] = (200, {"access_token": "granted-token", "token_type": "Bearer",
                                                       "scope": "read", "created_at": 1})
        self.verify_status = 200
        instance = copy.deepcopy(INSTANCE_V2)
        instance["domain"] = urlsplit(BASE).netloc
        mock.post(f"{BASE}/api/v1/apps", json={"id": "7", "client_id": "cid", "client_secret": "csecret"})
        mock.add_callback(responses.POST, f"{BASE}/oauth/token", self._token)
        mock.post(f"{BASE}/oauth/revoke", json={})
        mock.get(f"{BASE}/api/v2/instance", json=instance)
        mock.add_callback(responses.GET, f"{BASE}/api/v1/accounts/verify_credentials", self._verify)

    def _token(self, request):
        status, body = self.token_answer
        if isinstance(body, str):
            return status, {"Content-Type": "text/html"}, body
        return status, {"Content-Type": "application/json"}, json.dumps(body)

    def _verify(self, request):
        if self.verify_status != 200:
            return self.verify_status, {}, json.dumps({"error": "The access token is invalid"})
        return 200, {"Content-Type": "application/json"}, json.dumps(account_json(*self.signed_in))

    def calls_to(self, path: str) -> list:
        return [call for call in self.mock.calls if urlsplit(call.request.url).path == path]

    def form_of(self, call) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(call.request.body).items()}


@pytest.fixture
def instance() -> Iterator[OAuthInstance]:
    # Not every test reaches every endpoint (a denied sign-in never exchanges a code).
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield OAuthInstance(mock)


@pytest.fixture
def state_of():
    def read(authorize_url: str) -> str:
        return parse_qs(urlsplit(authorize_url).query)["state"][0]

    return read
