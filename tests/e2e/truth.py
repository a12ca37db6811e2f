"""Compare what the database holds with the sandbox's ground truth, removals included.

Live rows are compared as sets: likes and shares without `removed_at`, comments without `deleted_at`, on
posts without `deleted_at`. Removals are checked too: a like the platform undid (`unlikers` in the truth)
that we had stored must carry `removed_at`; a post deleted on the platform that we had stored must carry
`deleted_at`, and its likes, shares and comments must not count among any live post's.
"""

from __future__ import annotations

from analytics.models import Account, Comment, Like, Post, PostVersion, Share


def database_view(account: Account) -> dict:
    every_post = dict(Post.all_objects.filter(account=account).values_list("remote_id", "deleted_at"))
    live = {remote_id for remote_id, deleted_at in every_post.items() if deleted_at is None}
    view = {remote_id: {"likers": set(), "sharers": set(), "comments": {}, "removed_likers": set(),
                        "removed_sharers": set()} for remote_id in every_post}
    for model, live_key, removed_key in ((Like, "likers", "removed_likers"), (Share, "sharers", "removed_sharers")):
        rows = model.objects.filter(post__account=account).values_list("post__remote_id", "actor__remote_id",
                                                                       "removed_at")
        for post_remote, actor_remote, removed_at in rows:
            view[post_remote][live_key if removed_at is None else removed_key].add(actor_remote)
    comments = Comment.objects.filter(post__account=account, deleted_at__isnull=True)
    for post_remote, remote_id, parent in comments.values_list("post__remote_id", "remote_id",
                                                               "in_reply_to_remote_id"):
        view[post_remote]["comments"][remote_id] = parent or None
    versions = PostVersion.objects.filter(post__account=account).values_list("post__remote_id", flat=True)
    for post_remote in versions:
        view[post_remote]["versions"] = view[post_remote].get("versions", 0) + 1
    return {"live": {key: value for key, value in view.items() if key in live},
            "deleted": {key: value for key, value in view.items() if key not in live}}


def truth_view(truth_account: dict) -> dict:
    view = {}
    for post in truth_account["media_posts"]:
        comments = {c["id"]: (c["in_reply_to_id"] if c["in_reply_to_id"] != post["id"] else None)
                    for c in post["comments"]}
        view[post["id"]] = {"likers": set(post["likers"]), "sharers": set(post["sharers"]), "comments": comments,
                            "unlikers": set(post.get("unlikers", ())), "versions": post["versions"]}
    return view


def assert_matches_truth(account: Account, truth_account: dict, *, comments_complete: bool = True,
                         versions: bool = False) -> None:
    """`versions=True` also compares the stored edit history of every edited post with the server's."""
    ours, theirs = database_view(account), truth_view(truth_account)
    live, deleted = ours["live"], ours["deleted"]
    assert set(live) == set(theirs), (
        f"live media posts differ: missing {sorted(set(theirs) - set(live))}, extra {sorted(set(live) - set(theirs))}")
    gone_on_platform = set(truth_account.get("deleted_post_ids", ()))
    for remote_id in gone_on_platform & (set(live) | set(deleted)):
        assert remote_id in deleted, f"post {remote_id} was deleted on the platform but is live here"
    for remote_id, expected in theirs.items():
        got = live[remote_id]
        assert got["likers"] == expected["likers"], (
            f"likers of {remote_id}: missing {sorted(expected['likers'] - got['likers'])}, "
            f"extra {sorted(got['likers'] - expected['likers'])}")
        assert got["sharers"] == expected["sharers"], f"sharers of {remote_id}"
        stored_then_undone = expected["unlikers"] & (got["likers"] | got["removed_likers"])
        assert stored_then_undone <= got["removed_likers"], f"undone likes of {remote_id} not marked removed"
        if comments_complete:
            assert got["comments"] == expected["comments"], f"comments of {remote_id}"
        else:
            assert set(got["comments"]) <= set(expected["comments"]), f"comments of {remote_id}"
        if versions and expected["versions"] > 1:
            assert got.get("versions", 0) == expected["versions"], (
                f"edit history of {remote_id}: {got.get('versions', 0)} versions stored, "
                f"the server has {expected['versions']}")


def live_totals(account: Account) -> tuple[int, int, int]:
    """Live likes, shares and comments on live posts: what dashboards may count."""
    live_posts = Post.objects.filter(account=account)
    return (Like.objects.filter(post__in=live_posts, removed_at__isnull=True).count(),
            Share.objects.filter(post__in=live_posts, removed_at__isnull=True).count(),
            Comment.objects.filter(post__in=live_posts, deleted_at__isnull=True).count())


def truth_totals(truth_account: dict) -> tuple[int, int, int]:
    posts = truth_account["media_posts"]
    return (sum(len(p["likers"]) for p in posts), sum(len(p["sharers"]) for p in posts),
            sum(len(p["comments"]) for p in posts))
