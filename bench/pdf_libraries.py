"""Which PDF text library should claimledger use to read NGO/UN-style reports page by page?

pypdf, pdfminer.six, pdfplumber and pypdfium2 (PyMuPDF is AGPL: out), each with its default
text extraction, offline, on PDFs that reportlab writes from invented text, every page's truth
kept (see the *_page builders and make_docs): a 20-page two-column report, a 2-page press
release with no space characters, a 60-page report to time, a typography page, a scanned
(image-only) page, rotated pages. Measures seconds per page (median of --repeats runs in one
process, the libraries taking turns on each document in a rotating order, so drift hits all
alike); word recall/precision and ordered recall (difflib.SequenceMatcher over word lists)
against the truth, paragraphs read whole, two-column order, table rows, figures intact,
hyphens, ligatures, quotes, an empty scanned page; licence, installed size, pure Python.

    .venv/bin/python bench/pdf_libraries.py [--repeats 3] [--keep DIR] [--out FILE]

--keep writes the PDFs and each library's text (DIR/LIB-DOC.txt). Prints tables, a
recommendation line and a JSON line; --out (bench/results/pdf_libraries.txt) keeps them.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import statistics
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib import metadata
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
W, H = A4
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian: fonts-dejavu-core
HEADER = "Human Rights Monitoring Mission — Periodic Report"
REGIONS = ["Northern Valley", "Lakeshore District", "Eastern Highlands", "Riverside Province",
           "Coastal Plain", "Upper Basin"]
HEADINGS = ["Protection of civilians", "Arbitrary detention", "Humanitarian access",
            "Freedom of movement", "Accountability", "Housing, land and property"]
SENTENCES = [
    "The Mission documented at least {a} civilians killed or injured in the {r} during the "
    "reporting period, an increase of {p} per cent on the previous period.",
    "Between {b} and {c} families were forced from their homes in the {r}, according to "
    "figures gathered by the Mission's field teams.",
    "Of the {a} cases verified, {p} per cent concerned arbitrary detention.",
    "The Mission recommends that the authorities open prompt, impartial and effective "
    "investigations into all allegations and ensure that victims receive reparation.",
    "Monitoring visits to {d} places of detention in the {r} found overcrowding, "
    "insufficient food and limited access to legal counsel.",
    "Local officials told the Mission that about {a} people remained without safe shelter.",
    "Humanitarian access in the {r} was restricted on {d} occasions since January."]
FIRST = ("During the reporting period the Mission verified that at least 1,234 civilians were "
         "killed or injured, 12.5 per cent of them children, and that between 300 and 400 "
         "homes were destroyed in the Northern Valley.")
TYPO = ("Since January the forced displace-|ment of families from the Upper Basin has|continued. "
        "The ofﬁcial ﬁgures, which the “monitoring|team” ﬂagged as incomplete, show 1\u00a0234|"
        "households displaced and 12\u202f500 people in need of|shelter. Cross-|border convoys "
        "reached the area on 14 occasions,|and the Mission’s teams ﬁled 38 reports.")  # |: EOL
LEGEND = [
    "recall/prec: bag of words vs the truth (NFKC); ord.rec: words matched in order / truth",
    "words; paras whole: paragraphs read contiguous; 2col / 2col rev: two-column pages with",
    "every paragraph whole and in order, content stream in reading order / column 2 drawn",
    "first; rows: table rows read across; no-space: ord.rec on the press release (each word",
    "drawn alone); hyphen 'displace-|ment', Cross- 'Cross-|border' (marked: a marker char joins",
    "the lines); scan ∅: the image-only page gave no text; rotated: ord.rec on the landscape",
    "annex (/Rotate 90, upright), the table set sideways, the page shown sideways"]
Draw = tuple[float, float, str, float, str]  # x, y, font, size, text


@dataclass
class Page:
    text: str = ""  # the truth, in reading order
    paras: list[str] = field(default_factory=list)  # two-column pages: paragraphs in order
    rows: list[str] = field(default_factory=list)  # table rows, read across
    figures: list[str] = field(default_factory=list)


def paragraph(rng: random.Random) -> tuple[str, list[str]]:
    sents, figs = [], []
    for _ in range(rng.randint(3, 5)):
        t, b = rng.choice(SENTENCES), rng.randrange(100, 900, 50)
        v = {"a": f"{rng.randint(1001, 9999):,}", "p": f"{rng.randint(1, 60)}.{rng.randint(1, 9)}",
             "b": str(b), "c": str(b + 100), "d": str(rng.randint(2, 60)), "r": rng.choice(REGIONS)}
        sents.append(t.format(**v))
        figs += [v[k] for k in "ap" if "{" + k + "}" in t]
    return " ".join(sents), figs


def block(x: float, y: float, text: str, font: str = "Vera", size: float = 9.0,
          width: float = 237.0) -> tuple[list[Draw], float]:
    lines = simpleSplit(text, font, size, width)
    return [(x, y - i * 11.5, font, size, ln) for i, ln in enumerate(lines)], y - len(lines) * 11.5


def emit(c: Canvas, draws: list[Draw], by_word: bool = False) -> None:
    for x, y, font, size, text in draws:
        c.setFont(font, size)
        for word in text.split(" ") if by_word else [text]:  # by_word: no space characters
            c.drawString(x, y, word)
            x += pdfmetrics.stringWidth(word + " ", font, size)


def column(rng: random.Random, x: float, bottom: float, page: Page, seq: list[int],
           heading: str = "", first: str = "") -> list[Draw]:
    """Numbered paragraphs (seq[0]: the next number) from the top of a column down to bottom."""
    draws, y = block(x, 770, heading, "VeraBd", 10.5) if heading else ([], 776.0)
    page.text += heading + "\n" * bool(heading)
    while True:
        text, figs = (first, ["1,234", "12.5", "between 300 and 400"]) if first else paragraph(rng)
        first, text = "", f"{seq[0]}. {text}"
        d, y2 = block(x, y - 6, text)
        if y2 < bottom:
            return draws
        draws, y, seq[0] = draws + d, y2, seq[0] + 1
        page.text, page.paras, page.figures = (page.text + text + "\n", page.paras + [text],
                                               page.figures + figs)


def report_page(c: Canvas, rng: random.Random, pno: int, n: int, seq: list[int]) -> Page:
    page, table = Page(HEADER + "\n"), pno % 5 == 4
    emit(c, [(50, 810, "Vera", 8, HEADER)])
    col1 = column(rng, 50, 250 if table else 70, page, seq,
                  f"{chr(65 + pno % 26)}. {rng.choice(HEADINGS)}", FIRST if pno == 1 else "")
    col2 = column(rng, 308, 250 if table else 70, page, seq)
    emit(c, col2 + col1 if pno % 2 == 0 else col1 + col2)
    if table:
        rows = [["Region", "Killed", "Injured", "Detained", "Change (%)"]]
        for r in rng.sample(REGIONS, 4):
            k, ch = f"{rng.randint(1001, 4999):,}", f"{rng.randint(1, 40)}.{rng.randint(1, 9)}"
            rows.append([r, k, str(rng.randint(10, 999)), str(rng.randint(10, 999)), ch])
            page.figures += [k, ch]
        emit(c, [(50, 225, "VeraBd", 9.5, title := f"Table {pno // 5 + 1}. Incidents by region")])
        for i, row in enumerate(rows):
            xs = (50, 200, 290, 380, 470)
            emit(c, [(x, 205 - i * 18, "Vera", 9, t) for x, t in zip(xs, row, strict=True)])
            c.line(50, 200 - i * 18, 545, 200 - i * 18)
        page.rows = [" ".join(r) for r in rows]
        page.text += title + "\n" + "\n".join(page.rows) + "\n"
    emit(c, [(270, 30, "Vera", 8, f"Page {pno} of {n}")])
    page.text += f"Page {pno} of {n}"
    return page


def single(c: Canvas, rng: random.Random, title: str, n_paras: int, intro: str = "",
           top: float = 780, width: float = 495, by_word: bool = False) -> Page:
    t = c.beginText(50, top)
    t.setFont("VeraBd", 14)
    t.setCharSpace(3 if by_word else 0)  # a letter-spaced title
    t.textLine(title)
    t.setCharSpace(0)  # Tc outlives ET: reset it, or every later word is spread too
    c.drawText(t)
    draws, y, page = [], top - 24, Page(title + "\n", figures=["1,234"] if intro else [])
    for i in range(n_paras):
        text, figs = (intro, []) if i == 0 and intro else paragraph(rng)
        d, y = block(50, y, text, "Vera", 10.5, width)
        draws, y = draws + d, y - 9
        page.text, page.figures = page.text + text + "\n", page.figures + figs
    emit(c, draws, by_word)
    return page


def typo_page(c: Canvas, truth: Page) -> Page:
    emit(c, [(50, 780 - i * 14, "Typo", 11, ln) for i, ln in enumerate(TYPO.split("|"))])
    return truth


def scan_page(c: Canvas, rng: random.Random) -> Page:  # a scanned page: pixels only
    c.drawImage(ImageReader(Image.effect_noise((500, 700), 60).convert("L")), 50, 70, 495, 700)
    c.rect(80, 600, 300, 120, fill=1)
    return Page()


def turned_page(c: Canvas, rng: random.Random, kind: str) -> Page:
    """landscape: /Rotate 90 over turned content (upright in a viewer); table: a table set
    sideways on a portrait page; sideways: upright content under /Rotate 90 (shown turned)."""
    c.setPageSize((H, W) if kind == "landscape" else A4)  # MediaBox [0 0 H W] at /Rotate 90
    c.setPageRotation(0 if kind == "table" else 90)
    if kind != "sideways":
        c.translate(*((W, 0) if kind == "landscape" else (50, 50)))
        c.rotate(90)
    if kind != "table":
        return single(c, rng, f"Annex: {kind} page", 3, top=545, width=742)
    rows = [f"{r} {rng.randint(1001, 9999):,} {rng.randint(1, 60)}.{rng.randint(1, 9)}"
            for r in REGIONS]
    emit(c, [(0, -30 - i * 16, "Vera", 10, t) for i, t in enumerate(["Annex table", *rows])])
    return Page("Annex table\n" + "\n".join(rows), rows=rows,
                figures=[w for r in rows for w in r.split()[-2:]])


def make_docs(d: Path) -> dict[str, tuple[Path, list[Page]]]:
    fonts = Path(pdfmetrics.__file__).parent.parent / "fonts"  # Vera ships with reportlab
    for name, file in (("Vera", fonts / "Vera.ttf"), ("VeraBd", fonts / "VeraBd.ttf"),
                       ("Typo", DEJAVU if DEJAVU.exists() else fonts / "Vera.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(file)))
    typo = Page(TYPO.replace("-|ment", "ment").replace("-|", "-").replace("|", " ").translate(
        {0xFB01: "fi", 0xFB02: "fl", 0xA0: " "}), figures=["1 234", "12 500"])
    seq1, seq3 = [1], [1]
    press = "LAKESHORE CITY (12 March) - The Mission said at least 1,234 civilians were harmed."
    plans: dict[str, tuple[int, list[Callable[[Canvas, random.Random], Page]]]] = {
        "report": (1, [lambda c, r, p=p: report_page(c, r, p, 20, seq1) for p in range(1, 21)]),
        "press": (2, [lambda c, r: single(c, r, "Mission alarmed by civilian toll", 7, press,
                                          by_word=True),
                      lambda c, r: single(c, r, "Background", 3, by_word=True)]),
        "long": (3, [lambda c, r, p=p: report_page(c, r, p, 60, seq3) for p in range(1, 61)]),
        "typo": (4, [lambda c, r: typo_page(c, typo)]),
        "scan": (5, [lambda c, r: single(c, r, "Annex 1", 4), scan_page,
                     lambda c, r: single(c, r, "Annex 3", 4)]),
        "rotated": (6, [lambda c, r: single(c, r, "Summary", 4), *(
            lambda c, r, k=k: turned_page(c, r, k) for k in ("landscape", "table", "sideways"))])}
    docs = {}
    for name, (seed, plan) in plans.items():
        c, rng, pages = Canvas(str(d / f"{name}.pdf"), pagesize=A4), random.Random(seed), []
        for make in plan:
            pages.append(make(c, rng))
            c.showPage()
        c.save()
        docs[name] = (d / f"{name}.pdf", pages)
    return docs


def x_pdfium(path: Path) -> list[str]:
    pdf, out = pdfium.PdfDocument(path), []
    for page in pdf:
        out.append((tp := page.get_textpage()).get_text_range())
        tp.close(), page.close()
    pdf.close()
    return out


def x_plumber(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


LIBS: dict[str, Callable[[Path], list[str]]] = {
    "pypdf": lambda path: [p.extract_text() or "" for p in PdfReader(path).pages],
    "pdfminer.six": lambda path: ["".join(e.get_text() for e in p if isinstance(
        e, LTTextContainer)) for p in extract_pages(path)],
    "pdfplumber": x_plumber, "pypdfium2": x_pdfium}


def words(s: str) -> list[str]:
    s = unicodedata.normalize("NFKC", s).translate(str.maketrans("“”‘’", "\"\"''"))
    return [w for w in (t.strip(".,;:()\"'") for t in s.split()) if w]


def seq_recall(g: list[str], o: list[str]) -> float:
    sm = SequenceMatcher(None, g, o, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks()) / max(len(g), 1)


def figure_ok(fig: str, out: str) -> bool:  # "1 234" may come back with any white space
    pat = r"\s+".join(re.escape(p) for p in fig.split())
    return re.search(rf"(?<![\d,.]){pat}(?!\d|,\d)", out) is not None


def quality(docs: dict[str, tuple[Path, list[Page]]], outs: dict[str, list[str]]) -> dict:
    q: Counter[str] = Counter()
    for name, (_, pages) in docs.items():
        for i, (page, out) in enumerate(zip(pages, outs[name], strict=True)):
            g, o, flat = words(page.text), words(out), " ".join(out.split())
            q.update(gt=len(g), out=len(o), bag=sum((Counter(g) & Counter(o)).values()),
                     seq=seq_recall(g, o) * len(g), paras=len(page.paras),
                     rows_n=len(page.rows), rows=sum(r in flat for r in page.rows),
                     figs_n=len(page.figures), figs=sum(figure_ok(f, out) for f in page.figures))
            text, pos = f" {' '.join(o)} ", 0
            for p in (f" {' '.join(words(p))} " for p in page.paras):  # whole, then in order
                q["whole"] += p in text
                pos = text.find(p, pos) if pos >= 0 else -1
            if page.paras:  # page i+1 even: column 2 first in the content stream
                q.update({"rev_n" if i % 2 else "fwd_n": 1, "rev" if i % 2 else "fwd": pos >= 0})
    typo, ft, rot = outs["typo"][0], " ".join(outs["typo"][0].split()), docs["rotated"][1]
    mark = "marked" if re.search("displace[\x02\ufffe]ment", ft) else "lost"  # pdfium's marker
    return {
        "recall": q["bag"] / q["gt"], "precision": q["bag"] / max(q["out"], 1),
        "ordered_recall": q["seq"] / q["gt"], "paras_whole": f"{q['whole']}/{q['paras']}",
        "order_fwd": f"{q['fwd']}/{q['fwd_n']}", "order_rev": f"{q['rev']}/{q['rev_n']}",
        "rows": f"{q['rows']}/{q['rows_n']}", "figures": f"{q['figs']}/{q['figs_n']}",
        "press_recall": seq_recall(words("\n".join(p.text for p in docs["press"][1])),
                                   words("\n".join(outs["press"]))),
        "hyphen": "mended" if "displacement" in ft else "left" if "displace-" in ft else mark,
        "compound": "kept" if "Cross-border" in ft else "joined" if "Crossborder" in ft
        else "marked" if re.search("Cross[\x02\ufffe]border", ft) else "split",
        "ligature": "kept ﬁ" if "\ufb01" in typo else "fi" if "official" in typo else "lost",
        "quotes": "curly" if "“" in typo else "straight" if '"' in typo else "lost",
        "nnbsp": "n/a" if not DEJAVU.exists() else "kept" if "12\u202f500" in typo
        else "space" if "12 500" in typo else "lost",
        "scan_empty": not outs["scan"][1].strip(),
        "rotated": " ".join(f"{seq_recall(words(p.text), words(o)):.2f}"
                            for p, o in zip(rot[1:], outs["rotated"][1:], strict=True))}


def closure(name: str, seen: set[str]) -> set[str]:
    """The installed distribution and all it requires, extras left out."""
    try:
        reqs = metadata.requires(name) or []
    except metadata.PackageNotFoundError:  # for another platform (colorama on Windows)
        return seen
    if (key := re.sub(r"[-_.]+", "-", name).lower()) not in seen:
        seen.add(key)
        for req in (r for r in reqs if "extra ==" not in r):
            closure(re.split(r"[\s;<>=!~\[(]", req, maxsplit=1)[0], seen)
    return seen


def dist_info(dist: str, have: set[str]) -> dict:
    def mb(name: str) -> float:
        return sum(f.size or 0 for f in metadata.distribution(name).files or []) / 2**20

    md, new = metadata.metadata(dist), sorted(closure(dist, set()) - have)
    lic = md.get("License-Expression") or md.get("License") or next(
        (c.split(" :: ")[-1] for c in md.get_all("Classifier") or [] if "License ::" in c), "?")
    pure = {n: "Purelib: true" in (metadata.distribution(n).read_text("WHEEL") or "") for n in new}
    own = re.sub(r"[-_.]+", "-", dist).lower()
    return {"version": metadata.version(dist), "licence": lic.split(",")[0].replace(" License", ""),
            "pure": "yes" if all(pure.values()) else "yes, deps no" if pure[own] else "no",
            "own_mb": mb(dist), "new_mb": sum(mb(n) for n in new),
            "new_deps": [n for n in new if n != own]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--keep", type=Path, help="write the PDFs and extracted text here")
    ap.add_argument("--out", type=Path, default=ROOT / "bench/results/pdf_libraries.txt")
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    (folder := args.keep or Path(tmp.name)).mkdir(parents=True, exist_ok=True)
    docs, names = make_docs(folder), list(LIBS)
    n_pages = sum(len(p) for _, p in docs.values())
    times: dict[str, dict[str, list[float]]] = {n: {d: [] for d in docs} for n in names}
    outs: dict[str, dict[str, list[str]]] = {n: {} for n in names}
    for r in range(args.repeats):
        for doc, (path, _) in docs.items():
            for lib in names[r % 4:] + names[:r % 4]:
                gc.collect()
                t0 = time.perf_counter()
                outs[lib][doc] = LIBS[lib](path)
                times[lib][doc].append(time.perf_counter() - t0)
    have, res = closure("claimledger", set()), {}  # what claimledger brings already
    for lib in names:
        med = {d: statistics.median(t) for d, t in times[lib].items()}
        res[lib] = {**dist_info(lib, have), "s_per_page": sum(med.values()) / n_pages,
                    "doc_s_per_page": {d: t / len(docs[d][1]) for d, t in med.items()},
                    **quality(docs, outs[lib])}
        for doc, pages in outs[lib].items() if args.keep else ():
            (folder / f"{lib}-{doc}.txt").write_text(
                "".join(f"\n===== page {i + 1} =====\n{t}" for i, t in enumerate(pages)))
    fast = min(r["s_per_page"] for r in res.values())
    lines = [f"{n_pages} pages in {len(docs)} PDFs, median of {args.repeats} repeats", "",
             f"{'library':<13}{'version':<10}{'licence':<14}{'pure Python':<13}{'own MB':>7}"
             f"{'+new deps MB':>13}{'s/page':>8}{'×fastest':>9}  new deps (not in claimledger)"]
    lines += [f"{lib:<13}{r['version']:<10}{r['licence']:<14}{r['pure']:<13}{r['own_mb']:>7.1f}"
              f"{r['new_mb']:>13.1f}{r['s_per_page']:>8.4f}{r['s_per_page'] / fast:>9.1f}  "
              f"{', '.join(r['new_deps']) or '-'}" for lib, r in res.items()]
    lines += ["", f"{'s/page by doc':<13}" + "".join(f"{d:>9}" for d in docs)]
    lines += [f"{lib:<13}" + "".join(f"{r['doc_s_per_page'][d]:>9.4f}" for d in docs)
              for lib, r in res.items()]
    cols = {"recall": "recall", "precision": "prec", "ordered_recall": "ord.rec",
            "paras_whole": "paras whole", "order_fwd": "2col", "order_rev": "2col rev",
            "rows": "rows", "figures": "figures", "press_recall": "no-space", "hyphen": "hyphen",
            "compound": "Cross-", "ligature": "lig", "quotes": "quotes", "nnbsp": "U+202F",
            "scan_empty": "scan ∅", "rotated": "rotated: annex/table/sideways"}
    width = {c: max(len(h), 9) + 1 for c, h in cols.items()}
    lines += ["", f"{'library':<13}" + "".join(f"{h:>{width[c]}}" for c, h in cols.items())]
    lines += [f"{lib:<13}" + "".join(f"{r[c]:>{width[c]}.3f}" if isinstance(r[c], float)
                                     else f"{r[c]!s:>{width[c]}}" for c in cols)
              for lib, r in res.items()]
    ok = [n for n, r in res.items() if r["scan_empty"] and r["recall"] >= 0.99 and all(
        int(a) >= 0.99 * int(b) for a, b in (r[k].split("/") for k in ("figures", "paras_whole")))]
    best = min(ok or names, key=lambda n: res[n]["s_per_page"])
    lines += ["", *LEGEND, "", f"recommendation: {best}: the fastest of those that read every "
              f"paragraph whole, keep 99% of figures and words and leave the scan empty "
              f"({', '.join(ok)}); {res[best]['licence']}, {res[best]['s_per_page']:.4f} s/page",
              json.dumps({"pages": n_pages, "repeats": args.repeats, "libraries": res,
                          "recommendation": best}, ensure_ascii=False)]
    print("\n".join(lines))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
