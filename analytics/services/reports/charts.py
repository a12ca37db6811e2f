"""Server-side charts for PDFs and e-mails: a chart's numbers (`Chart`) drawn as a self-contained SVG by pygal.

pygal draws without JavaScript and without fetching anything: `js=[]` drops the script tag it would
otherwise point at a CDN, and the style uses only local font names.
"""

from __future__ import annotations

import base64
import functools
import re
import sys
from dataclasses import dataclass, field

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


@functools.cache
def _pygal():
    """pygal, imported on the first chart drawn: web workers and exports that draw none skip its import.

    pygal appends a `sys.meta_path` finder (for its map plugins) that has no `find_spec`: on Python 3.12+
    every failed import after it raises AttributeError instead of ImportError, which breaks optional-import
    probes everywhere (pytest's own among them). We use no pygal maps, so the finder goes."""
    import pygal
    from pygal.style import Style

    sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "PluginImportFixer"]
    style = Style(
        background="white", plot_background="white", foreground="#374151", foreground_strong="#111827",
        foreground_subtle="#9ca3af", font_family="DejaVu Sans, sans-serif",
        colors=("#7c3aed", "#c4b5fd", "#4c1d95", "#9ca3af", "#8b5cf6", "#4b5563"),
        title_font_size=14, legend_font_size=11, label_font_size=9, major_label_font_size=9,
        value_font_size=9, tooltip_font_size=10,
    )
    return pygal, style


@dataclass(frozen=True)
class Chart:
    """What a chart shows: x labels and named series of numbers (None: no value at that label)."""

    title: str
    labels: list[str]
    series: list[tuple[str, list[float | int | None]]] = field(default_factory=list)
    kind: str = "bar"  # "bar" or "line"

    @property
    def is_empty(self) -> bool:
        """Nothing but zeros and gaps: drawn as a sentence ("no data"), not as a flat chart."""
        return not any(value for _name, values in self.series for value in values)


def _number(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def render_svg(chart: Chart, *, width: int = 720, height: int = 280) -> str:
    """The chart as one `<svg>` element; each point's exact number is in a `<desc class="value">`."""
    pygal, style = _pygal()
    chart_class = pygal.Line if chart.kind == "line" else pygal.Bar
    drawing = chart_class(
        js=[], disable_xml_declaration=True, style=style, width=width, height=height,
        show_legend=len(chart.series) > 1, legend_at_bottom=True, x_label_rotation=30 if len(chart.labels) > 12
        else 0, show_minor_x_labels=len(chart.labels) <= 16, x_labels_major_count=12, truncate_label=16,
        value_formatter=_number, print_values=False, explicit_size=True,
    )
    drawing.x_labels = chart.labels
    for name, values in chart.series:
        drawing.add(name, list(values))
    # pygal still inlines its config as a <script>: no network, but PDFs and mail need no script at all.
    return SCRIPT.sub("", drawing.render(is_unicode=True))


def svg_data_uri(svg: str) -> str:
    """For an `<img src>` in WeasyPrint, whose url_fetcher accepts data: URLs only."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
