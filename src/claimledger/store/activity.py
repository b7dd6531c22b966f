"""The activity log: an append-only, hash-chained record of every change to the store.

Each entry says who (the OS user@host), when (ISO UTC), which action (ingest | replace |
ledger | manual | repair) and what (JSON: the document, its sha256, its claims and a digest
of what was written...). Its `hash` is SHA-256 over the previous entry's hash and the
canonical JSON of its own fields, so editing, inserting or deleting any entry breaks the
chain from there on.
An entry is written in the same transaction as the change it records, under the write lock,
so the log and the data never disagree and two writers never append at once.

With a key (store/signing.py, set on the connection as `info["signer"]`), each entry is also
signed: `sig` holds an Ed25519 signature over its hash, hence over the whole history before it.

The digests recorded here let `claimledger verify` tell whether a document, its claims or the
ledger tables were changed since the entry that wrote them (claimledger.integrity).
"""

from __future__ import annotations

import getpass
import hashlib
import json
import socket
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from claimledger.store import schema as t

ACTIONS = ("ingest", "replace", "ledger", "manual", "repair", "review", "users")
GENESIS = "0" * 64  # the `prev` of the first entry

# claims columns set by the ledger (write_ledger), not by ingest, and the claim's origin (set
# by the review layer): outside a document's digest
_LEDGER_COLUMNS = {"id", "grp", "claimant_id", "origin"}
# columns added after digests were first logged, covered only where they hold a value: an
# unpaged document's digest is what it was before they existed
_LATE_COLUMNS = ("pages", "byline", "dateline", "page")


def who() -> str:
    """user@host of this process."""
    try:
        user = getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        user = "unknown"
    try:
        host = socket.gethostname() or "localhost"
    except OSError:
        host = "localhost"
    return f"{user}@{host}"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def canonical(obj: Any) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same string."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_plain)


def _plain(v: Any) -> Any:
    if isinstance(v, bytes | memoryview):
        return bytes(v).hex()
    return str(v)  # Decimal and the like: never expected, but never a crash


def entry_hash(prev: str, entry: dict[str, Any]) -> str:
    """The hash of an entry: over the previous hash and its fields id, at, who, action and
    what (the JSON text as stored)."""
    fields = {k: entry[k] for k in ("id", "at", "who", "action", "what")}
    return hashlib.sha256((prev + canonical(fields)).encode("utf-8")).hexdigest()


def append(db: Connection, action: str, what: dict[str, Any]) -> dict[str, Any]:
    """Add one entry, in the caller's write transaction; returns it."""
    if action not in ACTIONS:
        raise ValueError(f"unknown activity action {action!r}")
    a = t.activity.c
    last = db.execute(select(a.id, a.hash).order_by(a.id.desc()).limit(1)).first()
    entry = {"id": 1 if last is None else last.id + 1, "at": now(), "who": who(),
             "action": action, "what": canonical(what),
             "prev": GENESIS if last is None else last.hash}
    entry["hash"] = entry_hash(entry["prev"], entry)
    signer = db.info.get("signer")
    entry["sig"] = signer.sign(entry["hash"]) if signer is not None else None
    db.execute(insert(t.activity).values(entry))
    return entry


# -- digests of what an entry wrote --------------------------------------------------------

def document_digest(db: Connection, doc_id: str) -> dict[str, Any] | None:
    """{sha256, claims, digest} of a stored document: the digest covers its row and its claims'
    rows as ingest wrote them (not the ledger's grp and claimant_id, nor the claims reviewers
    added: their decisions are logged, and checked, on their own). None if not stored."""
    d = db.execute(select(t.documents).where(t.documents.c.id == doc_id)).first()
    if d is None:
        return None
    c = t.claims.c
    claims = [_present(r) for r in db.execute(select(*_digest_columns())
                                              .where(c.doc == doc_id, c.origin.is_(None))
                                              .order_by(c.id))]
    return _doc_digest(dict(d._mapping), claims)


def document_digests(db: Connection) -> dict[str, dict[str, Any]]:
    """document_digest of every document, in two queries."""
    c = t.claims.c
    claims: dict[str, list[list[Any]]] = {}
    for r in db.execute(select(*_digest_columns()).where(c.origin.is_(None))
                        .order_by(c.doc, c.id)):
        claims.setdefault(r.doc, []).append(_present(r))
    return {r.id: _doc_digest(dict(r._mapping), claims.get(r.id, []))
            for r in db.execute(select(t.documents).order_by(t.documents.c.id))}


_CLAIM_LATE = [t.claims.c[name] for name in _LATE_COLUMNS if name in t.claims.c]


def _digest_columns() -> list[Any]:
    """The claim columns a document digest covers: ingest's, the late ones last."""
    return [col for col in t.claims.columns
            if col.name not in _LEDGER_COLUMNS and col.name not in _LATE_COLUMNS] + _CLAIM_LATE


def _present(row: Any) -> list[Any]:
    """A claim row for its digest: the late columns (last) only where set."""
    values = list(row)
    cut = len(values) - len(_CLAIM_LATE)
    return values[:cut] + [v for v in values[cut:] if v is not None]


def _doc_digest(doc: dict[str, Any], claims: list[list[Any]]) -> dict[str, Any]:
    doc = {k: v for k, v in doc.items() if k not in _LATE_COLUMNS or v is not None}
    body = canonical({"document": doc, "claims": [[_num(v) for v in r] for r in claims]})
    return {"sha256": doc["sha256"], "claims": len(claims),
            "digest": hashlib.sha256(body.encode("utf-8")).hexdigest()}


# Version of the ledger digest an entry records as "digest_version" (absent: 1). Version 2
# also covers each claim's id, document, group and claimant (the ledger's columns of
# `claims`), so moving a figure to another claimant or group is caught.
LEDGER_DIGEST_VERSION = 2


def ledger_digest(db: Connection, version: int = LEDGER_DIGEST_VERSION) -> dict[str, Any]:
    """{rows per ledger table, digest, digest_version}: the digest covers every row of the
    ledger tables and (version 2) the ledger's columns of every claim."""
    h = hashlib.sha256()
    counts: dict[str, int] = {}
    for table in t.LEDGER_TABLES:
        key = [table.c[name] for name in (table.primary_key.columns.keys())]
        n = 0
        h.update(f"\x00{table.name}\x00".encode())
        for r in db.execute(select(table).order_by(*key)):
            h.update(canonical([_num(v) for v in r]).encode("utf-8"))
            h.update(b"\n")
            n += 1
        counts[table.name] = n
    out: dict[str, Any] = {"rows": counts}
    if version >= 2:
        c = t.claims.c
        h.update(b"\x00claims\x00")
        for r in db.execute(select(c.id, c.doc, c.grp, c.claimant_id).order_by(c.id)):
            h.update(canonical(list(r)).encode("utf-8"))
            h.update(b"\n")
        out["digest_version"] = version
    out["digest"] = h.hexdigest()
    return out


def _num(v: Any) -> Any:
    """Whole floats as ints, as NUMERIC columns give them back."""
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**63:
        return int(v)
    return v


def head(db: Connection) -> str:
    """The hash of the latest entry (GENESIS for an empty log): recorded elsewhere, it
    anchors the whole history before it (`verify --expect-head`)."""
    a = t.activity.c
    last = db.execute(select(a.hash).order_by(a.id.desc()).limit(1)).scalar_one_or_none()
    return last or GENESIS


def entries(db: Connection) -> list[dict[str, Any]]:
    """The log, oldest first."""
    return [dict(r._mapping) for r in db.execute(select(t.activity).order_by(t.activity.c.id))]
