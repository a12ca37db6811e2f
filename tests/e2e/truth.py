"""Compare what the database holds with the sandbox's ground truth."""

from __future__ import annotations

from analytics.models import Account, Comment, Like, Post, Share


def database_view(account: Account) -> dict:
    posts = dict(Post.objects.filter(account=account).values_list("remote_id", "id"))
    likes = Like.objects.filter(post__account=account, removed_at__isnull=True)
    shares = Share.objects.filter(post__account=account, removed_at__isnull=True)
    view = {remote_id: {"likers": set(), "sharers": set(), "comments": {}} for remote_id in posts}
    for post_remote, actor_remote in likes.values_list("post__remote_id", "actor__remote_id"):
        view[post_remote]["likers"].add(actor_remote)
    for post_remote, actor_remote in shares.values_list("post__remote_id", "actor__remote_id"):
        view[post_remote]["sharers"].add(actor_remote)
    comments = Comment.objects.filter(post__account=account, deleted_at__isnull=True)
    for post_remote, remote_id, parent in comments.values_list("post__remote_id", "remote_id",
                                                               "in_reply_to_remote_id"):
        view[post_remote]["comments"][remote_id] = parent or None
    return view


def truth_view(truth_account: dict) -> dict:
    view = {}
    for post in truth_account["media_posts"]:
        comments = {c["id"]: (c["in_reply_to_id"] if c["in_reply_to_id"] != post["id"] else None)
                    for c in post["comments"]}
        view[post["id"]] = {"likers": set(post["likers"]), "sharers": set(post["sharers"]), "comments": comments}
    return view


def assert_matches_truth(account: Account, truth_account: dict, *, comments_complete: bool = True) -> None:
    ours, theirs = database_view(account), truth_view(truth_account)
    assert set(ours) == set(theirs), "media posts differ"
    for remote_id, expected in theirs.items():
        got = ours[remote_id]
        assert got["likers"] == expected["likers"], f"likers of {remote_id}"
        assert got["sharers"] == expected["sharers"], f"sharers of {remote_id}"
        if comments_complete:
            assert got["comments"] == expected["comments"], f"comments of {remote_id}"
        else:
            assert set(got["comments"]) <= set(expected["comments"]), f"comments of {remote_id}"
