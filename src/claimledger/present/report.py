"""`claimledger report`: one self-contained HTML file — safe to open offline and to email.

No script, no web font, no image or style from elsewhere: charts are inline SVG drawn here,
and every string that came from an article is escaped, so a page that carried `<script>`
shows it as text. Sections: overview, one timeline chart per measure (a series per side,
bounds drawn as bounds), conflicts with both quotes side by side, claimants, and every
claim in its sentence with the figure highlighted.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from datetime import date as Date
from html import escape
from typing import Any

from claimledger.ledger.sides import shown, shown_claimant_sides
from claimledger.store import Store

PALETTE = ["#1f6fb2", "#c0392b", "#27864a", "#8e44ad", "#d68910", "#566573", "#17a589"]
CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#222}
main{max-width:1100px;margin:auto;padding:1.5em}
h1{margin:.2em 0}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
td,th{border-bottom:1px solid #eee;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f6f6f6}.num{text-align:right;font-variant-numeric:tabular-nums}
.stats{display:flex;gap:1.5em;flex-wrap:wrap}.stats div{background:#f4f7fb;padding:.6em 1em;
border-radius:6px}.stats b{display:block;font-size:1.5em}
mark{background:#ffe58a;padding:0 .1em}.ctx{color:#666}.quote{margin:.3em 0}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}.side{background:#fafafa;
padding:.6em;border-left:4px solid #bbb}.forced{color:#a93226}.voluntary{color:#1e8449}
.small{font-size:.85em;color:#555}svg text{font:11px sans-serif}details{margin:.3em 0}
.toc{background:#f8f8f8;padding:.5em 1.2em;border-radius:6px}.toc h2{margin:.3em 0;
border:0;font-size:1.1em}.toc ol ol{font-size:.9em}
"""


def write_report(store: Store, path: str) -> dict[str, int]:
    """Write the report to `path`; returns what it holds (for the caller to print)."""
    html = render_report(store)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    return {"bytes": len(html.encode("utf-8"))}


def render_report(store: Store) -> str:
    docs = {d["id"]: d for d in store.documents()}
    claims = list(store.claims())
    claimants = store.claimants()
    groups = {g["id"]: g for g in store.claim_groups()}
    names = {c["id"]: c["name"] for c in claimants}
    conflicts = store.conflicts()
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        # the report itself forbids scripts and remote loads: safe to open from an email
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">",
        "<meta name=viewport content='width=device-width,initial-scale=1'>",
        "<title>claimledger report</title><style>", CSS, "</style></head><body><main>",
        "<h1>claimledger report</h1>",
        _contents(store, conflicts, groups, names),
        _overview(docs, claims, claimants),
        _measures(store, groups, names),
        _conflicts(store, conflicts, groups, names),
        _claimants(claimants, claims, groups),
        _claims(docs, claims, groups),
        "</main></body></html>",
    ]
    return "".join(parts)


def _overview(docs: dict, claims: list, claimants: list) -> str:
    dates = sorted(d for d in [x["date"] for x in docs.values()] + [c["date"] for c in claims]
                   if d)
    span = f"{dates[0]} – {dates[-1]}" if dates else "undated"
    outlets = {d["outlet"] or d["id"] for d in docs.values()}
    stats = [("documents", len(docs)), ("outlets", len(outlets)), ("claims", len(claims)),
             ("claimants", len(claimants)), ("dates", span)]
    cells = "".join(f"<div><b>{escape(str(v))}</b>{escape(k)}</div>" for k, v in stats)
    return f"<section id=overview><div class=stats>{cells}</div></section>"


def _measures(store: Store, groups: dict, names: dict) -> str:
    out = ["<h2 id=measures>Measures</h2>"]
    measures = _drawn(store)
    if not measures:
        return out[0] + "<p>None yet.</p>"
    for m in measures:
        gs = [g for g in groups.values() if g["measure"] == m["id"]]
        out.append(f"<h3 id='{escape(m['id'])}'>{escape(m['name'])}"
                   + (f" <span class=small>({escape(m['place'])})</span>" if m["place"] else "")
                   + "</h3>")
        out.append(timeline_svg(gs, names))
        rows = sorted(gs, key=lambda g: (g["first_date"] or "9999", g["id"]))
        out.append("<table><tr><th>date</th><th>side</th><th>figure</th><th>who</th>"
                   "<th>framing</th><th class=num>sources</th></tr>")
        for g in rows:
            who = ", ".join(names.get(c, c) for c in (g["claimants"] or [])) or "the outlet"
            framing = g["framing"] or ""
            out.append(f"<tr><td>{escape(g['first_date'] or 'undated')}</td>"
                       f"<td>{escape(_side(g, names))}</td><td>{escape(_bounds(g))}</td>"
                       f"<td>{escape(who)}</td><td class='{escape(framing)}'>{escape(framing)}"
                       f"</td><td class=num>{g['sources']}</td></tr>")
        out.append("</table>")
    return "".join(out)


def _side(g: dict, names: dict) -> str:
    """The side a group is shown under (ledger/sides.py decides it); a group stored before
    every named claimant had one reads its claimant's name, never an id."""
    first = (g["claimants"] or [None])[0]
    return shown(g["side"], names.get(first, first) if first else None)


def _bounds(g: dict) -> str:
    def n(x: Any) -> str:
        return "" if x is None else f"{float(x):,.0f}" if float(x).is_integer() \
            else f"{float(x):,.2f}"

    q = g["qualifier"]
    if q == "at_least":
        return f"≥ {n(g['value'])}"
    if q == "at_most":
        return f"≤ {n(g['value'])}"
    if q == "approx":
        return f"~ {n(g['value'])}"
    if g["value"] is None:
        return f"{n(g['low'])}–{n(g['high'])}" + (" (vague)" if q == "vague" else "")
    return n(g["value"])


def timeline_svg(groups: list[dict], names: dict, width: int = 760, height: int = 260) -> str:
    """One series per side over time; a floor is a point with an arrow up, a ceiling one
    with an arrow down, a range or vague count a bar from low to high: never averaged."""
    pad_l, pad_r, pad_t, pad_b = 70, 90, 24, 36
    pts = []
    for g in groups:
        lo = g["low"] if g["value"] is None else g["value"]
        hi = g["high"] if g["value"] is None else g["value"]
        if lo is None and hi is None:
            continue
        pts.append((g, float(lo if lo is not None else hi), float(hi if hi is not None else lo)))
    if not pts:
        return "<p class=small>No figures to draw.</p>"
    ys = [y for _, lo, hi in pts for y in (lo, hi) if y > 0]
    ymin, ymax = (min(ys), max(ys)) if ys else (1.0, 10.0)
    log = ymax / max(ymin, 1e-9) > 20  # figures of different sizes: a log scale keeps both
    def fy(v: float) -> float:
        if log:
            a, b = math.log10(max(ymin, 1e-9)) - 0.2, math.log10(ymax) + 0.2
            t = (math.log10(max(v, 1e-9)) - a) / (b - a)
        else:
            a, b = 0.0, ymax * 1.15
            t = (v - a) / (b - a) if b > a else 0.5
        return pad_t + (1 - t) * (height - pad_t - pad_b)

    days = sorted({g["first_date"] for g, _, _ in pts if g["first_date"]})
    d0 = Date.fromisoformat(days[0]) if days else None
    d1 = Date.fromisoformat(days[-1]) if days else None
    span = max((d1 - d0).days, 1) if d0 and d1 else 1
    undated_x = width - pad_r + 40
    def fx(day: str | None) -> float:
        if not day or d0 is None:
            return undated_x
        t = (Date.fromisoformat(day) - d0).days / span if span else 0.5
        return pad_l + 10 + t * (width - pad_l - pad_r - 20)

    sides = sorted({_side(g, names) for g, _, _ in pts})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sides)}
    svg = [f"<svg role=img aria-label='timeline' class=chart width={width} height={height} "
           f"viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'>",
           f"<line x1={pad_l} y1={height - pad_b} x2={width - 20} y2={height - pad_b} "
           "stroke='#999'/>",
           f"<line x1={pad_l} y1={pad_t} x2={pad_l} y2={height - pad_b} stroke='#999'/>"]
    for v in _ticks(ymin, ymax, log):
        y = fy(v)
        svg.append(f"<line x1={pad_l - 4} y1={y:.1f} x2={width - 20} y2={y:.1f} "
                   f"stroke='#eee'/><text x={pad_l - 6} y={y + 4:.1f} text-anchor=end>"
                   f"{escape(_short_num(v))}</text>")
    for day in (days[0], days[-1]) if days else ():
        svg.append(f"<text x={fx(day):.1f} y={height - pad_b + 16} text-anchor=middle>"
                   f"{escape(day)}</text>")
    if any(g["first_date"] is None for g, _, _ in pts):
        svg.append(f"<text x={undated_x} y={height - pad_b + 16} text-anchor=middle>"
                   "undated</text>")
    by_side: dict[str, list] = defaultdict(list)
    for g, lo, hi in pts:
        by_side[_side(g, names)].append((g, lo, hi))
    for n, side in enumerate(sides):
        c = colour[side]
        series = sorted(by_side[side], key=lambda p: (p[0]["first_date"] or "9999"))
        dated = [(fx(g["first_date"]), fy(g["value"] if g["value"] is not None else (lo + hi) / 2))
                 for g, lo, hi in series if g["first_date"]]
        if len(dated) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in dated)
            svg.append(f"<polyline points='{path}' fill=none stroke='{c}' stroke-opacity=.4/>")
        nudge = (n - (len(sides) - 1) / 2) * 7  # sides side by side, not on top
        for i, (g, lo, hi) in enumerate(series):
            x = fx(g["first_date"]) + nudge + (i % 3 - 1) * 4 * (g["first_date"] is None)
            svg.append(_mark(g, side, x, fy(lo), fy(hi), c))
        lx = pad_l + 10 + 150 * n
        svg.append(f"<rect x={lx} y=2 width=10 height=10 fill='{c}'/>"
                   f"<text x={lx + 14} y=11>{escape(side[:22])}</text>")
    svg.append("</svg>")
    # a space before "/>": an unquoted value would otherwise swallow the slash
    return "".join(svg).replace("/>", " />")


def _mark(g: dict, side: str, x: float, ylo: float, yhi: float, c: str) -> str:
    title = f"<title>{escape(_bounds(g))} · {escape(side)}</title>"
    q = g["qualifier"]
    if g["value"] is None:  # a range or a vague count: a bar from low to high
        return (f"<g>{title}<line x1={x:.1f} y1={ylo:.1f} x2={x:.1f} y2={yhi:.1f} "
                f"stroke='{c}' stroke-width=5 stroke-linecap=round opacity=.7/></g>")
    y = ylo
    arrow = ""
    if q == "at_least":
        arrow = f"<path d='M{x:.1f},{y - 18:.1f} l-4,7 h8 z' fill='{c}'/>" \
                f"<line x1={x:.1f} y1={y:.1f} x2={x:.1f} y2={y - 12:.1f} stroke='{c}'/>"
    elif q == "at_most":
        arrow = f"<path d='M{x:.1f},{y + 18:.1f} l-4,-7 h8 z' fill='{c}'/>" \
                f"<line x1={x:.1f} y1={y:.1f} x2={x:.1f} y2={y + 12:.1f} stroke='{c}'/>"
    hollow = "white" if q == "approx" else c
    return (f"<g>{title}{arrow}<circle cx={x:.1f} cy={y:.1f} r=4.5 fill='{hollow}' "
            f"stroke='{c}' stroke-width=2/></g>")


def _ticks(lo: float, hi: float, log: bool) -> list[float]:
    if log:
        return [10.0 ** e for e in range(int(math.floor(math.log10(max(lo, 1e-9)))),
                                         int(math.ceil(math.log10(hi))) + 1)]
    step = 10 ** math.floor(math.log10(hi)) if hi > 0 else 1
    return [step * i for i in range(0, int(hi * 1.15 // step) + 1)]


def _short_num(v: float) -> str:
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if v >= size:
            return f"{v / size:g}{suffix}"
    return f"{v:g}"


def _drawn(store: Store) -> list[dict]:
    """The measures the report draws: those with more than one group, else all of them."""
    measures = store.measures()
    return [m for m in measures if m["groups"] > 1] or measures


def _contents(store: Store, conflicts: list, groups: dict, names: dict) -> str:
    """The table of contents: each section, each measure drawn, each conflict by its
    heading."""
    measures = _drawn(store)
    sub_m = "".join(f"<li><a href='#{escape(m['id'])}'>{escape(m['name'])}</a></li>"
                    for m in measures)
    sub_c = "".join(f"<li><a href='#conflict-{i}'>{escape(conflict_heading(c, groups, names))}"
                    "</a></li>" for i, c in enumerate(conflicts, 1))
    return ("<nav class=toc><h2>Contents</h2><ol><li><a href='#overview'>Overview</a></li>"
            f"<li><a href='#measures'>Measures</a><ol>{sub_m}</ol></li>"
            f"<li><a href='#conflicts'>Conflicts ({len(conflicts)})</a><ol>{sub_c}</ol></li>"
            "<li><a href='#claimants'>Claimants</a></li>"
            "<li><a href='#claims'>Claims, in their sentences</a></li></ol></nav>")


def conflict_heading(c: dict, groups: dict, names: dict) -> str:
    """Who disagrees about what, in a line: "people moved: Russia ≥ 1,000,000 voluntary vs
    Ukraine ≤ 800,000 forced" (the framing only where the two differ)."""
    a, b = groups.get(c["a"]), groups.get(c["b"])
    if a is None or b is None:
        return c["measure"]
    framed = a["framing"] != b["framing"]

    def one(g: dict) -> str:
        frame = f" {g['framing'] or 'unframed'}" if framed else ""
        return f"{_side(g, names)} {_bounds(g)}{frame}"

    return f"{c['measure']}: {one(a)} vs {one(b)}"


def _conflicts(store: Store, rows: list, groups: dict, names: dict) -> str:
    out = [f"<h2 id=conflicts>Conflicts <span class=small>({len(rows)})</span></h2>",
           "<p class=small>Two claims of one measure that cannot both be true, or one "
           "figure framed forced by one side and voluntary by the other. The ledger records "
           "the disagreement; it does not rule on who is right.</p>"]
    for n, c in enumerate(rows, 1):
        sides = []
        for key in ("a", "b"):
            members = store.group_claims(c[key])
            items = "".join(
                f"<div class=quote>{marked(m['quote'], figure=m['figure'])}"
                f"<div class=small>{escape(m['claimant'] or 'the outlet')} · "
                f"{escape(m['doc'])}{' · ' + escape(m['outlet']) if m.get('outlet') else ''}"
                f" · {escape(m['date'] or m.get('doc_date') or 'undated')}</div></div>"
                for m in members[:3])
            sides.append(f"<div class=side>{items}</div>")
        out.append(f"<h3 id=conflict-{n}>{escape(conflict_heading(c, groups, names))} "
                   f"<span class=small>{escape(c['kind'])}"
                   f"</span></h3><p>{escape(c.get('sentence') or '')}</p>"
                   f"<div class=pair>{''.join(sides)}</div>")
    return "".join(out)


def _claimants(claimants: list, claims: list, groups: dict) -> str:
    counts = Counter(c.get("claimant_id") for c in claims)
    # each claimant under the side most of its groups are shown under, as the timelines
    side = shown_claimant_sides((g["claimants"] or (), g["side"]) for g in groups.values())
    out = ["<h2 id=claimants>Claimants</h2><table><tr><th>name</th><th>side</th>"
           "<th>role</th><th>also written</th><th class=num>claims</th></tr>"]
    for c in sorted(claimants, key=lambda c: (-counts[c["id"]], c["name"])):
        aliases = ", ".join(a for a in (c["aliases"] or []) if a != c["name"])
        out.append(f"<tr><td>{escape(c['name'])}</td>"
                   f"<td>{escape(side.get(c['id']) or c['affiliation'] or '')}</td>"
                   f"<td>{escape(c['role'] or '')}</td><td>{escape(aliases)}</td>"
                   f"<td class=num>{counts[c['id']]}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _claims(docs: dict, claims: list, groups: dict) -> str:
    by_doc: dict[str, list] = defaultdict(list)
    for c in claims:
        by_doc[c["doc"]].append(c)
    out = ["<h2 id=claims>Claims, in their sentences</h2>"]
    for doc_id in sorted(by_doc):
        d = docs.get(doc_id, {})
        text = d.get("clean_text") or ""
        head = " · ".join(x for x in (d.get("title"), d.get("outlet"), d.get("date")) if x)
        out.append(f"<details><summary><b>{escape(doc_id)}</b> <span class=small>"
                   f"{escape(head)} · {len(by_doc[doc_id])} claims</span></summary>")
        for c in by_doc[doc_id]:
            # beside a named claimant, the side its group is shown under
            g = groups.get(c.get("grp") or "") or {}
            side = (g.get("side") or c["affiliation"]) if c["claimant"] else None
            side = side if side and side != c["claimant"] else None
            out.append(f"<p id='c{c['id']}' class=quote>{_in_context(text, c)}<br><span "
                       f"class=small>{escape(c['claimant'] or 'the outlet')}"
                       f"{' (' + escape(side) + ')' if side else ''}"
                       f" · {escape(c['predicate'] or '')} · {escape(c['date'] or 'undated')}"
                       f"{' · ' + escape(c['place']) if c['place'] else ''}</span></p>")
        out.append("</details>")
    return "".join(out)


def _in_context(text: str, c: dict) -> str:
    """The sentence with its figure marked, between the words around it."""
    qs, qe, fs, fe = (c.get(k) for k in ("quote_start", "quote_end", "figure_start",
                                         "figure_end"))
    if None in (qs, qe, fs, fe) or not text:
        return marked(c["quote"], figure=c["figure"])
    before = text[max(0, qs - 160): qs]
    after = text[qe: qe + 160]
    return (f"<span class=ctx>…{escape(before)}</span>{escape(text[qs:fs])}"
            f"<mark>{escape(text[fs:fe])}</mark>{escape(text[fe:qe])}"
            f"<span class=ctx>{escape(after)}…</span>")


def marked(text: str, q: str | None = None, figure: str | None = None) -> str:
    """`text` escaped, its figure in <mark> and the words of search `q` in
    <mark class=term>; spans never overlap (the figure wins). The report marks figures;
    the web UI's search results mark the search's words too."""
    spans: list[tuple[int, int, str]] = []
    i = text.find(figure) if figure else -1
    if i >= 0 and figure:
        spans.append((i, i + len(figure), "<mark>"))
    for word in {w for w in re.findall(r"\w+", q or "") if len(w) >= 2}:
        for m in re.finditer(re.escape(word), text, re.IGNORECASE):
            if all(m.end() <= a or m.start() >= b for a, b, _ in spans):
                spans.append((m.start(), m.end(), "<mark class=term>"))
    out, pos = [], 0
    for a, b, tag in sorted(spans):
        out += [escape(text[pos:a]), tag, escape(text[a:b]), "</mark>"]
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)
