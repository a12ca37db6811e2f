"""`manage.py setup_schedules`: register the periodic jobs idempotently (or remove ours with --clear)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from analytics.schedules import clear_schedules, register_schedules


class Command(BaseCommand):
    help = "Register PostFlow's django-q2 schedules by name (safe to run on every deploy)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--clear", action="store_true", help="Remove PostFlow's schedules only.")
        parser.add_argument("--demo", action="store_true", help="Refresh engagement every minute (demo).")

    def handle(self, *args, **options) -> None:
        if options["clear"]:
            self.stdout.write(f"Removed {clear_schedules()} schedules.")
            return
        for name, created in register_schedules(demo=options["demo"]):
            self.stdout.write(f"{'created' if created else 'updated'}: {name}")
