"""`platforms` is pure Python: importing every module must not import Django."""

from __future__ import annotations

import subprocess
import sys

from tests.platforms.conftest import REPO_ROOT

SCRIPT = """
import importlib, pkgutil, sys
import platforms
names = [m.name for m in pkgutil.walk_packages(platforms.__path__, "platforms.")
         if not m.name.startswith("platforms.sandbox")]  # the fake servers are owned and tested elsewhere
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(len(names), loaded)
assert not loaded, loaded
"""


def test_importing_every_platforms_module_does_not_import_django():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[0]) >= 15  # really walked the package
