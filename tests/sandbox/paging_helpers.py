"""Helpers of the paging tests: follow Link headers the way a correct client does."""

from __future__ import annotations

from typing import Any

from tests.sandbox.conftest import Api


def follow(api: Api, path: str, *, rel: str = "next", max_pages: int = 200, **params: Any) -> list[list[Any]]:
    """Every page, following `rel` links; stops on a missing link or an empty page."""
    pages = []
    response = api.get(path, **params)
    for _ in range(max_pages):
        assert response.status_code == 200, response.text
        page = response.json()
        if not page:
            break
        pages.append(page)
        link = response.links.get(rel)
        if link is None:
            break
        response = api.get(link["url"])
    return pages


def ids(pages: list[list[dict[str, Any]]]) -> list[str]:
    return [item["id"] for page in pages for item in page]


def popular_post(truth_account: dict[str, Any]) -> dict[str, Any]:
    return max(truth_account["media_posts"], key=lambda post: post["counts"]["likes"])
