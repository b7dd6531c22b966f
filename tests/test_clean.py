"""Cleaning by example: furniture cut with its reason, article text kept, offsets exact."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from claimledger.clean import clean
from claimledger.read import iter_documents
from claimledger.records import CleanText, Document, Source

BODY = (
    "Flood barriers hold as river peaks\n\n"
    "Engineers said on Monday that 1,450 sandbags were laid along the east bank overnight.\n\n"
    "The council said about 300 homes remained without power, and 12 schools were closed.\n"
)


def doc(raw: str, fmt: str = "text", title: str | None = None) -> Document:
    data = raw.encode()
    src = Source(path="mem", sha256=hashlib.sha256(data).hexdigest(), size=len(data), data=data)
    return Document(id="t.txt", raw=raw, format=fmt, source=src, title=title)


def assert_offsets(d: Document, ct: CleanText) -> None:
    """Every kept character points at itself in the original (entities and inserted
    whitespace map to the entity's `&` / a nearby source position, by design)."""
    assert len(ct.offsets) == len(ct.text)
    for ch, o in zip(ct.text, ct.offsets, strict=True):
        assert 0 <= o < len(d.raw)
        if not ch.isspace() and d.raw[o] != "&":
            assert d.raw[o] == ch
    for cut in ct.cuts:
        assert 0 <= cut.start < cut.end <= len(d.raw)


def reasons(ct: CleanText) -> Counter[str]:
    return Counter(c.reason for c in ct.cuts)


def test_plain_article_is_kept_whole_with_exact_offsets() -> None:
    d = doc(BODY)
    ct = clean(d)
    assert ct.text == BODY.strip()
    assert ct.cuts == []
    assert all(d.raw[o] == ch for ch, o in zip(ct.text, ct.offsets, strict=True))
    assert ct.to_original(0, 5) == (0, 5)


def test_date_marker_is_cut_and_the_rest_of_its_line_kept() -> None:
    d = doc(" date 2021-09-14 Officials counted 48 shelters across the district.\nNext line.")
    ct = clean(d)
    assert ct.text == "Officials counted 48 shelters across the district.\nNext line."
    assert [(c.reason, c.text) for c in ct.cuts] == [("date marker", "date 2021-09-14")]
    assert_offsets(d, ct)


FURNITURE = [
    ("Enter your email to get the morning briefing", "newsletter prompt"),
    ("* indicates required", "newsletter prompt"),
    ("Thank you for signing up for this newsletter.", "newsletter prompt"),
    ("Subscribe", "subscribe block"),
    ("Click 'OK' then 'Allow' to enable notifications", "notification prompt"),
    ("So you never miss out on our top stories, we can send you reminders", "notification prompt"),
    ("Skip to content", "skip link"),
    ("Previous articleTown hall fire: 3 questions answered", "previous/next links"),
    ("Next article", "previous/next links"),
    ("Topics: Floods, Weather, Local News", "topics list"),
    ("This audio is created with AI assistance", "audio/AI notice"),
    ("by Valley Times news desk June 2, 2021 9:05 AM 2 min read", "byline"),
    ("Advertisement", "advertisement marker"),
    ("2 View gallery", "gallery widget"),
    ("Read next: Storm damage bill tops 40 million", "related link"),
    ("Featured Image Credit: Example Pictures", "photo credit"),
    ("PTI", "agency credit"),
    ("(Reporting by Jo Bloggs; Editing by Al Smith)", "byline"),
    ("If you would like to donate to our relief appeal, please click here to give.",
     "donation appeal"),
]


@pytest.mark.parametrize(("line", "reason"), FURNITURE)
def test_each_furniture_line_is_cut_with_its_reason(line: str, reason: str) -> None:
    head, rest = BODY.split("\n\n", 1)
    d = doc(f"{head}\n\n{line}\n\n{rest}")
    ct = clean(d)
    assert ct.text == BODY.strip()
    assert [(c.reason, c.text) for c in ct.cuts] == [(reason, line)]
    assert d.raw[ct.cuts[0].start:ct.cuts[0].end] == line
    assert_offsets(d, ct)


def test_duplicated_headline_is_kept_once() -> None:
    d = doc("River Peaks At 5 Metres\n\nRiver Peaks At 5 Metres\n\nThe gauge read 5.1 metres.")
    ct = clean(d)
    assert ct.text == "River Peaks At 5 Metres\n\nThe gauge read 5.1 metres."
    assert reasons(ct) == {"duplicated headline": 1}


def test_photo_caption_above_a_credit_line() -> None:
    d = doc(
        "Volunteers fill sandbags on Sunday.\nAlamy\n\n"
        "The river rose 2 metres in a day.\n\n"
        "Firefighters at the east gate.\n(Photo: Reuters/Some One)\n\n"
        "The mayor said 40 streets were flooded."
    )
    ct = clean(d)
    assert ct.text == "The river rose 2 metres in a day.\n\nThe mayor said 40 streets were flooded."
    assert reasons(ct) == {"photo caption": 2, "photo credit": 2}
    assert_offsets(d, ct)


def test_bilingual_caption_under_a_gallery_widget() -> None:
    d = doc(
        "Rescue boats reached 15 villages by noon, officials said.\n"
        "1 View gallery\nסירות הצלה בכפר\nRescue boats in a village\nPhoto: Example Agency\n"
        "Officials said 2 bridges were closed."
    )
    ct = clean(d)
    assert ct.text == ("Rescue boats reached 15 villages by noon, officials said.\n"
                       "Officials said 2 bridges were closed.")
    assert reasons(ct) == {"gallery widget": 1, "photo caption": 2, "photo credit": 1}


def test_a_caption_line_ending_in_a_credit() -> None:
    d = doc("Crews clear debris near the dam. File Photo by Jo Bloggs/Example\n"
            "Crews cleared 80 tonnes of debris, the agency said.")
    ct = clean(d)
    assert ct.text == "Crews cleared 80 tonnes of debris, the agency said."
    assert reasons(ct) == {"photo caption": 1, "photo credit": 1}


def test_a_body_sentence_with_a_figure_above_a_credit_is_not_taken_for_a_caption() -> None:
    raw = ("Officials said 41 people were rescued.\nPhoto: Example Agency\n"
           "The search resumed at dawn with 3 helicopters.")
    ct = clean(doc(raw))
    assert ct.text == ("Officials said 41 people were rescued.\n"
                       "The search resumed at dawn with 3 helicopters.")
    assert reasons(ct) == {"photo credit": 1}


def test_inline_advertisement_marker_at_paragraph_end() -> None:
    d = doc("The agency said 3,958 people were registered. Advertisement\nMore follows.")
    ct = clean(d)
    assert ct.text == "The agency said 3,958 people were registered.\nMore follows."
    assert [(c.reason, c.text) for c in ct.cuts] == [("advertisement marker", "Advertisement")]


def test_related_news_feed_at_the_end_is_cut_to_the_end() -> None:
    d = doc(
        BODY + "\nNews Feed\n\n9:41 AM\n\nCity approves 2 new bus lines.\n\n"
        "The council voted 7 to 2 on Tuesday to extend the routes to the airport and the port.\n"
        "3:02 PM\n\nMuseum reopens after repairs.\n\nLatest news\n"
    )
    ct = clean(d)
    assert ct.text == BODY.strip()
    assert reasons(ct) == {"related-news feed": 7}


def test_a_feed_heading_before_more_body_only_cuts_the_heading() -> None:
    body = BODY.strip().split("\n\n")
    d = doc("\n".join([body[0], body[1], "More From This Section", body[2], body[2] + " Again."]))
    ct = clean(d)
    assert "More From This Section" not in ct.text
    assert body[2] in ct.text and "Again." in ct.text
    assert reasons(ct) == {"related-news feed": 1}


def test_related_story_list_after_an_agency_signoff() -> None:
    d = doc(BODY + "UNI\nRelated Story:\nFerry fares rise again\nNew bridge opens\n|\n")
    ct = clean(d)
    assert ct.text == BODY.strip()
    assert reasons(ct) == {"agency credit": 1, "related-news feed": 3, "separator": 1}


def test_newsletter_widget_and_prompts_at_the_top() -> None:
    d = doc("See how the river is changing\nWATCH NOW\nSkip to content\nEdit post\n\n" + BODY
            + "\nEnter your email\n* indicates required\nRiver Weekly\n* indicates required\n"
            "Subscribe\n")
    ct = clean(d)
    assert ct.text == BODY.strip()
    assert reasons(ct) == {"video promo": 2, "skip link": 1, "navigation": 1,
                           "newsletter prompt": 4, "subscribe block": 1}


def test_donation_appeal_is_cut_but_a_news_sentence_about_donations_is_kept() -> None:
    news = "Residents donated 200 blankets to the shelter, the charity said."
    appeal = ("We are campaigning for flood victims. To sign the petition click here. If you "
              "would like to donate, visit our GoFundMe page.")
    ct = clean(doc(f"{news}\n\n{appeal}"))
    assert ct.text == news
    assert reasons(ct) == {"donation appeal": 1}


def test_bylines_are_cut_but_datelines_are_kept() -> None:
    d = doc("Dam holds after record rain\nJane Roe in Lisbon\n"
            "LISBON, Portugal (AP) — Water levels fell by 30 centimetres overnight.\n"
            "By the end of Monday, 500 people had returned home.")
    ct = clean(d)
    assert ct.text == ("Dam holds after record rain\n"
                       "LISBON, Portugal (AP) — Water levels fell by 30 centimetres overnight.\n"
                       "By the end of Monday, 500 people had returned home.")
    assert reasons(ct) == {"byline": 1}


def test_blank_lines_collapse_to_one() -> None:
    ct = clean(doc("First 1.\n\n\n\n   \nSecond 2.\nThird 3."))
    assert ct.text == "First 1.\n\nSecond 2.\nThird 3."


def test_hard_wrapped_text_keeps_its_line_breaks() -> None:
    raw = ("The committee said that the turnout\nwas 41 per cent, well below the\n"
           "figure of 1993.\n")
    assert clean(doc(raw)).text == raw.strip()


def test_jsonl_title_goes_first_as_synthetic_text(tmp_path: Path) -> None:
    row = {"title": "Port handles 9 ships a day", "text": "Dock workers said traffic rose."}
    (tmp_path / "f.jsonl").write_text(json.dumps(row))
    [d] = list(iter_documents([tmp_path / "f.jsonl"]))
    ct = clean(d)
    assert ct.text == "Port handles 9 ships a day\n\nDock workers said traffic rose."
    assert ct.offsets[:3] == [0, 0, 0]  # not in Document.raw: mapped to its start
    assert d.raw[ct.offsets[ct.text.index("Dock")]] == "D"


PAGE = """<!doctype html><html><head><title>Bridge shut after cracks found | Valley News</title>
<script>var tracking = "<p>secret 999 figure</p>";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>Bridge shut after cracks found</h1>
<p class="byline">By Jo Bloggs</p>
<figure><img src="b.jpg"><figcaption>The bridge on Friday. Photo: Example</figcaption></figure>
<p>Inspectors found 14 cracks in the main span, the roads agency said on Friday, and closed the
bridge to all traffic until further notice.</p>
<p>About 22,000 vehicles cross it each day, says the agency&rsquo;s figures &amp; counts.</p>
<div class="ad"><p>Advertisement</p></div>
<p onclick="steal()">Repairs could take up to 6 months, the agency&#39;s engineers estimated.</p>
</article>
<aside class="related"><h3>Related</h3><a href="/x">Tunnel toll rises by 10%</a></aside>
<footer>Contact us</footer><script>window.x = 1;</script></body></html>"""


def test_html_article_text_headline_first_and_offsets_into_the_source() -> None:
    d = doc(PAGE, fmt="html", title="Bridge shut after cracks found")
    ct = clean(d)
    lines = ct.text.split("\n")
    assert lines[0] == "Bridge shut after cracks found"
    assert ct.text.count("Bridge shut after cracks found") == 1
    assert "14 cracks" in ct.text and "22,000 vehicles" in ct.text and "6 months" in ct.text
    assert "the agency’s figures & counts" in ct.text
    for gone in ("secret", "999", "color", "Home", "By Jo Bloggs", "Photo: Example",
                 "Advertisement", "Tunnel toll", "Contact us", "<", "steal"):
        assert gone not in ct.text
    assert_offsets(d, ct)
    got = reasons(ct)
    assert got["script"] == 2 and got["style"] == 1 and got["navigation"] >= 1
    assert got["caption"] >= 1 and got["footer"] == 1 and got["related-news feed"] >= 1


def test_html_offsets_map_entities_to_their_source() -> None:
    d = doc(PAGE, fmt="html")
    ct = clean(d)
    i = ct.text.index("’")
    assert d.raw.startswith("&rsquo;", ct.offsets[i])
    start, end = ct.to_original(ct.text.index("22,000"), ct.text.index("22,000") + 6)
    assert d.raw[start:end] == "22,000"


def test_deeply_nested_and_broken_html_does_not_crash() -> None:
    deep = "<html><body>" + "<div>" * 10000 + "<p>Divers found 9 wrecks.</p>" + "</div>" * 10000
    ct = clean(doc(deep, fmt="html"))
    assert ct.text == "Divers found 9 wrecks."
    broken = ('<p>Crews <b>repaired <i>31 pipes<p>in 2 days</div></span><script>bad("7")'
              "</script> so far <!-- 5 --></p")
    ct = clean(doc(broken, fmt="html"))
    assert "31 pipes" in ct.text and "in 2 days" in ct.text
    assert "bad" not in ct.text and "<" not in ct.text and "5" not in ct.text


def test_tiny_page_keeps_no_navigation_and_a_page_wide_form_keeps_its_article() -> None:
    tiny = "<body><nav>Home Local</nav><h1>Pier reopens</h1><p>It took 4 weeks.</p></body>"
    assert clean(doc(tiny, fmt="html")).text == "Pier reopens\nIt took 4 weeks."
    wrapped = ("<body><form id='page'><div><h1>Pier reopens</h1><p>Divers checked 60 piles "
               "over four weeks before the harbour office allowed boats back in.</p></div>"
               "</form></body>")
    assert "60 piles" in clean(doc(wrapped, fmt="html")).text


SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_seed_and_dev_corpora_keep_every_gold_quote_and_cut_furniture() -> None:
    corpora = [SHARED / "corpus" / name for name in ("seeds", "dev")]
    if not all((c / "docs").is_dir() and (c / "gold.jsonl").is_file() for c in corpora):
        pytest.skip("shared corpus not mounted")
    texts: dict[str, str] = {}
    for d in iter_documents([c / "docs" for c in corpora]):
        assert isinstance(d, Document), str(d)
        ct = clean(d)
        assert_offsets(d, ct)
        texts[d.id] = ct.text
    flat = {k: " ".join(v.split()) for k, v in texts.items()}
    missing = []
    for c in corpora:
        for row in (c / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(row)
            if not rec.get("optional") and " ".join(rec["quote"].split()) not in flat[rec["doc"]]:
                missing.append((rec["doc"], rec["quote"]))
    assert missing == []
    furniture = {"* indicates required", "Subscribe", "Alamy", "WATCH NOW", "Skip to content",
                 "News Feed", "1 View gallery", "UNI", "Related Story:", "More From This Section"}
    for doc_id, text in texts.items():
        lines = {ln.strip() for ln in text.splitlines()}
        assert not lines & furniture, doc_id
        assert not text.lstrip().startswith("date "), doc_id
        assert "Advertisement" not in text and "Previous article" not in text, doc_id


def test_a_headline_repeated_after_the_outlet_name_is_kept_once(tmp_path):
    from claimledger.clean import clean
    from claimledger.read import iter_documents

    f = tmp_path / "repeat.txt"
    f.write_text("Council counts 1,200 evacuees from the old town\nThe Daily Courier\n"
                 "Council counts 1,200 evacuees from the old town\n\nBody text here.\n")
    doc = next(iter(iter_documents([f])))
    text = clean(doc)
    assert text.text.count("1,200 evacuees") == 1
    assert any(c.reason == "duplicated headline" for c in text.cuts)
