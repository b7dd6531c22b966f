"""Shared fixtures: tiny articles written on the fly, a ledger built through the Store API,
and the shared corpus when it is mounted."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimledger.records import Claim, CleanText, Cut, Document, Figure, Source
from claimledger.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"

ARTICLES = {
    "irpin_evacuation.txt": (
        "Officials evacuate 1,200 residents from Irpin\n\n"
        "About 1,200 residents were evacuated from Irpin on Tuesday, the mayor, "
        "Oleksandr Markushyn, said. More than 300 of them were children.\n"
    ),
    "grain_ships.txt": (
        "Grain ships leave Odesa\n\n"
        "Three ships carrying 58,000 tonnes of grain left Odesa on Friday, "
        "Ukraine's infrastructure ministry said.\n"
    ),
    "hk_rally.txt": (
        "Organisers say 1.7 million joined the rally\n\n"
        "Organisers said 1.7 million people attended the rally in Victoria Park, "
        "while police put the figure at 128,000.\n"
    ),
}

# Not text at all: a PNG header, NULs and bytes no text encoding accepts.
BROKEN = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x81\x8d\x8f\x90\x9d\xff" * 64


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder of three tiny plain-text articles."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("/work/shared is not mounted")
    return SHARED


def make_document(doc_id: str, raw: str, **meta: str) -> Document:
    data = raw.encode("utf-8")
    src = Source(path=f"articles/{doc_id}", sha256=hashlib.sha256(data).hexdigest(),
                 size=len(data), data=data)
    return Document(id=doc_id, raw=raw, format="text", source=src, **meta)


def make_claim(doc: Document, text: str, figure: str, value: float | None, unit: str,
               qualifier: str = "exact", **fields: str) -> Claim:
    """A claim on the first occurrence of `figure` in `text`, its sentence as the quote."""
    start = text.index(figure)
    q_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    q_end = text.find(". ", start) + 1 or len(text)
    low = high = value if qualifier == "exact" else None
    f = Figure(text=figure, start=start, end=start + len(figure), value=value, low=low,
               high=high, qualifier=qualifier, unit=unit, kind="count")
    return Claim(doc=doc.id, quote=text[q_start:q_end].strip(), quote_start=q_start,
                 quote_end=q_end, figure=f, **fields)


DEPORTED = (
    "Ukraine says 402,000 people, including 84,000 children, were taken to Russia. "
    "Volodymyr Zelenskyy said about half of them were deported from Mariupol. "
    "Sign up for our newsletter"
)


@pytest.fixture(scope="session")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with one cleaned document and its claims, written through the Store API,
    so export and show can be tested whatever the extractor currently finds."""
    db = tmp_path_factory.mktemp("ledger") / "claimledger.db"
    doc = make_document("deported.txt", DEPORTED, title="402,000 taken to Russia",
                        outlet="Example News", date="2022-03-25")
    kept = DEPORTED.index(" Sign up")
    clean = CleanText(text=DEPORTED[:kept], offsets=list(range(kept)),
                      cuts=[Cut(kept, len(DEPORTED), "newsletter prompt", DEPORTED[kept:])])
    text = clean.text
    claims = [
        make_claim(doc, text, "402,000", 402000, "person", claimant="Ukraine",
                   affiliation="Ukraine", predicate="take", date="2022-03-25", place="Russia"),
        make_claim(doc, text, "84,000", 84000, "child", claimant="Ukraine",
                   affiliation="Ukraine", predicate="take", date="2022-03-25", place="Russia"),
        make_claim(doc, text, "about half", 50, "percent", qualifier="approx",
                   claimant="Volodymyr Zelenskyy", affiliation="Ukraine", predicate="deport",
                   framing="forced", date="2022-03-25", place="Mariupol", group="g-half"),
    ]
    with Store(db) as store:
        store.add_document(doc, clean, claims)
    return db


# -- PostgreSQL: the store tests run against it too when CLAIMLEDGER_TEST_PG names a server ----

PG_ENV = "CLAIMLEDGER_TEST_PG"


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The URL in CLAIMLEDGER_TEST_PG (`.ci/run` sets it), checked once; skips without it."""
    import sqlalchemy
    from sqlalchemy.pool import NullPool

    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against "
                    "(`.ci/run` installs and starts one)")
    engine = sqlalchemy.create_engine(
        sqlalchemy.make_url(url).set(drivername="postgresql+psycopg"), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sqlalchemy.exc.SQLAlchemyError as e:
        pytest.skip(f"{PG_ENV} names no reachable PostgreSQL server: {e}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema for one test: a URL whose search_path is that schema.
    Dropped after the test."""
    import sqlalchemy
    from sqlalchemy.pool import NullPool

    schema = f"test_{uuid.uuid4().hex[:16]}"
    url = sqlalchemy.make_url(pg_server)
    engine = sqlalchemy.create_engine(url.set(drivername="postgresql+psycopg"),
                                      poolclass=NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's new, empty database is: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return request.getfixturevalue("pg_url")
