"""PDF reports: text by page, each claim with its page, running headers, footers and page
numbers cut as furniture; a scan, a broken or a locked file is one error line by name and
the batch goes on. The PDFs are drawn here with reportlab, from sentences of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.cli import main
from claimledger.read import iter_documents

canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")

HEADER = "Flood Monitoring Group - Quarterly Situation Report"
PAGES = [
    ["The monitoring group said at least 1,240 people were displaced by the floods",
     "along the river in March."],
    ["The regional governor said on Monday that about 900 homes had been destroyed,",
     "and the interior ministry put the number of shelters at 35."],
    ["Aid agencies said nearly 40 per cent of the farmland in the valley was under water."],
]


def draw(path: Path, pages: list[list[str]], *, header: str | None = HEADER,
         footer: bool = True, title: str | None = None, password: str | None = None) -> Path:
    """A PDF with one page per list of lines, a running header and 'Page N of M' below."""
    c = canvas_mod.Canvas(str(path), encrypt=password)
    if title:
        c.setTitle(title)
    for n, lines in enumerate(pages, 1):
        if header:
            c.setFont("Helvetica", 9)
            c.drawString(72, 800, header)
        c.setFont("Helvetica", 11)
        for i, line in enumerate(lines):
            c.drawString(72, 740 - 16 * i, line)
        if footer:
            c.setFont("Helvetica", 9)
            c.drawString(280, 40, f"Page {n} of {len(pages)}")
        c.showPage()
    c.save()
    return path


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    draw(folder / "floods.pdf", PAGES, title="Quarterly situation report, March")
    return folder


def run(runner, folder: Path, db: Path):
    return runner.invoke(main, ["run", str(folder), "--db", str(db)])


def records(runner, db: Path) -> list[dict]:
    out = runner.invoke(main, ["export", "--format", "jsonl", "--db", str(db)]).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_a_report_is_read_page_by_page_and_each_claim_knows_its_page(runner, reports, tmp_path):
    db = tmp_path / "r.db"
    assert run(runner, reports, db).exit_code == 0
    pages = {r["figure"]: r["page"] for r in records(runner, db)}
    assert pages["at least 1,240"] == 1
    assert pages["about 900"] == 2 and pages["35"] == 2
    assert pages["nearly 40 per cent"] == 3


def test_headers_footers_and_page_numbers_are_furniture(runner, reports, tmp_path):
    db = tmp_path / "r.db"
    run(runner, reports, db)
    figures = {r["figure"] for r in records(runner, db)}
    assert not figures & {"1", "2", "3"}  # "Page 2 of 3" is no claim
    shown = runner.invoke(main, ["show", "floods.pdf", "--db", str(db)]).stdout
    assert f'- running header: "{HEADER}"' in shown
    assert '- page number: "Page 3 of 3"' in shown
    text = shown[:shown.index("Claims:")]
    assert HEADER not in text and "Page 1 of 3" not in text


def test_the_title_and_date_come_from_the_files_metadata(reports):
    [doc] = list(iter_documents(reports))
    assert doc.format == "pdf" and doc.title == "Quarterly situation report, March"
    assert doc.date_source == "metadata" and doc.date is not None
    assert doc.pages is not None and len(doc.pages) == 3


def test_an_unpaged_sources_claims_have_no_page(runner, tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.txt").write_text("The ministry said 12 schools were closed.\n",
                                  encoding="utf-8")
    db = tmp_path / "p.db"
    run(runner, folder, db)
    [record] = records(runner, db)
    assert "page" not in record  # the spec's record exactly
    csv = runner.invoke(main, ["export", "--format", "csv", "--db", str(db)]).stdout
    header, row = csv.splitlines()[:2]
    assert ",page," in header


def test_a_scan_a_broken_file_and_a_locked_one_are_reported_and_the_rest_read(
        runner, reports, tmp_path):
    scan = canvas_mod.Canvas(str(reports / "scan.pdf"))
    scan.rect(100, 100, 300, 300, fill=1)  # an image of a page: no text layer
    scan.showPage()
    scan.save()
    (reports / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    draw(reports / "locked.pdf", PAGES[:1], password="s3cret")
    db = tmp_path / "r.db"
    result = run(runner, reports, db)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any("scan.pdf: no text layer (1 page, a scan?)" in e for e in errors)
    assert any("broken.pdf: not a readable PDF" in e for e in errors)
    assert any("locked.pdf: encrypted PDF" in e for e in errors)
    assert {r["doc"] for r in records(runner, db)} == {"floods.pdf"}


def test_verify_re_derives_a_pdf_from_its_archived_bytes(runner, reports, tmp_path):
    db = tmp_path / "r.db"
    run(runner, reports, db)
    result = runner.invoke(main, ["verify", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "verify: OK" in result.output


def test_a_sentence_running_over_a_page_break_stays_one_sentence(runner, tmp_path):
    folder = tmp_path / "over"
    folder.mkdir()
    draw(folder / "over.pdf", [["The mission said that 4,100 people"],
                               ["had been evacuated from the coastal towns."]])
    db = tmp_path / "o.db"
    run(runner, folder, db)
    [record] = [r for r in records(runner, db) if r["figure"] == "4,100"]
    assert record["quote"].split() == ("The mission said that 4,100 people had been "
                                       "evacuated from the coastal towns.").split()
    assert record["page"] == 1
