"""`manage.py connect_account`: verify a token against the platform and create or update the account."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError

from analytics.services.accounts.connect import connect_account
from platforms.errors import PlatformError
from platforms.registry import platform_names


class Command(BaseCommand):
    help = "Connect an account: --platform, --instance URL and --token (or the POSTFLOW_TOKEN variable)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--platform", required=True, choices=platform_names())
        parser.add_argument("--instance", required=True, help="e.g. https://mastodon.social")
        parser.add_argument("--token", default=None,
                            help="Access token. Prefer POSTFLOW_TOKEN: arguments show up in process lists.")
        parser.add_argument("--team", default="")
        parser.add_argument("--account-id", default=None,
                            help="Instagram through Facebook Login: the Instagram account id to connect (the token "
                                 "is the Facebook user's and may reach several).")

    def handle(self, *args, **options) -> None:
        token = options["token"] or os.environ.get("POSTFLOW_TOKEN", "")
        if not token:
            raise CommandError("Give --token or set POSTFLOW_TOKEN.")
        try:
            account = connect_account(platform=options["platform"], instance_url=options["instance"], token=token,
                                      team=options["team"], account_id=options["account_id"])
        except PlatformError as exc:
            raise CommandError(f"Could not connect: {type(exc).__name__}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Connected {account.handle} on {account.instance.base_url} (account id {account.pk}, "
            f"{account.followers_count or 0} followers)."))
