"""The one-screen summary printed at the end of `claimledger run`."""

from __future__ import annotations

from pathlib import Path

from claimledger.pipeline import RunReport
from claimledger.store import Store


def summary(store: Store, report: RunReport, top: int = 8) -> str:
    """Where the database is, what it holds, what this run changed, and the top figures."""
    n = store.counts()
    where = store.path if store.path == ":memory:" else str(Path(store.path).resolve())
    lines = [
        f"Database: {where}",
        f"  documents  {n['documents']:>6}   this run: {report.added} added, "
        f"{report.replaced} replaced, {report.skipped} unchanged",
        f"  claims     {n['claims']:>6}   this run: {report.claims} added",
        f"  claimants  {n['claimants']:>6}",
        f"  errors     {len(report.errors):>6}   this run",
    ]
    figures = store.top_figures(top)
    if figures:
        lines.append("Top figures (most repeated, then largest):")
        for f in figures:
            times = f"x{f['times']}" if f["times"] > 1 else "  "
            what = f"{f['figure']} {f['unit'] or ''}".strip()
            lines.append(f"  {times:>4}  {what:<32} {f['claimant'] or '(article)':<28} {f['doc']}")
    return "\n".join(lines)
