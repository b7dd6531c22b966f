"""The one-screen summary printed at the end of `claimledger run`."""

from __future__ import annotations

from pathlib import Path

from claimledger.pipeline import RunReport
from claimledger.read import one_line
from claimledger.store import Store


def summary(store: Store, report: RunReport, top: int = 8) -> str:
    """Where the database is, what it holds, what this run changed, and the top figures."""
    n = store.counts()
    where = store.path if store.path == ":memory:" or "://" in store.path \
        else str(Path(store.path).resolve())
    lines = [
        f"Database: {where}",
        f"  documents  {n['documents']:>6}   this run: {report.added} added, "
        f"{report.replaced} replaced, {report.skipped} unchanged",
        f"  claims     {n['claims']:>6}   this run: {report.claims} added",
        f"  claimants  {n['claimants']:>6}   across documents, spellings merged",
        f"  groups     {n['groups']:>6}   one claim across outlets; "
        f"{n['measures']} measures, {n['conflicts']} conflicts",
        f"  syndicated {n['syndicated']:>6}   clusters of copied or retold stories",
        f"  errors     {len(report.errors):>6}   this run",
    ]
    for lang, docs in sorted(report.unread.items()):
        shown = ", ".join(docs[:3]) + (f" and {len(docs) - 3} more" if len(docs) > 3 else "")
        lines.append(f"  language {lang}: not extracted yet (archived): {len(docs)} "
                     f"document{'s' if len(docs) != 1 else ''}: {one_line(shown)}")
    figures = store.top_figures(top)
    if figures:
        lines.append("Top figures (most carried: records, independent sources):")
        for f in figures:
            times = f"x{f['times']}/{f['sources']}"
            what = f"{f['figure']} {f['unit'] or ''}".strip()
            who = _short(f["claimant"] or "(the outlet)", 30)
            lines.append(f"  {times:>6}  {_short(what, 30):<30} {who:<30} {f['doc']}")
    lines.append("Next: claimledger measures | timeline MEASURE | export --format conflicts")
    return "\n".join(lines)


def _short(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
