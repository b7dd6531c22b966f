"""The database schema: plain tables with readable names, so Datasette shows it as is."""

from __future__ import annotations

# Bump when the schema changes; Store refuses a database newer than it knows.
VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    sha256      TEXT PRIMARY KEY,     -- of the original bytes: the archive is content-addressed
    path        TEXT,                 -- where the bytes were first read from
    size        INTEGER,
    url         TEXT,
    fetched     TEXT,                 -- ISO timestamp, when known (WARC)
    data        BLOB                  -- the original bytes, never modified
);

CREATE TABLE IF NOT EXISTS documents (
    id          TEXT PRIMARY KEY,     -- file name, or file.jsonl#N
    sha256      TEXT NOT NULL REFERENCES sources(sha256),
    title       TEXT,
    outlet      TEXT,
    url         TEXT,
    date        TEXT,                 -- publication date, YYYY-MM-DD
    date_source TEXT,
    format      TEXT,
    language    TEXT,
    clean_text  TEXT,                 -- the article's own text; claim offsets point into it
    offsets     TEXT,                 -- JSON runs [clean_start, raw_start, length]
    cuts        TEXT,                 -- JSON list of {start, end, reason, text} removed by cleaning
    ingested_at TEXT
);
CREATE INDEX IF NOT EXISTS documents_sha256 ON documents(sha256);
CREATE INDEX IF NOT EXISTS documents_date ON documents(date);

CREATE TABLE IF NOT EXISTS claims (
    id            INTEGER PRIMARY KEY,
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    quote         TEXT,
    figure        TEXT,
    value         NUMERIC,            -- NUMERIC keeps whole numbers as integers
    low           NUMERIC,
    high          NUMERIC,
    qualifier     TEXT,
    unit          TEXT,
    claimant      TEXT,
    claimant_role TEXT,
    affiliation   TEXT,
    predicate     TEXT,
    framing       TEXT,
    date          TEXT,
    place         TEXT,
    grp           TEXT,               -- the spec's `group` (a reserved word in SQL)
    quote_start   INTEGER,            -- offsets in documents.clean_text
    quote_end     INTEGER,
    figure_start  INTEGER,
    figure_end    INTEGER,
    kind          TEXT
);
CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc, quote_start, figure_start);
CREATE INDEX IF NOT EXISTS claims_claimant ON claims(claimant);
CREATE INDEX IF NOT EXISTS claims_grp ON claims(grp);
CREATE INDEX IF NOT EXISTS claims_value ON claims(value, unit);

CREATE TABLE IF NOT EXISTS runs (
    id              INTEGER PRIMARY KEY,
    started         TEXT,
    finished        TEXT,
    inputs          TEXT,             -- JSON list of the paths given
    documents_added INTEGER,
    errors          INTEGER
);

CREATE TABLE IF NOT EXISTS errors (
    id      INTEGER PRIMARY KEY,
    run     INTEGER REFERENCES runs(id),
    path    TEXT,
    problem TEXT
);
CREATE INDEX IF NOT EXISTS errors_run ON errors(run);

-- The ledger across documents, rebuilt from the claims after each run (ledger/).
CREATE TABLE IF NOT EXISTS claimants (
    id          TEXT PRIMARY KEY,     -- stable: from the folded name and the side
    name        TEXT,                 -- canonical: the fullest, most used spelling
    aliases     TEXT,                 -- JSON list of every spelling seen
    affiliation TEXT,
    role        TEXT,
    kind        TEXT                  -- person | body
);

CREATE TABLE IF NOT EXISTS claim_groups (
    id          TEXT PRIMARY KEY,     -- the spec's `group`, shared by claims.grp
    measure     TEXT,                 -- measures.id
    side        TEXT,
    unit        TEXT,                 -- unit family: people, children, kilometre, percent...
    value       NUMERIC,
    low         NUMERIC,
    high        NUMERIC,
    qualifier   TEXT,
    framing     TEXT,
    first_doc   TEXT,                 -- first appearance
    first_date  TEXT,
    outlets     TEXT,                 -- JSON list
    sources     INTEGER,              -- independent sources: syndicated copies count once
    place       TEXT,
    claimants   TEXT                  -- JSON list of claimants.id
);
CREATE INDEX IF NOT EXISTS claim_groups_measure ON claim_groups(measure);

CREATE TABLE IF NOT EXISTS measures (
    id          TEXT PRIMARY KEY,
    name        TEXT,                 -- "people moved", "children returned"
    place       TEXT
);

CREATE TABLE IF NOT EXISTS conflicts (
    a           TEXT,                 -- claim_groups.id
    b           TEXT,
    kind        TEXT,                 -- figure | framing | both
    measure     TEXT,                 -- the measure's name
    PRIMARY KEY (a, b)
);

CREATE TABLE IF NOT EXISTS syndication (
    a           TEXT,                 -- documents.id, a < b
    b           TEXT,
    cluster     TEXT,
    how         TEXT,                 -- near-duplicate | shared passages
    score       REAL,
    passages    TEXT,                 -- JSON list of [sentence in a, sentence in b]
    PRIMARY KEY (a, b)
);
"""

# Columns added after version 1, for databases created before them.
MIGRATIONS = {
    2: ["ALTER TABLE claims ADD COLUMN claimant_id TEXT"],
}
# claims.claimant_id is in the CREATE TABLE of new databases too
SCHEMA = SCHEMA.replace("    kind          TEXT\n);", "    kind          TEXT,\n"
                        "    claimant_id   TEXT              -- claimants.id\n);", 1)

# Column order of `claims` as written by Store.add_document (id is assigned by SQLite).
CLAIM_COLUMNS = (
    "doc", "quote", "figure", "value", "low", "high", "qualifier", "unit", "claimant",
    "claimant_role", "affiliation", "predicate", "framing", "date", "place", "grp",
    "quote_start", "quote_end", "figure_start", "figure_end", "kind",
)
