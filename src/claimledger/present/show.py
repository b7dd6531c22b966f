"""`claimledger show DOC`: a document's clean text with its claims marked in place; and
`claimledger documents`: what is stored, a line each."""

from __future__ import annotations

import difflib

import click

from claimledger.clean.language import EXTRACTED
from claimledger.store import Store

_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


class DocumentNotFound(LookupError):
    """No document by that id; the message suggests close ids."""


def render(store: Store, doc_id: str) -> str:
    """The text of `show`: header, marked clean text, numbered claims, what was stripped.

    Styling uses click.style; click.echo drops it when the output is not a terminal.
    """
    doc_id = resolve(store, doc_id)
    d = store.document(doc_id)
    assert d is not None  # resolve() found it
    claims = list(store.claims(doc_id))
    out = [_header(d), "", _marked(d["clean_text"] or "", claims).rstrip(), "", "Claims:"]
    out += [_claim_line(i, c) for i, c in enumerate(claims, 1)] or ["  none"]
    out.append("Stripped:" if d["cuts"] else "Stripped: nothing")
    out += [f"  - {c.reason}: {_shorten(c.text)}" for c in d["cuts"]]
    return "\n".join(out)


def resolve(store: Store, query: str) -> str:
    """The id of the document `query` names: its id, or a prefix of exactly one id (a long
    file name, typed as far as it is unique). DocumentNotFound otherwise, with the
    candidates or close ids."""
    ids = [x["id"] for x in store.documents()]
    if query in ids:
        return query
    starting = [i for i in ids if i.startswith(query)] if query else []
    if len(starting) == 1:
        return starting[0]
    if starting:
        shown = ", ".join(starting[:5]) + (f" and {len(starting) - 5} more"
                                           if len(starting) > 5 else "")
        raise DocumentNotFound(f"{query!r} begins {len(starting)} document ids: {shown}; "
                               "type more of it")
    near = difflib.get_close_matches(query, ids, n=3)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise DocumentNotFound(f"no document {query!r} in {store.path}{hint}")


def documents_table(store: Store) -> str:
    """`claimledger documents`: every stored document with its date, outlet, claims and
    title, in id order."""
    rows = list(store.documents())
    if not rows:
        return "No documents yet: run `claimledger run PATH...` first."
    width = min(48, max(len("document"), *(len(r["id"]) for r in rows)))
    lines = [f"{'document':<{width}}  {'date':<10}  {'claims':>6}  {'format':<6}  "
             "outlet · title"]
    for r in rows:
        lang = r.get("language")
        unread = f"language {lang}: not extracted yet" if lang not in EXTRACTED else None
        about = " · ".join(x for x in (unread, r["outlet"], r["title"]) if x) or "-"
        lines.append(f"{_cut(r['id'], width):<{width}}  {r['date'] or '-':<10}  "
                     f"{r['claims']:>6}  {r['format']:<6}  {_cut(about, 60)}")
    lines.append(f"{len(rows)} document{'s' if len(rows) != 1 else ''}, "
                 f"{sum(r['claims'] for r in rows)} claims")
    return "\n".join(lines)


def _header(d: dict) -> str:
    title = click.style(d["id"], bold=True) + (f" — {d['title']}" if d["title"] else "")
    meta = [d["outlet"], d["date"], d["url"], f"sha256 {d['sha256'][:12]}"]
    return title + "\n" + " · ".join(m for m in meta if m)


def _marked(text: str, claims: list[dict]) -> str:
    """The text with each claim's figure wrapped as ⟦figure⟧ and its number in superscript."""
    marks = []
    for i, c in enumerate(claims, 1):
        s, e = c["figure_start"], c["figure_end"]
        if s is not None and e is not None and 0 <= s < e <= len(text):
            marks.append((s, e, i))
    parts, pos = [], 0
    for s, e, i in sorted(marks):
        if s < pos:  # overlaps a figure already marked; it still appears in the list below
            continue
        parts += [text[pos:s], click.style(f"⟦{text[s:e]}⟧{str(i).translate(_SUP)}",
                                           fg="yellow", bold=True)]
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _claim_line(i: int, c: dict) -> str:
    def field(name: str, key: str | None = None) -> str:
        v = c[key or name]
        return f"{name}: {v if v is not None else '—'}"

    first = f"{i:>3}. {click.style(c['figure'] or '', bold=True)}  " + "  ".join(
        [field("claimant"), field("affiliation")])
    second = "     " + "  ".join(
        [field("predicate"), field("framing"), field("date"), field("place")]
        + ([field("page")] if c.get("page") is not None else []))
    return first + "\n" + second


def _cut(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _shorten(text: str, width: int = 72) -> str:
    flat = " ".join(text.split())
    return '"' + (flat if len(flat) <= width else flat[: width - 1] + "…") + '"'
