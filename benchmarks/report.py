"""Render the figures as a Markdown table and write it into docs/benchmarks.md between the bench markers."""

from __future__ import annotations

from pathlib import Path

from benchmarks.measure import Row

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value / 1000:,.1f} s" if value >= 10_000 else f"{value:,.0f} ms"


def table(rows: list[Row]) -> str:
    lines = ["| section | what | p50 | p95 | queries | target | verdict | same-run baseline | notes |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        queries = "" if row.queries is None else str(row.queries)
        lines.append(f"| {row.section} | {row.name} | {_ms(row.p50)} | {_ms(row.p95)} | {queries} | {row.target} "
                     f"| {row.verdict} | {row.baseline} | {row.note} |")
    return "\n".join(lines)


def write_docs(path: Path, header: str, rows: list[Row], plans: str = "") -> None:
    text = path.read_text()
    why = (f"\n\nWhere a page missed its target, the plan of its slowest statement (EXPLAIN ANALYZE, same run):"
           f"\n\n```text\n{plans}\n```") if plans else ""
    block = f"{START}\n{header}\n\n{table(rows)}{why}\n{END}"
    if START in text and END in text:
        before, _, rest = text.partition(START)
        _, _, after = rest.partition(END)
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n## Latest `make bench` run\n\n" + block + "\n"
    path.write_text(text)
