"""Read a pygal chart's numbers back out of its SVG, for tests that compare charts with selectors."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def svg_series(svg: str) -> list[list[float]]:
    """Each series' point values, from pygal's `<desc class="value">` elements, in drawing order."""
    root = ET.fromstring(svg)  # noqa: S314 (our own pygal output)
    series: dict[int, list[float]] = {}
    for group in root.iter(f"{SVG}g"):
        found = re.fullmatch(r"series serie-(\d+) color-\d+", group.get("class", ""))
        if found and int(found[1]) not in series:  # later groups of the same serie are text overlays
            series[int(found[1])] = [float(desc.text) for desc in group.iter(f"{SVG}desc")
                                     if desc.get("class") == "value"]
    return [series[index] for index in sorted(series)]
