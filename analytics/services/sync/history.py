"""Edit history owed and fetched: a post whose `edited_at` is newer than its `history_fetched_at` (or never
fetched) gets its versions from whichever flow runs next — sync, `--full` or the refresh — so an edit seen
first by the refresh, or a fetch that failed, is never lost."""

from __future__ import annotations

from django.conf import settings
from django.db.models import F, Q

from analytics.models import Account, Post
from analytics.services.runs.recorder import RunRecorder
from analytics.services.sync.upserts import store_versions
from platforms.base import Capability, PlatformClient
from platforms.errors import BadPayload, NotFound, TransientError


def owed_histories(account: Account):
    """Live posts whose stored history is older than their last edit."""
    return Post.objects.filter(account=account, edited_at__isnull=False).filter(
        Q(history_fetched_at__isnull=True) | Q(history_fetched_at__lt=F("edited_at")))


def fetch_owed_histories(client: PlatformClient, account: Account, recorder: RunRecorder) -> int:
    """Fetch up to HISTORY_FETCH_MAX_PER_RUN owed histories, newest edit first; a failure stays owed."""
    if not client.supports(Capability.EDIT_HISTORY):
        return 0
    limit = settings.POSTFLOW["HISTORY_FETCH_MAX_PER_RUN"]
    owed = list(owed_histories(account).order_by("-edited_at").values_list("pk", "remote_id")[:limit])
    stored = 0
    for post_id, remote_id in owed:
        try:
            stored += store_versions(post_id, client.get_edit_history(remote_id))
        except (NotFound, BadPayload, TransientError) as exc:
            recorder.record_error(f"edit history (retried next run): {exc}", remote_id=remote_id)
        recorder.heartbeat()
    return stored
