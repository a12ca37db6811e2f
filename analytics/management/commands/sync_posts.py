"""`manage.py sync_posts`: sync the media posts of one or all accounts now, in this process."""

from __future__ import annotations

from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from analytics.management.commands._selection import add_account_arguments, exit_on_failure, selected_accounts
from analytics.management.commands.fetch_engagement import refuse_when_all_need_reauth
from analytics.management.progress import printing_progress
from analytics.models import SyncTrigger
from analytics.services.sync.posts import sync_account_posts


def parse_since(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(f"--since: not a date or datetime: {value!r}")
        parsed = datetime.combine(day, time.min)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


class Command(BaseCommand):
    help = "Sync media posts of accounts from their platforms (upserts, hashtags, edits, deletions)."

    def add_arguments(self, parser) -> None:
        add_account_arguments(parser)
        parser.add_argument("--max-posts", type=int, default=None, help="Stop after this many media posts.")
        parser.add_argument("--since", default=None, help="Only posts published on or after this date (ISO).")
        parser.add_argument("--full", action="store_true", help="Re-scan everything and detect deleted posts.")

    def handle(self, *args, **options) -> None:
        since = parse_since(options["since"])
        results = []
        accounts = selected_accounts(options)
        if options["all"]:
            refuse_when_all_need_reauth(accounts)
        for account in accounts:
            with printing_progress(self.stdout, label=f"sync {account.handle}") as printer:
                result = sync_account_posts(account, max_posts=options["max_posts"], since=since,
                                            full_rescan=options["full"], trigger=SyncTrigger.COMMAND)
                printer.finish(result)
            results.append(result)
        total = sum(r.counts.get("posts_created", 0) for r in results)
        self.stdout.write(self.style.SUCCESS(f"{len(results)} accounts, {total} new posts."))
        exit_on_failure(results)
