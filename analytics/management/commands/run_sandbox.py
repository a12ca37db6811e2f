"""`manage.py run_sandbox`: serve the sandbox instance (development tool) for `make demo` and e2e tests.

A thin wrapper: the sandbox itself lives in platforms.sandbox and runs without Django too.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from platforms.sandbox.cli import add_arguments, config_from
from platforms.sandbox.server import serve


class Command(BaseCommand):
    help = "Serve the offline Mastodon/Pixelfed sandbox (development tool) on 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        serve(config_from(options), announce=self.stdout.write)
