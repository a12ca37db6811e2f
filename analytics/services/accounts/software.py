"""Know the server: re-read its software (nodeinfo) once a day during the post sync and record it on the
Instance; software we cannot read stops the sync with a message that names it."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from analytics.models import Account, Instance
from platforms.base import PlatformClient
from platforms.errors import BadPayload, NotFound, TransientError, UnsupportedSoftware

logger = logging.getLogger(__name__)
# A little under a day, so the daily sync re-reads it every day even if it starts a little earlier.
RECHECK_EVERY = timedelta(hours=20)


def recheck_server_software(account: Account, client: PlatformClient) -> bool:
    """Re-read the software when the last check is older than RECHECK_EVERY; True when it was re-read.

    UnsupportedSoftware propagates (the run fails naming it, the account is marked failing); a server that
    does not answer its instance documents only delays the check to the next sync."""
    instance = account.instance
    now = timezone.now()
    last = instance.version_checked_at or instance.created_at
    if last is not None and now - last < RECHECK_EVERY:
        return False
    try:
        remote = client.detect_instance()
    except UnsupportedSoftware as refused:
        Instance.objects.filter(pk=instance.pk).update(software=refused.software[:64], version_checked_at=now)
        raise
    except (BadPayload, NotFound, TransientError) as exc:
        logger.warning("could not re-read the software of %s: %s", instance.base_url, exc)
        return False
    fields = {"software": (remote.software or "")[:64], "software_version": (remote.version or "")[:100],
              "version_checked_at": now}
    Instance.objects.filter(pk=instance.pk).update(**fields)
    for key, value in fields.items():
        setattr(instance, key, value)
    return True
