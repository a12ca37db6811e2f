"""Instagram error bodies, usage headers and metric-error parsing."""

from __future__ import annotations

from datetime import timedelta

from platforms.instagram.errors import metrics_to_drop, usage_from_headers

METRICS = ["views", "reach", "saved", "shares"]


def test_indexed_metric_error_names_the_culprit():
    message = "(#100) metric[1] must be one of the following values: views, saved, shares, likes"
    assert metrics_to_drop(message, METRICS) == ["reach"]


def test_named_metric_error_names_the_culprit():
    message = "(#100) The Media Insights API does not support the views metric for this media product type"
    assert metrics_to_drop(message, METRICS) == ["views"]


def test_message_listing_several_metrics_names_no_culprit():
    assert metrics_to_drop("(#100) allowed values: views, reach", METRICS) == []


def test_business_use_case_usage_gives_percent_and_regain_time():
    headers = {
        "X-Business-Use-Case-Usage": '{"178": [{"type": "instagram", "call_count": 20, '
        '"total_cputime": 91, "total_time": 40, "estimated_time_to_regain_access": 3}]}',
        "X-App-Usage": '{"call_count": 50, "total_time": 10, "total_cputime": 5}',
    }
    usage = usage_from_headers(headers)
    assert usage is not None
    assert (usage.percent, usage.regain_after) == (91.0, timedelta(minutes=3))


def test_garbage_usage_headers_are_ignored():
    assert usage_from_headers({"X-App-Usage": "not json"}) is None
