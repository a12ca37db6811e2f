"""The fast test-only password hasher never reaches a process that is not pytest's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_suite_hashes_fast():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_any_other_process_keeps_djangos_default_hashers_even_with_the_testing_variable():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "POSTFLOW_TESTING": "1", "DEBUG": "1"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    first = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                           check=True, timeout=60).stdout.strip().splitlines()[-1]

    assert first == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
