"""No PDF reaches the network: WeasyPrint's fetcher loads data: URLs only, and pygal's SVG links nothing."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from analytics.services.reports.charts import Chart, render_svg, svg_data_uri
from analytics.services.reports.pdf import LocalOnlyFetcher, NetworkRefused, write_pdf
from tests.platforms.loopback import hostile_server


def _answer_png(conn, index):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/css\r\nContent-Length: 0\r\n\r\n")


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x.png", "https://example.com/font.woff2",
                                 "file:///etc/passwd", "ftp://example.com/x"])
def test_the_fetcher_refuses_every_url_but_data(url):
    with pytest.raises(NetworkRefused):
        LocalOnlyFetcher().fetch(url)


def test_the_fetcher_reads_data_urls():
    response = LocalOnlyFetcher().fetch(svg_data_uri("<svg xmlns='http://www.w3.org/2000/svg'/>"))
    assert response.read().startswith(b"<svg")


def test_a_document_linking_a_server_renders_without_a_single_request():
    with hostile_server(_answer_png) as (port, received):
        base = f"http://127.0.0.1:{port}"
        html = (f'<html><head><link rel="stylesheet" href="{base}/a.css"><style>@import url("{base}/b.css");'
                f'@font-face {{ font-family: X; src: url("{base}/f.woff2"); }} body {{ font-family: X; '
                f'background: url("{base}/bg.png"); }}</style></head><body><p>Hello</p>'
                f'<img src="{base}/i.png"><img src="https://127.0.0.1:{port}/j.png"></body></html>')
        pdf = write_pdf(html)
    assert received == []
    assert "Hello" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def test_pygal_svg_has_no_script_and_no_link():
    svg = render_svg(Chart(title="t", labels=["a", "b"], series=[("x", [1, 2]), ("y", [3, None])]))
    assert "<script" not in svg
    assert "href=" not in svg and "src=" not in svg and "@import" not in svg
