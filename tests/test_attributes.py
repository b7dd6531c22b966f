"""The model's attribute rules by table lookup give exactly what spaCy's AttributeRuler gives."""

import pytest

spacy = pytest.importorskip("spacy")

from claimledger.extract.attributes import FastAttributes  # noqa: E402
from claimledger.extract.nlp import MODEL, load  # noqa: E402

TEXTS = [
    "The ministry said on Tuesday that 1,200 people had been moved, and it would not stop.",
    "“We can't say how many,” she told reporters. “There are thousands, and I'd guess more.”",
    "Y'all gon na see it, ai n't ya? Let's go. Gotta get it. C'mon, it's doin' nothin'.",
    "Officials, who had been counting since March, have done what they could; did they?",
    "Something happened to everyone there   and nobody knows whether it was   over.",
    "   ",
    "He gets it. She got it. Those that were left were few, but those who stayed stayed.",
]


def _annotations(doc):
    return [(t.text, t.tag_, t.pos_, t.dep_, str(t.morph), t.lemma_) for t in doc]


def test_same_tags_lemmas_and_morphology_as_the_models_own_ruler():
    nlp = spacy.load(MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastAttributes(ruler)
    lemmatizer = nlp.get_pipe("lemmatizer")
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        parsed = list(nlp.pipe(TEXTS))
    for doc in parsed:
        theirs = lemmatizer(ruler(doc.copy()))
        ours = lemmatizer(fast(doc.copy()))
        assert _annotations(ours) == _annotations(theirs)


def test_the_pipeline_runs_the_fast_rules_in_the_rulers_place():
    nlp = load()
    assert "attribute_ruler" not in nlp.pipe_names
    names = nlp.pipe_names
    assert names.index("claimledger_attributes") == names.index("parser") + 1
    doc = nlp("Officials said they were counting.")
    assert [t.pos_ for t in doc][:3] == ["NOUN", "VERB", "PRON"]
    assert doc[1].lemma_ == "say"
