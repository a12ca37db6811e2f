"""HTML to PDF with WeasyPrint, never touching the network: the only URLs it may load are `data:` URLs.

WeasyPrint is imported on the first PDF, not at start: its import takes about a second and tens of MB that
every web worker, export and task process would otherwise carry (docs/benchmarks.md, export memory)."""

from __future__ import annotations

import functools


class NetworkRefused(ValueError):
    pass


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """WeasyPrint's fetcher limited to `data:` URLs (inline SVG charts); http(s), file and the rest are
        refused. A refused resource is left out of the PDF with a warning in WeasyPrint's log."""

        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise NetworkRefused(f"PDFs load no external resources ({url[:60]!r})")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def __getattr__(name: str):
    if name == "LocalOnlyFetcher":
        return _fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def write_pdf(html: str) -> bytes:
    """A new fetcher per document: WeasyPrint's fetcher keeps per-request state."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_fetcher_class()()).write_pdf()
