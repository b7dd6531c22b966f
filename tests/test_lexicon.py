"""Word lists are data behind one API, and each layer imports only the layers below it."""

import ast
from pathlib import Path

import pytest

from claimledger import lexicon
from claimledger.lexicon import sides

SRC = Path(__file__).resolve().parents[1] / "src" / "claimledger"


def test_a_list_is_read_by_name():
    assert "say" in lexicon.words("report_verbs")
    assert "ministry" in lexicon.words("organisation_words")


def test_every_list_says_what_it_is_for():
    for name in lexicon.names():
        path = SRC / "lexicon" / "data" / f"{name}.txt"
        first = path.read_text(encoding="utf-8").split("\n")[0]
        assert first.startswith("# ") and len(first) > 20, name


def test_an_unknown_list_is_named_in_the_error():
    with pytest.raises(KeyError, match="no word list 'nonsense'"):
        lexicon.words("nonsense")


def test_names_fold_for_comparison():
    assert lexicon.fold("Ukraine’s Foreign Ministry") == "ukraine foreign ministry"
    assert lexicon.fold("Zelenskyy") == lexicon.fold("ZELENSKYY")


def test_sides_name_countries_by_their_usual_name():
    assert sides.country("the UK") == "United Kingdom"


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


# the pipeline's order: a stage may import the stages before it, never one after it;
# the store keeps records and needs no word of the language (neither lexicon nor extract)
ORDER = ["lexicon", "read", "clean", "extract", "ledger", "store", "present"]
NEVER = {"store": ("lexicon", "extract"), "ledger": ("extract",)}


@pytest.mark.parametrize("layer", ORDER)
def test_no_layer_imports_a_layer_after_it(layer):
    after = ORDER[ORDER.index(layer) + 1:] + list(NEVER.get(layer, ()))
    for path in (SRC / layer).rglob("*.py"):
        for mod in _imports(path):
            assert not any(mod.startswith(f"claimledger.{a}") for a in after), (path, mod)
