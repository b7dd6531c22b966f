"""Review: people confirm, correct, reject and add claims, and decide about the ledger
(claimants that are one, a group to split, a pair that is not a conflict, a measure's name).

`Review(store)` is the API the CLI (`claimledger review ...`) and the web UI's review mode
share. Each decision is validated here, stored as an append-only row with its activity
entry (store/reviews.py), applied to its document's claims (review/state.py decides the
status) and the ledger rebuilt over the reviewed claims, all in one write transaction: a
failure leaves nothing half-done.

    >>> review = Review(store)                                       # doctest: +SKIP
    >>> review.correct(12, {"claimant": "Ludmila Denisova"}, by="ana", note="misspelt")
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimledger.evaluate.report import Report, grade
from claimledger.review import fields as F
from claimledger.review.records import REASONS, STATUSES, Decision
from claimledger.review.state import DocState
from claimledger.review.stats import gold_and_machine
from claimledger.review.users import ROLES, UserError, check_name, hash_password
from claimledger.store import Store
from claimledger.store.activity import now

UNCHECKED: Any = object()  # `base` not given: the caller does not ask for the stale check
# the claim's fields a decision keeps as the claim "before" (what the reviewer saw)
_SNAPSHOT = ("quote", "figure", "value", "low", "high", "qualifier", "unit", "claimant",
             "claimant_role", "affiliation", "predicate", "framing", "date", "place", "kind",
             "period", "status")


class ReviewError(Exception):
    """A decision that cannot be made as asked; the message says why."""


class StaleDecision(ReviewError):
    """Someone decided on this claim since the reviewer last saw it: nothing was written."""


@dataclass
class Orphan:
    decision: Decision
    why: str


class Review:
    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> Review:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.close()

    # -- users --------------------------------------------------------------------------

    def add_user(self, name: str, password: str, role: str = "reviewer") -> None:
        if role not in ROLES:
            raise ReviewError(f"role {role!r}: one of {', '.join(ROLES)}")
        try:
            self.store.add_user(check_name(name), role, hash_password(password), now())
        except UserError as e:
            raise ReviewError(str(e)) from None

    def reviewer(self, name: str) -> str:
        """`name` if it is a user who may decide, else ReviewError."""
        user = self.store.user(name)
        if user is None:
            raise ReviewError(f"no user {name!r}: add one with `claimledger users add {name}`")
        if user["role"] != "reviewer":
            raise ReviewError(f"{name} is a {user['role']}: only a reviewer can decide")
        return name

    # -- claims -------------------------------------------------------------------------

    def claim(self, claim_id: int) -> dict[str, Any]:
        """A claim as reviewed (rejected ones too), or ReviewError."""
        for row in self.store.claim_rows([claim_id]):
            return row
        raise ReviewError(f"no claim {claim_id} (ids are as in `export --format csv`'s "
                          "claim_id; a re-run gives claims new ids)")

    def latest(self, claim_id: int) -> Decision | None:
        """The latest decision on a claim, or None."""
        row = self.claim(claim_id)
        state = self.store.review_state(row["doc"])
        n = state.latest.get(_key(row))
        return next((d for d in self.store.decisions(row["doc"]) if d.id == n), None)

    def history(self, claim_id: int) -> list[Decision]:
        """Every decision on a claim, oldest first."""
        row = self.claim(claim_id)
        state = self.store.review_state(row["doc"])
        key = _key(row)
        return [d for d in self.store.decisions(row["doc"]) if state.key_of.get(d.id) == key]

    def confirm(self, claim_id: int, *, by: str, note: str | None = None,
                base: Any = UNCHECKED) -> Decision:
        return self._decide("confirm", claim_id, by=by, note=note, base=base)

    def correct(self, claim_id: int, fields: dict[str, Any], *, by: str,
                note: str | None = None, base: Any = UNCHECKED) -> Decision:
        """`fields`: {name: value} as a person typed them (text); checked by review/fields.py."""
        if not fields:
            raise ReviewError("a correction needs at least one --field NAME=VALUE")
        typed = dict(F.check(k, v) for k, v in fields.items())
        return self._decide("correct", claim_id, by=by, note=note, base=base, fields=typed)

    def reject(self, claim_id: int, reason: str, *, by: str, note: str | None = None,
               base: Any = UNCHECKED) -> Decision:
        if reason not in REASONS:
            raise ReviewError(f"reason {reason!r}: one of {', '.join(REASONS)}")
        return self._decide("reject", claim_id, by=by, note=note, base=base, reason=reason)

    def add(self, doc: str, quote: tuple[int, int], figure: tuple[int, int],
            fields: dict[str, Any], *, by: str, note: str | None = None) -> Decision:
        """A claim the machine missed: its sentence and figure as offsets in the document's
        clean text (`show DOC` prints it), its fields as a person gives them."""
        by = self.reviewer(by)
        with self.store.locked():
            text = self.store.clean_text(doc)
            if text is None:
                raise ReviewError(f"no document {doc!r}")
            (qs, qe), (fs, fe) = quote, figure
            n = len(text.text)
            if not (0 <= qs < qe <= n and qs <= fs < fe <= qe):
                raise ReviewError(f"offsets {qs}:{qe} and {fs}:{fe}: the figure must lie "
                                  f"inside the sentence, inside the text (0:{n})")
            same = next((r for r in self.store.claims(doc, include_rejected=True)
                         if (r["figure_start"], r["figure_end"]) == (fs, fe)), None)
            if same is not None:  # one figure, one claim: say which, rather than add twice
                raise ReviewError(f"claim {same['id']} already has the figure {same['figure']!r}"
                                  f" ({same['status']}): confirm or correct that one instead")
            typed = dict(F.check(k, v) for k, v in fields.items())
            if typed.get("value") is not None:
                typed.setdefault("low", typed["value"])
                typed.setdefault("high", typed["value"])
            problem = F.consistent(typed)
            if problem:
                raise ReviewError(problem)
            d = Decision(action="add", reviewer=by, at=now(), doc=doc,
                         sha256=self.store.place_of(doc)["sha256"],  # type: ignore[index]
                         quote_start=qs, quote_end=qe, figure_start=fs, figure_end=fe,
                         quote=text.text[qs:qe], figure=text.text[fs:fe], fields=typed,
                         note=note)
            return self._store(d)

    # -- the ledger ---------------------------------------------------------------------

    def merge_claimants(self, a: str, b: str, *, by: str, note: str | None = None
                        ) -> Decision:
        """Claimants `a` and `b` (ids, as in the web UI and `export --format claimreview`)
        are one: b's claims join a's."""
        known = {c["id"] for c in self.store.claimants()}
        for x in (a, b):
            if x not in known:
                raise ReviewError(f"no claimant {x!r}")
        if a == b:
            raise ReviewError("merge two different claimants")
        return self._ledger("merge-claimants", [a, b], by=by, note=note)

    def split_group(self, group: str, *, by: str, note: str | None = None) -> Decision:
        """A claim group that is not one claim: each of its claims stands alone."""
        if not any(g["id"] == group for g in self.store.claim_groups()):
            raise ReviewError(f"no claim group {group!r}")
        return self._ledger("split-group", [group], by=by, note=note)

    def not_a_conflict(self, a: str, b: str, *, by: str, note: str | None = None
                       ) -> Decision:
        """Groups `a` and `b` do not conflict: the pair is never flagged again."""
        if not any({c["a"], c["b"]} == {a, b} for c in self.store.conflicts()):
            raise ReviewError(f"no conflict between {a} and {b}")
        return self._ledger("not-a-conflict", sorted([a, b]), by=by, note=note)

    def rename_measure(self, measure: str, name: str, *, by: str, note: str | None = None
                       ) -> Decision:
        if not any(m["id"] == measure for m in self.store.measures()):
            raise ReviewError(f"no measure {measure!r}")
        clean = F.check("claimant", name)[1]  # a short line of text, checked as a name is
        if not clean:
            raise ReviewError("a measure needs a name")
        return self._ledger("rename-measure", [measure], by=by, note=note,
                            fields={"name": clean})

    # -- what there is to review --------------------------------------------------------

    def listing(self, status: str | None = None, measure: str | None = None,
                doc: str | None = None) -> list[dict[str, Any]]:
        """Claims as reviewed, with their status; filtered by status, measure (its id or
        name) and document."""
        if status is not None and status not in STATUSES:
            raise ReviewError(f"status {status!r}: one of {', '.join(STATUSES)}")
        rows = list(self.store.claims(doc, include_rejected=True))
        if status is not None:
            rows = [r for r in rows if r["status"] == status]
        if measure is not None:
            ids = {m["id"] for m in self.store.measures() if measure in (m["id"], m["name"])}
            if not ids:
                raise ReviewError(f"no measure {measure!r} (`claimledger measures` lists them)")
            groups = {g["id"] for g in self.store.claim_groups() if g["measure"] in ids}
            rows = [r for r in rows if r["grp"] in groups]
        return rows

    def orphans(self) -> list[Orphan]:
        """Decisions whose sentence or figure is no longer in their document, and decisions
        about the ledger whose claimants, group or measure it no longer has (a rebuild after
        new extraction can name them anew): kept, listed, never dropped in silence."""
        out = []
        for doc in self.store.reviewed_docs():
            out += [Orphan(d, why) for d, why in self.store.review_state(doc).orphans]
        ledger = self.store.decisions(ledger=True)
        if not ledger:
            return out
        have = {"merge-claimants": {c["id"] for c in self.store.claimants()},
                "split-group": {g["id"] for g in self.store.claim_groups()},
                "rename-measure": {m["id"] for m in self.store.measures()}}
        have["not-a-conflict"] = have["split-group"]
        for d in ledger:
            # a merge's second claimant is gone by design (it became the first)
            named = d.target[:1] if d.action == "merge-claimants" else d.target
            gone = [x for x in named if x not in have.get(d.action, set(named))]
            if gone:
                what = {"merge-claimants": "claimant", "rename-measure": "measure"}.get(
                    d.action, "claim group")
                out.append(Orphan(d, f"no {what} {', '.join(gone)} in the ledger now"))
        return out

    def stats(self) -> Report:
        """How the machine fares against the people (review/stats.py), as a grader Report."""
        gold, machine = gold_and_machine(self.store.claims(include_rejected=True,
                                                           reviewed_only=True))
        return grade(gold, machine, name="machine against the reviewed claims")

    def apply(self, docs: Iterable[str] | None = None) -> None:
        """Apply the decisions again to `docs` (all reviewed ones by default) and rebuild
        the ledger: what `run` does after re-extracting; safe to repeat."""
        from claimledger.pipeline import rebuild_ledger

        with self.store.locked():
            todo = set(self.store.reviewed_docs() if docs is None else docs)
            for doc in sorted(todo):
                self.store.apply_reviews(doc)
            rebuild_ledger(self.store, changed=todo)

    # -- one decision, end to end --------------------------------------------------------

    def _decide(self, action: str, claim_id: int, *, by: str, note: str | None, base: Any,
                fields: dict[str, Any] | None = None, reason: str | None = None) -> Decision:
        by = self.reviewer(by)
        with self.store.locked():
            row = self.claim(claim_id)
            state = self.store.review_state(row["doc"])
            latest = state.latest.get(_key(row))
            if base is not UNCHECKED and (base or None) != latest:
                last = next((d for d in self.store.decisions(row["doc"]) if d.id == latest),
                            None)
                who = f"{last.reviewer} ({last.action}, {last.at})" if last else "someone"
                raise StaleDecision(f"claim {claim_id} was decided on by {who} since you "
                                    "opened it: nothing was written; look again and decide")
            if fields:
                problem = F.consistent({**row, **fields})
                if problem:
                    raise ReviewError(problem)
            d = Decision(action=action, reviewer=by, at=now(), claim=claim_id, doc=row["doc"],
                         sha256=self.store.place_of(row["doc"])["sha256"],  # type: ignore
                         quote_start=row["quote_start"], quote_end=row["quote_end"],
                         figure_start=row["figure_start"], figure_end=row["figure_end"],
                         quote=row["quote"], figure=row["figure"], fields=fields or {},
                         before={k: row.get(k) for k in _SNAPSHOT}, reason=reason,
                         note=note, base=latest)
            return self._store(d)

    def _store(self, d: Decision) -> Decision:
        from claimledger.pipeline import rebuild_ledger

        stored = self.store.add_decision(d)
        self.store.apply_reviews(d.doc)  # type: ignore[arg-type]
        rebuild_ledger(self.store, changed={d.doc})  # type: ignore[arg-type]
        return stored

    def _ledger(self, action: str, target: list[str], *, by: str, note: str | None,
                fields: dict[str, Any] | None = None) -> Decision:
        from claimledger.pipeline import rebuild_ledger

        by = self.reviewer(by)
        with self.store.locked():
            d = self.store.add_decision(Decision(action=action, reviewer=by, at=now(),
                                                 target=target, fields=fields or {},
                                                 note=note))
            rebuild_ledger(self.store)
        return d


def _key(row: dict[str, Any]) -> Any:
    """How review/state.py keys a claim: a machine claim by id, a kept one by its figure."""
    if row.get("origin") is None:
        return int(row["id"])
    return ("span", row["figure_start"], row["figure_end"])


__all__ = ["DocState", "Orphan", "Review", "ReviewError", "StaleDecision"]
