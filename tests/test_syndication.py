"""Syndication: a wire story carried, or retold, by several outlets counts as one source.
The articles below are invented for these tests."""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import pytest

from claimledger.ledger.syndication import Cluster, Link, find_syndication

SHARED = Path(__file__).resolve().parents[2] / "shared"

BODY = (
    "Floodwaters forced 12,400 people from their homes in the river town of Varnholt on "
    "Tuesday, regional officials said.\n"
    "Governor Marta Kellner said 3,150 houses had been damaged and 27 bridges across the "
    "Osterbach valley were closed to traffic.\n"
    "The Varnholt fire brigade rescued 640 residents by boat overnight, chief officer Tomas "
    "Brandt told reporters.\n"
    "Forecasters at the National Weather Office warned that the Osterbach could rise another "
    "80 centimetres by Thursday.\n"
    "Kellner asked the federal government for emergency funds and said the army would send "
    "1,200 soldiers to help with sandbags.\n"
    "Families waited in school gyms while volunteers handed out blankets, water and hot soup "
    "late into the night.\n"
)
WIRE = "Northern Wire Service\nFloods force 12,400 from homes in Varnholt\n\n" + BODY
# The same body under another outlet's headline, menus and footer.
REPRINT = (
    "The Valley Courier\nSkip to content\nHome | News | Weather\n"
    "Varnholt flood: 12,400 people leave their homes\n\n" + BODY
    + "\nSign up for our morning newsletter\n(c) The Valley Courier. All rights reserved.\n"
)
# The same report in other words: few 5-word shingles in common, same figures and names.
RETOLD = (
    "Varnholt counts the cost as the Osterbach bursts its banks\n\n"
    "Rising water drove some 12,400 residents out of their homes in Varnholt on Tuesday, "
    "according to regional officials.\n"
    "According to Governor Marta Kellner, 3,150 homes were damaged and 27 bridges in the "
    "Osterbach valley had to be shut.\n"
    "Chief officer Tomas Brandt said the Varnholt fire brigade had brought 640 residents to "
    "safety by boat during the night.\n"
    "The National Weather Office said the Osterbach might climb a further 80 centimetres "
    "before Thursday.\n"
    "Volunteers were still filling sandbags at dusk, and many shops on the main square "
    "stayed shut.\n"
)
# Another flood, another town; it happens to share one figure (640) with the wire story.
OTHER_FLOOD = (
    "Storm floods harbour district of Lindqvist\n\n"
    "Heavy rain flooded the harbour district of Lindqvist on Saturday, and the coast guard "
    "said 640 people were moved to higher ground.\n"
    "Mayor Ines Duval said the storm had cut power to 9,800 households and that schools "
    "would stay closed until Monday.\n"
    "Engineers from the Lindqvist port authority were inspecting the sea wall, which cracked "
    "in two places during the night.\n"
    "Insurers said it was too early to put a figure on the damage, but shopkeepers on the "
    "quay described losing most of their stock.\n"
)
DOCS = [("wire", WIRE), ("reprint", REPRINT), ("retold", RETOLD), ("other", OTHER_FLOOD)]


def only_link(clusters: list[Cluster]) -> Link:
    assert len(clusters) == 1 and len(clusters[0].links) == 1
    return clusters[0].links[0]


def test_a_reprint_with_other_furniture_is_a_near_duplicate():
    link = only_link(find_syndication([("wire", WIRE), ("reprint", REPRINT)]))
    assert (link.a, link.b, link.how) == ("reprint", "wire", "near-duplicate")
    assert 0.5 <= link.score < 1.0  # an estimated Jaccard; the furniture differs
    assert link.passages  # examples still come with the link


def test_a_retelling_in_other_words_is_linked_by_shared_passages():
    link = only_link(find_syndication([("wire", WIRE), ("retold", RETOLD)]))
    assert (link.a, link.b, link.how) == ("retold", "wire", "shared passages")
    assert link.score == 4.0  # the 12,400, 3,150, 640 and 80 centimetres sentences
    in_retold, in_wire = link.passages[1]
    assert "Marta Kellner, 3,150 homes" in in_retold and "Marta Kellner said 3,150" in in_wire
    # min_passages is how many such sentences it takes.
    assert find_syndication([("wire", WIRE), ("retold", RETOLD)], min_passages=5) == []


def test_two_stories_on_one_topic_sharing_a_figure_are_not_linked():
    assert find_syndication([("wire", WIRE), ("other", OTHER_FLOOD)]) == []
    assert find_syndication([("wire", WIRE), ("other", OTHER_FLOOD)], min_passages=1) == []


def test_links_make_clusters_and_singletons_are_left_out():
    [cluster] = find_syndication(DOCS)
    assert cluster.docs == ("reprint", "retold", "wire")
    assert sorted((link.a, link.b, link.how) for link in cluster.links) == [
        ("reprint", "retold", "shared passages"),
        ("reprint", "wire", "near-duplicate"),
        ("retold", "wire", "shared passages"),
    ]


def test_output_is_deterministic_and_independent_of_input_order():
    expected = find_syndication(DOCS)
    for order in itertools.permutations(DOCS):
        assert find_syndication(order) == expected
    assert find_syndication(iter(DOCS)) == expected  # any iterable will do


class Shelf:
    """A source that can be read more than once, as the store's texts are."""

    def __init__(self, docs):
        self.docs, self.reads = docs, 0

    def __iter__(self):
        self.reads += 1
        return iter(self.docs)


def test_a_source_sorted_by_id_is_read_once_and_any_other_sorted_first():
    expected = find_syndication(DOCS)
    in_order = Shelf(sorted(DOCS))
    assert find_syndication(in_order) == expected and in_order.reads == 1
    shuffled = Shelf(DOCS)
    assert find_syndication(shuffled) == expected


def test_cluster_ids_are_stable():
    [cluster] = find_syndication(DOCS)
    digest = hashlib.sha1(b"reprint\nretold\nwire").hexdigest()[:10]
    assert cluster.id == "s-" + digest == "s-7cfed547b3"
    # Unrelated documents elsewhere in the corpus do not change it.
    more = [*DOCS, ("unrelated", "The council approved a new cycle lane on Mill Street.")]
    assert [c.id for c in find_syndication(more)] == [cluster.id]


def test_a_shared_date_is_not_a_shared_figure():
    # Same day, same council, different news: the date alone does not make them one passage.
    a = "On 14 May 2024 the town council said that the budget vote would be held next week."
    b = "On 14 May 2024 the town council said that the public library would open on Sundays."
    assert find_syndication([("a", a), ("b", b)], min_passages=1) == []
    # The same sentences with a real figure in common are one passage.
    a, b = a.replace("budget", "1,250-page budget"), b.replace("library", "1,250-book library")
    assert only_link(find_syndication([("a", a), ("b", b)], min_passages=1)).score == 1.0


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError):
        find_syndication([("x", WIRE), ("x", RETOLD)])


@pytest.mark.skipif(not (SHARED / "corpus" / "seeds" / "docs").is_dir(), reason="no shared corpus")
def test_seed_articles_retelling_one_wire_story_are_one_cluster():
    paths = sorted((SHARED / "corpus" / "seeds" / "docs").glob("*.txt"))
    clusters = find_syndication((p.name, p.read_text(encoding="utf-8")) for p in paths)
    first = next(p.name for p in paths if p.name.startswith("000_"))
    second = next(p.name for p in paths if p.name.startswith("001_"))
    assert any(first in c.docs and second in c.docs for c in clusters)
