"""The outputs of a run: ``benchmarks/results/<UTC timestamp>.json`` and the table in ``benchmarks/README.md``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks.analysis import Row
from benchmarks.config import PROJECT, README, RESULTS_DIR
from benchmarks.machine import one_line

START, END = "<!-- results:start -->", "<!-- results:end -->"


def write_json(doc: dict[str, Any], stamp: str) -> Path:
    """Write the run's JSON document (atomically) and return its path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{stamp}.json"
    partial = path.with_suffix(".json.tmp")
    partial.write_text(json.dumps(doc, indent=1, default=str) + "\n")
    partial.rename(path)
    return path


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    lines = ["| id | scenario | measured (medians) | figure | target | result | notes |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        notes = "; ".join(x for x in (row.note, f"**{row.problems}**" if row.problems else "") if x)
        lines.append("| " + " | ".join(_cell(x) for x in (
            row.id, row.scenario, row.measured, row.value_text, row.target, f"**{row.verdict}**"
            if row.met is False or row.problems else row.verdict, notes)) + " |")
    return "\n".join(lines)


def _made(dataset: dict[str, Any]) -> str:
    took = f", {dataset['seconds']:.0f} s" if dataset["seconds"] else ""
    return f"{dataset['kind']} ({dataset['how']}{took})"


def section(doc: dict[str, Any], rows: list[Row], json_path: Path) -> str:
    """The README block: when, where, the command, the data and the table."""
    opts, data = doc["options"], doc["datasets"]
    made = ", ".join(_made(d) for d in data.values())
    return "\n".join([
        f"Run {doc['started_utc']} — {one_line(doc['machine'])}; load average at start "
        f"{' / '.join(str(x) for x in doc['machine']['load_average_at_start'])}.",
        "",
        f"Command: `{doc['command']}` — {opts['rows']:,} generated interviews, {opts['rounds']} round(s) of "
        f"{opts['duration_s']:g} s per measurement, wrk -t{opts['wrk_threads']} -c{opts['wrk_connections']}; "
        f"data: {made}. Raw numbers: `{json_path.relative_to(PROJECT)}`.",
        "",
        table(rows),
    ])


def update_readme(block: str) -> None:
    """Replace the text between the results markers of benchmarks/README.md."""
    text = README.read_text()
    if START not in text or END not in text:
        raise RuntimeError(f"{README} lacks the {START} / {END} markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{block}\n{END}{tail}")
