"""The database schema: plain tables with readable names, so Datasette shows it as is.

Defined once, for SQLite and PostgreSQL alike (`metadata.create_all`): the same tables,
columns and meaning. Types: TEXT, INTEGER, NUMERIC, BLOB (bytea in PostgreSQL), REAL (double
precision in PostgreSQL). In PostgreSQL, text columns compare and sort by code point
(COLLATE "C"), as SQLite does, so every ORDER BY gives the same order on both.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    REAL,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION
from sqlalchemy.types import UserDefinedType

# Bump when the schema changes; Store refuses a database newer than it knows.
# SQLite keeps it in PRAGMA user_version; PostgreSQL in the comment on table `documents`.
# An older database is brought up to date on open: missing tables and indexes are created
# and missing columns added (backend._migrate), so a column added here needs no script.
# Version 2 added claims.claimant_id; 3 the activity log and the append-only triggers (the
# chain of an older database starts at its migration); 4 documents.path and .record (where a
# document was read from) and activity.sig (the entry's signature, when a key is used); 5
# conflicts.sentence, .apart, .sources and .weight (what differs, and the conflict's rank); 6
# claims.period (a claim told as of an earlier time: "Earlier this month, ..."); 7 the review
# layer: users, decisions (append-only), reviews (the state decisions give each claim) and
# claims.origin (a claim a reviewer added); 8 documents.pages and claims.page (paged sources:
# where each page starts, the page a figure is on), documents.byline and .dateline (what a
# plain-text article says of itself); NULL when absent, and then left out of the document
# digests, so that digests logged before version 8 still match; 9 the views a person reads
# (claims_readable, conflicts_readable: VIEWS below) and foreign keys declared on the
# ledger's references (in tables created from 9 on: SQLite cannot add them to old ones).
VERSION = 9


def _ledger_key(target: str) -> ForeignKey:
    """A reference the ledger writes: declared (Datasette and other readers follow it; see
    claimledger datasette-metadata) and checked when the transaction commits, since the
    ledger is rewritten whole inside one (its old rows go before the new ones come)."""
    return ForeignKey(target, deferrable=True, initially="DEFERRED")


class Number(UserDefinedType):
    """NUMERIC as SQLite has it: whole numbers come back as int (402000, not 402000.0 nor
    Decimal('402000')), others as float. SQLite's driver does that already; PostgreSQL's
    Decimals are turned back here, and floats go in by their shortest repr, so they round-trip
    exactly."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "NUMERIC"

    def bind_processor(self, dialect: Any) -> Any:
        if dialect.name == "sqlite":
            return None
        return _to_decimal

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        if dialect.name == "sqlite":
            return None
        return _from_decimal


def _to_decimal(v: Any) -> Any:
    if isinstance(v, float):
        return int(v) if v.is_integer() and abs(v) < 2**63 else Decimal(repr(v))
    return v


def _from_decimal(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() and abs(v) < 2**63 else float(v)
    return v


TEXT = Text().with_variant(Text(collation="C"), "postgresql")
BLOB = LargeBinary()
FLOAT = REAL().with_variant(DOUBLE_PRECISION(), "postgresql")


def _id() -> Column:
    """INTEGER PRIMARY KEY: SQLite's rowid, a SERIAL in PostgreSQL."""
    return Column("id", Integer, primary_key=True, autoincrement=True)


metadata = MetaData()

sources = Table(
    "sources", metadata,
    Column("sha256", TEXT, primary_key=True),  # of the original bytes: content-addressed
    Column("path", TEXT),                      # where the bytes were first read from
    Column("size", Integer),
    Column("url", TEXT),
    Column("fetched", TEXT),                   # ISO timestamp, when known (WARC)
    Column("data", BLOB),                      # the original bytes, never modified
)

documents = Table(
    "documents", metadata,
    Column("id", TEXT, primary_key=True),      # file name, or file.jsonl#N
    Column("sha256", TEXT, ForeignKey("sources.sha256"), nullable=False),
    Column("title", TEXT),
    Column("outlet", TEXT),
    Column("url", TEXT),
    Column("date", TEXT),                      # publication date, YYYY-MM-DD
    Column("date_source", TEXT),
    Column("format", TEXT),
    Column("language", TEXT),
    Column("clean_text", TEXT),                # the article's own text; claim offsets point here
    Column("offsets", TEXT),                   # JSON runs [clean_start, raw_start, length]
    Column("cuts", TEXT),                      # JSON list of {start, end, reason, text} cut
    Column("ingested_at", TEXT),
    # Where it was read from (version 4): the absolute path of its file and, for a JSONL
    # line or a WARC record, its number there. A document is replaced only by a newer
    # version from the same place; NULL in rows stored before version 4.
    Column("path", TEXT),
    Column("record", Integer),
    Column("pages", TEXT),                     # JSON list: raw offset of each page (v8)
    Column("byline", TEXT),                    # a plain-text article's "By ..." (v8)
    Column("dateline", TEXT),                  # and its "KYIV, Ukraine (AP) —" place (v8)
    Index("documents_sha256", "sha256"),
    Index("documents_path", "path", "record"),
    Index("documents_date", "date"),
)

claims = Table(
    "claims", metadata,
    _id(),
    Column("doc", TEXT, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("quote", TEXT),
    Column("figure", TEXT),
    Column("value", Number()),                 # NUMERIC keeps whole numbers as integers
    Column("low", Number()),
    Column("high", Number()),
    Column("qualifier", TEXT),
    Column("unit", TEXT),
    Column("claimant", TEXT),
    Column("claimant_role", TEXT),
    Column("affiliation", TEXT),
    Column("predicate", TEXT),
    Column("framing", TEXT),
    Column("date", TEXT),
    Column("place", TEXT),
    # the spec's `group` (a reserved word in SQL), claim_groups.id once the ledger is built;
    # not a declared key: a claim written through the library may carry a group of its own
    # before there is a ledger (the spec's group is any string), which a key would refuse
    Column("grp", TEXT),
    Column("quote_start", Integer),            # offsets in documents.clean_text
    Column("quote_end", Integer),
    Column("figure_start", Integer),
    Column("figure_end", Integer),
    Column("kind", TEXT),
    Column("claimant_id", TEXT, _ledger_key("claimants.id")),  # (added in version 2)
    Column("period", TEXT),                    # "earlier" (added in version 6)
    # NULL: the machine found it; "review": a reviewer added it, or kept it when the machine
    # no longer finds it (added in version 7; review/apply.py writes these rows)
    Column("origin", TEXT),
    Column("page", Integer),                   # the source's page, from 1 (version 8)
    Index("claims_doc", "doc", "quote_start", "figure_start"),
    Index("claims_claimant", "claimant"),
    Index("claims_grp", "grp"),
    Index("claims_value", "value", "unit"),
)

runs = Table(
    "runs", metadata,
    _id(),
    Column("started", TEXT),
    Column("finished", TEXT),
    Column("inputs", TEXT),                    # JSON list of the paths given
    Column("documents_added", Integer),
    Column("errors", Integer),
)

errors = Table(
    "errors", metadata,
    _id(),
    Column("run", Integer, ForeignKey("runs.id")),
    Column("path", TEXT),
    Column("problem", TEXT),
    Index("errors_run", "run"),
)

# The ledger across documents, rebuilt from the claims after each run (ledger/).
claimants = Table(
    "claimants", metadata,
    Column("id", TEXT, primary_key=True),      # stable: from the folded name and the side
    Column("name", TEXT),                      # canonical: the fullest, most used spelling
    Column("aliases", TEXT),                   # JSON list of every spelling seen
    Column("affiliation", TEXT),
    Column("role", TEXT),
    Column("kind", TEXT),                      # person | body
)

claim_groups = Table(
    "claim_groups", metadata,
    Column("id", TEXT, primary_key=True),      # the spec's `group`, shared by claims.grp
    Column("measure", TEXT, _ledger_key("measures.id")),
    Column("side", TEXT),
    Column("unit", TEXT),                      # unit family: people, children, percent...
    Column("value", Number()),
    Column("low", Number()),
    Column("high", Number()),
    Column("qualifier", TEXT),
    Column("framing", TEXT),
    Column("first_doc", TEXT, _ledger_key("documents.id")),  # first appearance
    Column("first_date", TEXT),
    Column("outlets", TEXT),                   # JSON list
    Column("sources", Integer),                # independent sources: syndicated copies once
    Column("place", TEXT),
    Column("claimants", TEXT),                 # JSON list of claimants.id
    Index("claim_groups_measure", "measure"),
)

measures = Table(
    "measures", metadata,
    Column("id", TEXT, primary_key=True),
    Column("name", TEXT),                      # "people moved", "children returned"
    Column("place", TEXT),
)

conflicts = Table(
    "conflicts", metadata,
    Column("a", TEXT, _ledger_key("claim_groups.id")),
    Column("b", TEXT, _ledger_key("claim_groups.id")),
    Column("kind", TEXT),                      # figure | framing | both
    Column("measure", TEXT),                   # the measure's name
    Column("sentence", TEXT),                  # what differs, in plain words
    Column("apart", FLOAT),                    # times the nearer bounds differ, less one
    Column("sources", Integer),                # independent sources behind both groups
    Column("weight", FLOAT),                   # the rank: the gap times the sources
    PrimaryKeyConstraint("a", "b"),
)

syndication = Table(
    "syndication", metadata,
    Column("a", TEXT, _ledger_key("documents.id")),  # a < b
    Column("b", TEXT, _ledger_key("documents.id")),
    Column("cluster", TEXT),
    Column("how", TEXT),                       # near-duplicate | shared passages
    Column("score", FLOAT),
    Column("passages", TEXT),                  # JSON list of [sentence in a, sentence in b]
    PrimaryKeyConstraint("a", "b"),
)

# The review layer (review/): who may review, what they decided, and what that makes of each
# claim. A decision is never changed: a later one on the same claim supersedes it.
users = Table(
    "users", metadata,
    Column("name", TEXT, primary_key=True),
    Column("role", TEXT),                      # reviewer | viewer
    Column("password", TEXT),                  # an argon2id hash, never the password
    Column("created", TEXT),
)

decisions = Table(
    "decisions", metadata,
    _id(),
    Column("at", TEXT),                        # ISO timestamp, UTC
    Column("reviewer", TEXT),                  # users.name
    # confirm | correct | reject | add | merge-claimants | split-group | not-a-conflict |
    # rename-measure
    Column("action", TEXT),
    # A claim's decision is anchored in its document, not by the claim's id (which a re-run
    # changes): the document's hash when decided, the sentence and the figure, by offset and
    # by text (review/anchor.py finds them again)
    Column("claim", Integer),                  # the claim's id when decided
    Column("doc", TEXT),
    Column("sha256", TEXT),
    Column("quote_start", Integer),
    Column("quote_end", Integer),
    Column("figure_start", Integer),
    Column("figure_end", Integer),
    Column("quote", TEXT),
    Column("figure", TEXT),
    Column("fields", TEXT),                    # JSON {field: value} corrected or added
    Column("before", TEXT),                    # JSON: the claim as the reviewer saw it
    Column("target", TEXT),                    # JSON list: claimants, groups or a measure
    Column("reason", TEXT),                    # a rejection's: not-a-claim | furniture | ...
    Column("note", TEXT),
    Column("base", Integer),                   # the latest decision the reviewer had seen
    Index("decisions_doc", "doc"),
)

# Derived from decisions and claims (review/apply.py), like the ledger: rebuilt, never edited.
reviews = Table(
    "reviews", metadata,
    Column("claim", Integer, primary_key=True),  # claims.id
    Column("status", TEXT),                    # confirmed | corrected | rejected | added
    Column("reviewer", TEXT),                  # who decided last
    Column("at", TEXT),
    Column("decision", Integer),               # decisions.id of the latest decision
    Column("fields", TEXT),                    # JSON {field: value} replacing the machine's
)

# The append-only activity log (store/activity.py): every ingest, replacement, ledger write
# and manual change, hash-chained. Never updated nor deleted (APPEND_ONLY below).
activity = Table(
    "activity", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # 1, 2, 3... in order
    Column("at", TEXT),                        # ISO timestamp, UTC
    Column("who", TEXT),                       # OS user@host
    Column("action", TEXT),                    # ingest | replace | ledger | manual
    Column("what", TEXT),                      # canonical JSON: doc id, sha256, claims...
    Column("prev", TEXT),                      # the previous entry's hash (64 zeros first)
    Column("hash", TEXT),                      # sha256 over prev + canonical JSON of the entry
    Column("sig", TEXT),                       # "ed25519:KEYID:SIG" over hash, or NULL (v4)
)

# Views for people reading the database with other tools (Datasette, a SQL shell): a claim
# with its document, claimant, group, measure and review status in words; a conflict as the
# two claims it sets against each other. Recreated on every migration.
_FIRST = "(SELECT {col} FROM claims x WHERE x.grp = {grp} ORDER BY x.id LIMIT 1)"
VIEWS = {
    "claims_readable": """
        SELECT c.id AS claim_id, c.doc, d.outlet, d.date AS doc_date, d.title AS doc_title,
               c.figure, c.value, c.low, c.high, c.qualifier, c.unit,
               COALESCE(k.name, c.claimant) AS claimant, c.claimant_role, c.affiliation,
               g.side, c.predicate, c.framing, c.date, c.place, m.name AS measure,
               c.grp AS claim_group, COALESCE(r.status, 'machine') AS status,
               r.reviewer AS reviewed_by, c.page, c.quote
        FROM claims c
        LEFT JOIN documents d ON d.id = c.doc
        LEFT JOIN claimants k ON k.id = c.claimant_id
        LEFT JOIN claim_groups g ON g.id = c.grp
        LEFT JOIN measures m ON m.id = g.measure
        LEFT JOIN reviews r ON r.claim = c.id""",
    "conflicts_readable": f"""
        SELECT f.measure, f.kind, f.sentence,
               ga.side AS a_side, {_FIRST.format(col="claimant", grp="f.a")} AS a_claimant,
               {_FIRST.format(col="figure", grp="f.a")} AS a_figure,
               ga.first_date AS a_date, ga.first_doc AS a_doc,
               gb.side AS b_side, {_FIRST.format(col="claimant", grp="f.b")} AS b_claimant,
               {_FIRST.format(col="figure", grp="f.b")} AS b_figure,
               gb.first_date AS b_date, gb.first_doc AS b_doc,
               f.apart, f.sources, f.weight, f.a AS a_group, f.b AS b_group
        FROM conflicts f
        LEFT JOIN claim_groups ga ON ga.id = f.a
        LEFT JOIN claim_groups gb ON gb.id = f.b""",
}

# Tables whose rows are never updated nor deleted: triggers refuse it (triggers() below).
APPEND_ONLY = ("sources", "activity", "decisions")

LEDGER_TABLES = (claimants, claim_groups, measures, conflicts, syndication)

# Column order of `claims` as written by Store.add_document (the id is assigned by the database).
CLAIM_COLUMNS = tuple(c.name for c in claims.columns
                      if c.name not in ("id", "claimant_id", "origin"))


def trigger_names(dialect: str) -> list[str]:
    """The append-only triggers that must exist (verify reports any missing)."""
    ops = ("append_only", "no_truncate") if dialect == "postgresql" else ("no_update",
                                                                          "no_delete")
    return [f"{table}_{op}" for table in APPEND_ONLY for op in ops]


def triggers(dialect: str) -> list[str]:
    """The DDL that makes APPEND_ONLY tables refuse UPDATE and DELETE (and TRUNCATE in
    PostgreSQL). Safe to run again: it replaces what is there."""
    if dialect == "postgresql":
        out = ["""CREATE OR REPLACE FUNCTION claimledger_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION USING MESSAGE = 'claimledger: ' || TG_OP || ' on table '
                    || TG_TABLE_NAME || ' is not allowed (append-only)';
            END $$"""]
        for table in APPEND_ONLY:
            out += [
                f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION claimledger_append_only()",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION claimledger_append_only()",
            ]
        return out
    out = []
    for table in APPEND_ONLY:
        for op in ("UPDATE", "DELETE"):
            out.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'claimledger: {op} on table {table} is not allowed "
                "(append-only)'); END")
    return out
