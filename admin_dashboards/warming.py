"""The warm-up job: right after each roll-up and fan ranking, compute the figures of the pages read from
posts and events for the usual selections, so no staff request pays for them.

"Usual" is what the filter form offers without typing: every preset period (7, 30, 90 days), all
platforms and each platform that has accounts, no chosen accounts, in the team's zone and language. Other
selections (a date range, chosen accounts, another zone) are computed by their first request and then
shared by every process until the next roll-up (caching.py). At 1M posts this is 48 figures in 4-7 s of
one worker, once the fan-rankings job has stored its rankings (docs/benchmarks.md).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.utils import timezone, translation

from admin_dashboards import figures
from admin_dashboards.caching import rollup_version, same_rollup_version
from admin_dashboards.filters import Criteria
from analytics.models import Account
from analytics.selectors.periods import PRESET_DAYS, Period
from analytics.selectors.preferences import team_time_zone
from analytics.tasks import sanitised

logger = logging.getLogger(__name__)


def usual_selections() -> list[Criteria]:
    """Every preset period with no platform and with each platform that has an account (call it inside the
    team's zone: "today" is the team's)."""
    platforms = sorted(set(Account.objects.order_by().values_list("platform", flat=True)))
    return [Criteria(period=Period.last(days), platform=platform)
            for days in PRESET_DAYS for platform in (None, *platforms)]


@sanitised
def warm_dashboards() -> str:
    """Compute what is not in the shared cache yet; the roll-up version is read once, so a roll-up that
    ends meanwhile leaves this run's entries unused rather than mixed."""
    started = time.monotonic()
    computed = 0
    with (timezone.override(team_time_zone()), translation.override(settings.LANGUAGE_CODE),
          same_rollup_version(rollup_version())):
        selections = usual_selections()
        for figure in figures.FROM_EVENTS:
            for criteria in selections:
                computed += figure.warm(criteria)
    total = len(selections) * len(figures.FROM_EVENTS)
    message = f"Warmed {computed} of {total} dashboard figures in {time.monotonic() - started:.1f} s."
    logger.info(message)
    return message
