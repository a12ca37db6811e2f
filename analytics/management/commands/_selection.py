"""Shared argument handling for the sync commands: which accounts to work on."""

from __future__ import annotations

from django.core.management.base import CommandError

from analytics.models import Account


def add_account_arguments(parser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--account", type=int, help="Account id (see the admin).")
    group.add_argument("--all", action="store_true", help="Every active account that does not need a new token.")


def selected_accounts(options) -> list[Account]:
    accounts = Account.objects.select_related("instance")
    if options.get("all"):
        return list(accounts.syncable().order_by("pk"))
    try:
        return [accounts.get(pk=options["account"])]
    except Account.DoesNotExist as exc:
        raise CommandError(f"No account with id {options['account']}") from exc


def exit_on_failure(results) -> None:
    failed = [r for r in results if not r.ok]
    if failed:
        raise CommandError(f"{len(failed)} of {len(results)} runs did not finish ok: "
                           + ", ".join(f"#{r.run_id} {r.status}" for r in failed))
