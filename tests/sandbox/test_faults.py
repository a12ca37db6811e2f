"""Seeded faults: 5xx and truncated JSON at roughly the configured rate, slow answers, controls spared."""

from __future__ import annotations

import json
import time

from tests.sandbox.conftest import api_for

REQUESTS = 300


def _outcomes(api, count: int) -> dict[str, int]:
    seen = {"ok": 0, "5xx": 0, "bad_json": 0}
    for _ in range(count):
        response = api.get("/api/v1/accounts/verify_credentials")
        if response.status_code in (502, 503):
            seen["5xx"] += 1
            continue
        try:
            json.loads(response.content)
        except ValueError:
            seen["bad_json"] += 1
        else:
            seen["ok"] += 1
    return seen


def test_faults_give_5xx_and_bad_json_at_about_the_configured_rate(make_sandbox):
    sandbox = make_sandbox(faults="error=0.1,truncate=0.1", rate_limit=10_000)
    seen = _outcomes(api_for(sandbox, "alice"), REQUESTS)
    assert 0.04 * REQUESTS <= seen["5xx"] <= 0.18 * REQUESTS
    assert 0.04 * REQUESTS <= seen["bad_json"] <= 0.18 * REQUESTS


def test_a_single_probability_splits_over_the_three_kinds(make_sandbox):
    sandbox = make_sandbox(faults="0.3", rate_limit=10_000, slow_seconds=(0.001, 0.002))
    seen = _outcomes(api_for(sandbox, "alice"), REQUESTS)
    assert seen["5xx"] > 0 and seen["bad_json"] > 0
    assert seen["ok"] >= 0.75 * REQUESTS


def test_slow_faults_delay_the_answer(make_sandbox):
    sandbox = make_sandbox(faults="slow=1.0", slow_seconds=(0.2, 0.25))
    began = time.perf_counter()
    response = api_for(sandbox, "alice").get("/api/v1/accounts/verify_credentials")
    assert response.status_code == 200
    assert time.perf_counter() - began >= 0.2


def test_control_endpoints_are_never_faulted(make_sandbox):
    sandbox = make_sandbox(faults="error=1.0")
    assert api_for(sandbox, "alice").get("/api/v1/accounts/verify_credentials").status_code in (502, 503)
    for _ in range(20):
        assert sandbox.truth("alice")["accounts"]["alice"]["media_post_count"] > 0
