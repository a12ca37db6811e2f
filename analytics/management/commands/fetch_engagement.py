"""`manage.py fetch_engagement`: refresh counts and who engaged, for a post, an account or all accounts."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from analytics.management.commands._selection import exit_on_failure
from analytics.management.progress import printing_progress
from analytics.models import Account, AccountStatus, Post, SyncTrigger
from analytics.services.refresh.engagement import refresh_account_engagement


def refuse_when_all_need_reauth(accounts: list) -> None:
    """`--all` with nothing to do because every switched-on account waits for a new token is an error."""
    if accounts:
        return
    waiting = Account.objects.filter(is_active=True, status=AccountStatus.NEEDS_REAUTH).count()
    if waiting:
        raise CommandError(f"Every active account ({waiting}) needs re-authentication: replace their tokens "
                           f"in the admin (Accounts), then run this again.")


class Command(BaseCommand):
    help = "Refresh engagement: re-read counts; fetch likers, sharers and comments where counts changed."

    def add_arguments(self, parser) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--post", type=int, help="One post id.")
        target.add_argument("--account", type=int, help="One account id.")
        target.add_argument("--all", action="store_true", help="Every active account.")
        parser.add_argument("--hours", type=int, default=None, help="Only posts published in the last N hours.")
        parser.add_argument("--max-posts", type=int, default=None, help="At most N posts per account.")
        parser.add_argument("--force", action="store_true", help="Fetch who engaged even if counts did not move.")
        parser.add_argument("--tiered", action="store_true", help="Only posts due by their age tier.")

    def _targets(self, options) -> list[tuple[Account, list[int] | None]]:
        if options["post"]:
            post = Post.objects.select_related("account__instance").filter(pk=options["post"]).first()
            if post is None:
                raise CommandError(f"No live post with id {options['post']}")
            return [(post.account, [post.pk])]
        accounts = Account.objects.select_related("instance")
        if options["all"]:
            chosen = list(accounts.syncable().order_by("pk"))
            refuse_when_all_need_reauth(chosen)
            return [(account, None) for account in chosen]
        account = accounts.filter(pk=options["account"]).first()
        if account is None:
            raise CommandError(f"No account with id {options['account']}")
        return [(account, None)]

    def handle(self, *args, **options) -> None:
        results = []
        for account, post_ids in self._targets(options):
            with printing_progress(self.stdout, label=f"engagement {account.handle}") as printer:
                result = refresh_account_engagement(
                    account, post_ids=post_ids, hours=options["hours"], max_posts=options["max_posts"],
                    force=options["force"], tiered=options["tiered"], trigger=SyncTrigger.COMMAND)
                printer.finish(result)
            results.append(result)
        added = {key: sum(r.counts.get(key, 0) for r in results) for key in ("likes_added", "shares_added",
                                                                              "comments_added")}
        self.stdout.write(self.style.SUCCESS(
            f"{len(results)} accounts: {added['likes_added']} likes, {added['shares_added']} shares, "
            f"{added['comments_added']} comments added."))
        exit_on_failure(results)
