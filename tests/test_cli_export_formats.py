"""`claimledger export --format csv|claimreview|parquet`: the claims for spreadsheets,
schema.org consumers and data tools."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import make_claim, make_document

from claimledger.cli import main
from claimledger.records import CleanText
from claimledger.store import Store

SPEC_KEYS = ["doc", "quote", "figure", "value", "low", "high", "qualifier", "unit", "claimant",
             "affiliation", "predicate", "framing", "date", "place", "group"]

SAMPLE = Path(__file__).resolve().parents[1] / "corpus" / "sample" / "docs"

# An article with a Cyrillic name, a sentence broken over two lines, a "claimant" that is a
# spreadsheet formula, and a negative figure; and a reprint of its first claim elsewhere.
ARTICLE = (
    "Ukraine's ombudsman Людмила Денисова said 402,000 people\nhad been taken to Russia. "
    '=HYPERLINK("https://evil.example","details") reported 12 buses. '
    "Output changed by -3.5% in 2022, Ukraine's economy ministry said."
)
REPRINT = "Людмила Денисова said 402,000 people were taken to Russia."
ARTICLE_URL = "https://news.example/2022/03/25/deported"


def _store(db: Path, bad_date: bool = False) -> Path:
    article = make_document("article.txt", ARTICLE, title="402,000 taken to Russia",
                            outlet="News Example", url=ARTICLE_URL, date="2022-03-25")
    reprint = make_document("reprint.txt", REPRINT, outlet="Wire Copy", date="2022-03-26")
    denisova = dict(claimant="Людмила Денисова", claimant_role="ombudsman",
                    affiliation="Ukraine", predicate="take", place="Russia", group="g-402k")
    with Store(db) as store:
        store.add_document(article, CleanText(ARTICLE, list(range(len(ARTICLE)))), [
            make_claim(article, ARTICLE, "402,000", 402000, "person", date="2022-03-25",
                       **denisova),
            make_claim(article, ARTICLE, "12", 12, "bus",
                       claimant='=HYPERLINK("https://evil.example","details")'),
            make_claim(article, ARTICLE, "-3.5%", -3.5, "percent",
                       claimant="Ukraine's economy ministry", affiliation="Ukraine",
                       date="March 2022" if bad_date else None, group="g-output"),
        ])
        store.add_document(reprint, CleanText(REPRINT, list(range(len(REPRINT)))), [
            make_claim(reprint, REPRINT, "402,000", 402000, "person", date="2022-03-26",
                       **denisova),
        ])
    return db


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of the two articles above, written through the Store API."""
    return _store(tmp_path_factory.mktemp("newsroom") / "claimledger.db")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus, run through the whole pipeline and ledger."""
    db = tmp_path_factory.mktemp("sample") / "claimledger.db"
    result = CliRunner().invoke(main, ["run", str(SAMPLE), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def export(runner: CliRunner, db: Path, fmt: str, out: Path | None = None):
    args = ["export", "--db", str(db), "--format", fmt]
    return runner.invoke(main, args + (["--out", str(out)] if out else []))


def read_csv(path: Path) -> list[dict[str, str]]:
    # What a spreadsheet does: UTF-8 with its byte order mark, rows as RFC 4180 has them.
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# -- csv ---------------------------------------------------------------------------------


def test_csv_is_one_row_per_claim_with_the_jsonl_fields_first(runner, newsroom, tmp_path):
    out = tmp_path / "claims.csv"
    result = export(runner, newsroom, "csv", out)

    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    rows = read_csv(out)
    assert len(rows) == 4
    assert list(rows[0])[:len(SPEC_KEYS)] == SPEC_KEYS
    assert list(rows[0])[len(SPEC_KEYS):] == ["claim_id", "page", "claimant_role", "figure_kind",
                                              "outlet", "doc_title", "doc_date", "doc_url",
                                              "doc_sha256", "status", "reviewed_by"]


def test_csv_keeps_names_and_line_breaks_intact(runner, newsroom, tmp_path):
    out = tmp_path / "claims.csv"
    export(runner, newsroom, "csv", out)

    first = read_csv(out)[0]
    assert first["claimant"] == "Людмила Денисова"
    assert first["quote"] == ("Ukraine's ombudsman Людмила Денисова said 402,000 people\n"
                              "had been taken to Russia.")
    assert first["value"] == first["low"] == first["high"] == "402000"  # plain numbers
    assert first["place"] == "Russia" and first["framing"] == ""  # None is an empty cell
    assert first["doc_url"] == ARTICLE_URL and first["outlet"] == "News Example"


def test_csv_escapes_cells_a_spreadsheet_would_run_as_formulas(runner, newsroom, tmp_path):
    out = tmp_path / "claims.csv"
    export(runner, newsroom, "csv", out)

    rows = read_csv(out)
    assert rows[1]["claimant"] == """'=HYPERLINK("https://evil.example","details")"""
    assert rows[2]["figure"] == "'-3.5%"  # text that starts with "-" is escaped...
    assert rows[2]["value"] == "-3.5"  # ...a number we wrote is not


def test_csv_to_stdout_is_the_same_as_to_a_file(runner, newsroom, tmp_path):
    out = tmp_path / "claims.csv"
    export(runner, newsroom, "csv", out)

    assert export(runner, newsroom, "csv").stdout_bytes == out.read_bytes()


# -- claimreview: schema.org JSON-LD ------------------------------------------------------


def claimreview(runner: CliRunner, db: Path) -> dict:
    result = export(runner, db, "claimreview")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_claimreview_is_one_schema_org_claim_per_group(runner, newsroom):
    doc = claimreview(runner, newsroom)

    assert doc["@context"] == "https://schema.org"
    claims = doc["@graph"]
    assert [c["@type"] for c in claims] == ["Claim"] * 3  # 4 records, 3 groups
    assert all(c["author"]["@type"] in ("Person", "Organization") for c in claims)
    assert all(c["appearance"] and all(a["url"] for a in c["appearance"]) for c in claims)
    assert "ClaimReview" not in json.dumps(doc)  # claimledger does not rate claims


def test_a_claim_lists_every_document_that_carries_it(runner, newsroom):
    claim = next(c for c in claimreview(runner, newsroom)["@graph"]
                 if c["identifier"] == "g-402k")

    assert claim["text"].startswith("Ukraine's ombudsman Людмила Денисова said 402,000")
    assert claim["datePublished"] == "2022-03-25"
    assert claim["author"] == {"@type": "Person", "name": "Людмила Денисова",
                               "jobTitle": "ombudsman",
                               "affiliation": {"@type": "Organization", "name": "Ukraine"}}
    article, reprint = claim["appearance"]
    assert article == {"@type": "CreativeWork", "url": ARTICLE_URL, "identifier": "article.txt",
                       "headline": "402,000 taken to Russia", "datePublished": "2022-03-25",
                       "publisher": {"@type": "Organization", "name": "News Example"}}
    # a document without a URL is named by the hash of its original bytes
    assert reprint["url"] == "urn:sha256:" + hashlib.sha256(REPRINT.encode()).hexdigest()
    assert claim["firstAppearance"] == article


def test_a_body_is_an_organization_of_its_side(runner, newsroom):
    claim = next(c for c in claimreview(runner, newsroom)["@graph"]
                 if c["identifier"] == "g-output")

    assert claim["author"] == {"@type": "Organization", "name": "Ukraine's economy ministry",
                               "memberOf": {"@type": "Organization", "name": "Ukraine"}}
    assert claim["datePublished"] == "2022-03-25"  # no claim date: the document's


# -- links ------------------------------------------------------------------------------

HOSTILE_URLS = ["javascript:alert(document.domain)", " JavaScript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
                "file:///etc/passwd", "//evil.example/x"]


@pytest.fixture(scope="module")
def hostile_links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One article per URL above, each with one claim: URLs as a hostile JSONL line or page
    sets them, stored as they came."""
    db = tmp_path_factory.mktemp("links") / "claimledger.db"
    with Store(db) as store:
        for n, url in enumerate(HOSTILE_URLS + [ARTICLE_URL]):
            text = f"Officials said {100 + n} people left."
            doc = make_document(f"a{n}.txt", text, url=url)
            store.add_document(doc, CleanText(text, list(range(len(text)))), [
                make_claim(doc, text, str(100 + n), 100 + n, "person", group=f"g{n}")])
    return db


def test_csv_and_parquet_carry_only_http_links(runner, hostile_links, tmp_path):
    export(runner, hostile_links, "csv", tmp_path / "claims.csv")
    export(runner, hostile_links, "parquet", tmp_path / "claims.parquet")

    urls = {r["doc"]: r["doc_url"] for r in read_csv(tmp_path / "claims.csv")}
    table = pq.read_table(tmp_path / "claims.parquet").to_pylist()
    assert urls == {r["doc"]: r["doc_url"] or "" for r in table}
    assert urls.pop(f"a{len(HOSTILE_URLS)}.txt") == ARTICLE_URL
    assert urls == {f"a{n}.txt": "" for n in range(len(HOSTILE_URLS))}


def test_claimreview_names_a_document_with_a_hostile_link_by_its_hash(runner, hostile_links):
    works = [a for c in claimreview(runner, hostile_links)["@graph"] for a in c["appearance"]]

    assert works[-1]["url"] == ARTICLE_URL
    for work in works[:-1]:
        assert work["url"].startswith("urn:sha256:"), work


# -- parquet -----------------------------------------------------------------------------


def test_parquet_reads_back_typed(runner, newsroom, tmp_path):
    out = tmp_path / "claims.parquet"
    result = export(runner, newsroom, "parquet", out)

    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows == 4
    assert table.column_names[:len(SPEC_KEYS)] == SPEC_KEYS
    types = dict(zip(table.column_names, table.schema.types, strict=True))
    assert types["value"] == types["low"] == types["high"] == pa.float64()
    assert types["claim_id"] == pa.int64()
    assert types["date"] == types["doc_date"] == pa.date32()
    assert types["claimant"] == types["doc_sha256"] == pa.string()
    rows = table.to_pylist()
    assert rows[0]["claimant"] == "Людмила Денисова" and rows[0]["value"] == 402000.0
    assert rows[2]["value"] == -3.5 and rows[2]["date"] is None  # nulls stay null
    assert rows[3]["date"] == date(2022, 3, 26)


def test_parquet_needs_a_file(runner, newsroom):
    result = export(runner, newsroom, "parquet")

    assert result.exit_code == 2
    assert "--format parquet writes a binary file: give --out FILE" in result.output
    assert result.stdout_bytes == b""


def test_a_value_parquet_cannot_hold_is_a_clean_error(runner, tmp_path):
    db = _store(tmp_path / "bad.db", bad_date=True)  # a claim date not in YYYY-MM-DD
    out = tmp_path / "claims.parquet"
    result = export(runner, db, "parquet", out)

    assert result.exit_code == 1
    assert "'March 2022' is not a YYYY-MM-DD date" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and not Path(f"{out}.tmp").exists()  # nothing half-written


def test_an_unknown_format_is_a_clean_error(runner, newsroom):
    result = export(runner, newsroom, "xlsx")

    assert result.exit_code == 2
    assert "Invalid value for '--format': 'xlsx' is not one of" in result.output
    for fmt in ("jsonl", "conflicts", "csv", "claimreview", "parquet"):
        assert fmt in result.output


def test_help_lists_every_format(runner):
    from claimledger.present.export import FORMATS

    listed = runner.invoke(main, ["export", "--help"]).stdout
    assert f"[{'|'.join(FORMATS)}]" in listed


# -- the whole pipeline ------------------------------------------------------------------


def test_every_format_carries_every_claim_of_a_real_run(runner, sample, tmp_path):
    records = [json.loads(line) for line in export(runner, sample, "jsonl").stdout.splitlines()]
    export(runner, sample, "csv", tmp_path / "claims.csv")
    export(runner, sample, "parquet", tmp_path / "claims.parquet")
    claims = claimreview(runner, sample)["@graph"]

    assert len(records) > 50
    assert len(read_csv(tmp_path / "claims.csv")) == len(records)
    assert pq.read_table(tmp_path / "claims.parquet").num_rows == len(records)
    assert sorted(c["identifier"] for c in claims) == sorted({r["group"] for r in records})


def test_authors_come_from_the_ledgers_claimants(runner, sample):
    claims = claimreview(runner, sample)["@graph"]
    authors = {c["author"]["name"]: c["author"] for c in claims if "author" in c}

    # one person across spellings: the ledger's canonical name, the others as alternates
    denisova = authors["Lyudmyla Denisova"]
    assert denisova["@type"] == "Person" and denisova["alternateName"] == ["Ludmila Denisova"]
    assert denisova["affiliation"] == {"@type": "Organization", "name": "Ukraine"}
    assert authors["International Criminal Court"]["@type"] == "Organization"
