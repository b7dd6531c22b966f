"""The model's attribute rules (tag -> POS, pronoun lemmas, auxiliaries ...), applied by
table lookup instead of spaCy's Matcher.

en_core_web_sm's "attribute_ruler" holds about 180 one- and two-token patterns. Run through
the general Matcher they cost about as much as the dependency parser; almost all of them
test a token's TAG and LOWER, so indexing them by those finds each token's few candidate
rules directly. The rules are the model's own (read from its attribute_ruler at load time,
never copied here) and are applied as spaCy applies them: every pattern matched against the
unmodified tokens first, then the matches' attributes set in pattern order, a later pattern
overriding an earlier one. tests/test_attributes.py checks the output is identical.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

_GET: dict[str, Callable[[Token], object]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}

Test = Callable[[Token], bool]


def _test(attr: str, spec: object) -> Test:
    if attr not in _GET:
        raise ValueError(f"attribute rule on {attr}: not supported")
    get = _GET[attr]
    if isinstance(spec, dict):
        if set(spec) == {"IN"}:
            values = frozenset(spec["IN"])
            return lambda t: get(t) in values
        if set(spec) == {"NOT_IN"}:
            values = frozenset(spec["NOT_IN"])
            return lambda t: get(t) not in values
        if set(spec) == {"REGEX"}:
            rx = re.compile(spec["REGEX"])
            return lambda t: bool(rx.search(get(t)))
        raise ValueError(f"attribute rule {attr}={spec!r}: not supported")
    return lambda t: get(t) == spec


class FastAttributes:
    """A drop-in for a loaded AttributeRuler component: same rules, indexed."""

    def __init__(self, ruler) -> None:
        # (order, tests per token, normalised attrs, index of the token set)
        self.single: dict[tuple[str, object], list[tuple[int, list[Test]]]] = defaultdict(list)
        self.anywhere: list[tuple[int, list[Test]]] = []  # rules with no TAG or LOWER to index
        # rules of several tokens, by their first token's key
        self.multi: dict[tuple[str, object] | None, list[tuple[int, list[list[Test]], int]]] = (
            defaultdict(list))
        self.attrs = list(ruler.attrs)
        for order, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests = [[_test(a, v) for a, v in tok.items()] for tok in pattern]
                if len(pattern) > 1:
                    for key in self._keys(pattern[0], ("LOWER", "DEP")) or [None]:
                        self.multi[key].append((order, tests, entry["index"]))
                    continue
                keys = self._keys(pattern[0])
                for key in keys:
                    self.single[key].append((order, tests[0]))
                if not keys:
                    self.anywhere.append((order, tests[0]))
        self.indices = list(ruler.indices)
        self._cache: dict[tuple, tuple] = {}

    @staticmethod
    def _keys(tok: dict, attrs: tuple[str, ...] = ("TAG", "LOWER")) -> list[tuple[str, object]]:
        for attr in attrs:
            spec = tok.get(attr)
            if isinstance(spec, str):
                return [(attr, spec)]
            if isinstance(spec, dict) and set(spec) == {"IN"}:
                return [(attr, v) for v in spec["IN"]]
        return []

    def _rules_for(self, tok: Token) -> tuple[tuple[int, ...], tuple]:
        """The one-token rules `tok` matches, and the several-token rules it may start."""
        orders = []
        for rules in (self.single.get(("TAG", tok.tag_), ()),
                      self.single.get(("LOWER", tok.lower_), ()), self.anywhere):
            for order, tests in rules:
                if order not in orders and all(test(tok) for test in tests):
                    orders.append(order)
        starts = tuple(r for key in (("LOWER", tok.lower_), ("DEP", tok.dep_), None)
                       for r in self.multi.get(key, ()))
        return tuple(orders), starts

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[int, int]] = []  # (rule order, token index to set)
        cache = self._cache
        n = len(doc)
        for tok in doc:
            # every rule reads only these four, so tokens alike in them match alike
            sig = (tok.tag_, tok.lower_, tok.dep_, tok.is_space)
            hit = cache.get(sig)
            if hit is None:
                if len(cache) > 500_000:  # bounded, whatever the corpus
                    cache.clear()
                hit = cache[sig] = self._rules_for(tok)
            orders, starts = hit
            start = tok.i
            for order in orders:
                found.append((order, start))
            for order, tests, index in starts:
                width = len(tests)
                if start + width <= n and all(
                        all(test(doc[start + k]) for test in tests[k]) for k in range(width)):
                    found.append((order, start + (index if index >= 0 else width + index)))
        found.sort()
        attrs = self.attrs
        for order, i in found:
            set_token_attrs(doc[i], attrs[order])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


FACTORY = "claimledger_attributes"


@Language.factory(FACTORY)
def _make(nlp: Language, name: str) -> FastAttributes:
    """Built from the pipeline's own attribute_ruler, which load() then removes."""
    return FastAttributes(nlp.get_pipe("attribute_ruler"))
