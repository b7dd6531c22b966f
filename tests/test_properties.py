"""Properties that hold for any input (hypothesis): the figure parser never raises and reads
back any number it is given, in digits or in words; cleaning only removes text, and its
offset map points every kept character back to the original."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.clean import clean
from claimledger.extract.fields.figure import find_figures
from claimledger.records import Document, Source

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> str:
    """English words for 0 <= n < 10**12, as newspapers write them."""
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("-" + ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return ONES[n // 100] + " hundred" + (" and " + in_words(rest) if rest else "")
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= scale:
            rest = n % scale
            head = in_words(n // scale) + " " + name
            return head + (" " + in_words(rest) if rest else "")
    raise AssertionError(n)


settings.register_profile("ci", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


@given(st.text(max_size=300))
def test_the_figure_parser_never_raises(text):
    for f in find_figures(text, include_all=True):
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.text


@given(st.integers(min_value=2, max_value=10**11))
def test_any_number_in_digits_reads_back(n):
    if 1800 <= n <= 2100:
        return  # written bare, these are years, which the ledger leaves out by design
    [f] = find_figures(f"Officials said {n:,} people were counted.")
    assert f.value == n and f.qualifier == "exact"


@given(st.integers(min_value=2, max_value=10**11))
def test_any_number_in_words_reads_back(n):
    [f] = find_figures(f"Officials said {in_words(n)} people were counted.")
    assert f.value == n, (in_words(n), f)


@given(st.integers(min_value=2, max_value=10**9), st.sampled_from(
    [("more than", "at_least"), ("up to", "at_most"), ("about", "approx"),
     ("nearly", "at_most"), ("at least", "at_least")]))
def test_a_qualifier_bounds_any_number(n, qualifier):
    words, q = qualifier
    [f] = find_figures(f"They said {words} {n:,} people left.")
    assert (f.value, f.qualifier) == (n, q)


lines = st.lists(st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"),
            max_size=80),
    st.sampled_from(["Subscribe", "* indicates required", "Skip to content",
                     "Previous article Something", "Photo: Reuters", "Alamy", "Advertisement",
                     "Related: other story with 5,000 people", ""])), max_size=25)


@given(lines)
def test_cleaning_only_removes_and_maps_every_kept_character_back(parts):
    raw = "\n".join(parts)
    data = raw.encode("utf-8")
    doc = Document(id="x.txt", raw=raw, format="text",
                   source=Source(path="x.txt", sha256="0" * 64, size=len(data), data=data))
    text = clean(doc)
    assert len(text.offsets) == len(text.text)
    previous = -1
    for ch, at in zip(text.text, text.offsets, strict=True):
        assert 0 <= at < max(len(raw), 1)
        if ch != "\n":  # inserted line breaks map to the next kept character
            assert raw[at] == ch
        assert at >= previous  # kept text stays in the original order
        previous = at
