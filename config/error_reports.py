"""What DEBUG error pages and error e-mails may show: connection URLs carry passwords, so they are hidden."""

from __future__ import annotations

import re

from django.views.debug import SafeExceptionReporterFilter


class PostFlowExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, plus any setting or variable whose name mentions a URL, DSN, DATABASE or a cache's
    LOCATION (a Redis URL with its password)."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|DSN|DATABASE|REDIS|BROKER|LOCATION",
        flags=re.IGNORECASE,
    )
