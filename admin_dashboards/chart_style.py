"""Readable chart series: a colour-blind-safe palette, and a dash pattern and point shape per series so that a
series is never told apart by colour alone. `links` in a payload are read by static/admin_dashboards/drilldown.js.
"""

from __future__ import annotations

import json

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, readable on light and dark.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#7F7F7F")
DASHES = ([], [6, 4], [2, 3], [10, 4, 2, 4], [1, 2], [12, 3])
POINTS = ("circle", "rect", "triangle", "rectRot", "rectRounded", "star")  # filled shapes first


def line_series(index: int) -> dict:
    """Style for the `index`-th line: colour, dash and a visible point shape (the legend shows both)."""
    colour = COLOURS[index % len(COLOURS)]
    return {"borderColor": colour, "backgroundColor": colour, "borderDash": DASHES[index % len(DASHES)],
            "pointStyle": POINTS[index % len(POINTS)], "pointRadius": 3, "borderWidth": 2}


def bar_colours(count: int) -> list[str]:
    return [COLOURS[index % len(COLOURS)] for index in range(count)]


def payload(labels: list[str], datasets: list[dict], *, links: list[str] | None = None,
            value_labels: bool = False) -> str:
    """Chart.js data for unfold's chart component; `links[i]` is where a click on the i-th x position goes."""
    data: dict = {"labels": labels, "datasets": datasets}
    if links:
        data["links"] = links
    if value_labels:
        data["valueLabels"] = True
    return json.dumps(data)
