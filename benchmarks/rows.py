"""The table's rows from a run's JSON document alone, so that a saved run can be rendered again.

``python -m benchmarks.run --render benchmarks/results/<stamp>.json`` uses this after the analysis changes.
"""

from __future__ import annotations

import re
from typing import Any

from benchmarks.analysis import Row, absent_row, availability_row, evaluate, mixed_rows
from benchmarks.config import TITLES, wanted
from benchmarks.wrk import Round, WrkResult

FACE_TITLES = {"merge": "Merge", "bindbee": "Bindbee"}


def _order(row: Row) -> int:
    """By scenario number; rows of one scenario keep the order they were made in (the sort is stable)."""
    match = re.match(r"B(\d+)", row.id)
    return int(match.group(1)) if match else 99


def _absent(doc: dict[str, Any], measured: set[str]) -> list[Row]:
    """Rows for the faces and options a run could not measure, saying why."""
    opts = doc["options"]
    only = frozenset(opts["only"]) if opts["only"] else None
    faces, rows = set(doc.get("faces_present", [])), []
    for face in ("merge", "bindbee"):
        if wanted(only, "B4") and face not in faces:
            rows.append(absent_row(f"B4-{face}", f"{FACE_TITLES[face]} cursor: deep page vs page 1", "B4",
                                   f"not measurable yet ({FACE_TITLES[face]} face not built: list path 404)"))
    if wanted(only, "B7") and "merge" not in faces:
        rows.append(absent_row("B7", TITLES["B7"], "B7",
                               "not measurable yet (Merge face not built: list path 404)"))
    if wanted(only, "B7") and "B7-mcp" not in measured:
        rows.append(absent_row("B7-mcp", TITLES["B7-mcp"], "B7-mcp",
                               doc.get("mcp") or "not measured"))
    if wanted(only, "B9") and not opts["postgres"]:
        rows.append(absent_row("B9", "PostgreSQL vs SQLite (B1, B5, B5 with 8 writers)", "B9",
                               "not measured in this run (add --postgres)"))
    if wanted(only, "B6"):
        rows.append(availability_row(doc.get("availability") or {"unavailable": "not measured"}))
    return rows


def _conflicts(share: dict[str, int]) -> str:
    """How many of the interviews a run created overlap another interview of one of their interviewers."""
    if not share.get("created"):
        return ""
    return (f"{share['conflicting']:,} of {share['created']:,} interviews created in this run "
            f"({share['conflicting'] / share['created'] * 100:.0f} %) overlap one of their interviewers'")


def rows_from(doc: dict[str, Any]) -> list[Row]:
    """Every row of the table for the run ``doc``, in scenario order."""
    opts = doc["options"]
    rounds: list[Round] = [{k: WrkResult(**v) for k, v in r.items()} for r in doc.get("rounds", [])]
    measured = {name for r in rounds for name in r}
    rows = evaluate(rounds, opts["far_page"], opts["writers"]) + _absent(doc, measured)
    if "mixed" in doc:
        rows += mixed_rows(doc["mixed"], float(opts.get("timeout_s", 30)))
    notes = {"B5": _conflicts(doc.get("created_interviews", {})), "B7-mcp": doc.get("mcp", "")}
    for row in rows:
        if row.id in notes and row.value is not None:
            row.add_note(notes[row.id])
    return sorted(rows, key=_order)
