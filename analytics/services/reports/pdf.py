"""HTML to PDF with WeasyPrint, never touching the network: the only URLs it may load are `data:` URLs."""

from __future__ import annotations

from weasyprint import HTML
from weasyprint.urls import URLFetcher


class NetworkRefused(ValueError):
    pass


class LocalOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher limited to `data:` URLs (inline SVG charts); http(s), file and the rest are refused.

    A refused resource is left out of the PDF with a warning in WeasyPrint's log; rendering goes on.
    """

    def fetch(self, url, headers=None):
        if not url.startswith("data:"):
            raise NetworkRefused(f"PDFs load no external resources ({url[:60]!r})")
        return super().fetch(url, headers)


def write_pdf(html: str) -> bytes:
    """A new fetcher per document: WeasyPrint's fetcher keeps per-request state."""
    return HTML(string=html, url_fetcher=LocalOnlyFetcher()).write_pdf()
