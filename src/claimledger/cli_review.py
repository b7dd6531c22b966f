"""`claimledger users ...` and `claimledger review ...`: thin click commands over
claimledger.reviewing.Review. Every command takes --db; every decision names its reviewer
with --as (a user added with `users add`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from claimledger.review.records import LEDGER_ACTIONS, REASONS, STATUSES

as_option = click.option("--as", "as_", required=True, metavar="NAME",
                         help="The reviewer deciding (a user with the reviewer role).")
note_option = click.option("--note", default=None, metavar="TEXT",
                           help="Why: kept with the decision, shown in its history.")
field_option = click.option("--field", "fields", multiple=True, metavar="NAME=VALUE",
                            help="A field's value, e.g. claimant=\"Ludmila Denisova\", "
                                 "side=Ukraine, low=3000 (repeat for more).")


def _db_option(f: Any) -> Any:
    from claimledger.cli import db_option

    return db_option(f)


def _review(db: str) -> Any:
    from claimledger.cli import _open
    from claimledger.reviewing import Review

    return Review(_open(db, create=False))


def _fail(e: Exception) -> click.ClickException:
    return click.ClickException(str(e))


def _errors() -> tuple[type[Exception], ...]:
    from claimledger.review.fields import FieldError
    from claimledger.reviewing import ReviewError

    return (ReviewError, FieldError)


def _span(value: str, name: str) -> tuple[int, int]:
    start, colon, end = value.partition(":")
    try:
        if not colon:
            raise ValueError
        return int(start), int(end)
    except ValueError:
        raise click.BadParameter(f"{value!r}: give START:END, character offsets in the "
                                 "document's clean text", param_hint=name) from None


def _fields(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq:
            raise click.BadParameter(f"{pair!r}: give NAME=VALUE", param_hint="'--field'")
        out[name.strip()] = value
    return out


# -- users ----------------------------------------------------------------------------------

@click.group()
def users() -> None:
    """Who may review: `users add NAME`, `users list`."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reviewer", "viewer"]), default="reviewer",
              show_default=True, help="A viewer sees the review pages; a reviewer decides.")
@click.option("--password-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Read the password from this file's first line instead of "
                                 "asking for it.")
@_db_option
def users_add(name: str, role: str, password_file: Path | None, db: str) -> None:
    """Add a user (or set an existing one's password and role). The password is stored
    hashed (argon2id), never as typed."""
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    else:
        password = click.prompt(f"Password for {name}", hide_input=True,
                                confirmation_prompt=True)
    with _review(db) as review:
        try:
            review.add_user(name, password, role)
        except _errors() as e:
            raise _fail(e) from None
    click.echo(f"{name}: {role}")


@users.command("list")
@_db_option
def users_list(db: str) -> None:
    """The users, with their roles."""
    with _review(db) as review:
        for u in review.store.users():
            click.echo(f"{u['name']}\t{u['role']}\t{u['created']}")


# -- review ---------------------------------------------------------------------------------

@click.group()
def review() -> None:
    """Confirm, correct, reject and add claims; decide about the ledger. Every decision is
    kept (append-only, in the activity log `verify` checks) and holds across re-runs."""


@review.command("list")
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--measure", default=None, metavar="M", help="A measure's id or name.")
@click.option("--doc", default=None, metavar="D")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@_db_option
def review_list(status: str | None, measure: str | None, doc: str | None, as_json: bool,
                db: str) -> None:
    """The claims with their review status, by document then position."""
    with _review(db) as r:
        try:
            rows = r.listing(status, measure, doc)
        except _errors() as e:
            raise _fail(e) from None
        for row in rows:
            if as_json:
                keys = ("id", "status", "reviewed_by", "doc", "figure", "unit", "claimant",
                        "affiliation", "quote")
                click.echo(json.dumps({k: row.get(k) for k in keys}, ensure_ascii=False))
            else:
                click.echo(f"{row['id']:>6}  {row['status']:<9}  {row['figure'][:24]:<24}  "
                           f"{(row['claimant'] or '(the outlet)')[:30]:<30}  {row['doc']}")


@review.command("show")
@click.argument("claim", type=int)
@_db_option
def review_show(claim: int, db: str) -> None:
    """A claim as reviewed, with every decision on it."""
    with _review(db) as r:
        try:
            row, history = r.claim(claim), r.history(claim)
        except _errors() as e:
            raise _fail(e) from None
    click.echo(f"claim {claim} [{row['status']}] {row['doc']}\n  {row['quote']}")
    for k in ("figure", "value", "low", "high", "qualifier", "unit", "claimant",
              "affiliation", "predicate", "framing", "date", "place"):
        was = (row.get("machine") or {}).get(k, row.get(k))
        extra = f"   (machine: {was})" if was != row.get(k) else ""
        click.echo(f"  {k:<12}{row.get(k)}{extra}")
    for d in history:
        detail = json.dumps(d.fields, ensure_ascii=False) if d.fields else (d.reason or "")
        click.echo(f"  #{d.id} {d.at} {d.reviewer} {d.action} {detail} {d.note or ''}".rstrip())


def _decided(d: Any) -> None:
    click.echo(f"decision #{d.id}: {d.action} by {d.reviewer}")


@review.command("confirm")
@click.argument("claim", type=int)
@note_option
@as_option
@_db_option
def review_confirm(claim: int, note: str | None, as_: str, db: str) -> None:
    """The claim is right as the machine found it (or as corrected)."""
    with _review(db) as r:
        try:
            _decided(r.confirm(claim, by=as_, note=note))
        except _errors() as e:
            raise _fail(e) from None


@review.command("correct")
@click.argument("claim", type=int)
@field_option
@click.option("--note", required=True, metavar="TEXT", help="Why it was wrong.")
@as_option
@_db_option
def review_correct(claim: int, fields: tuple[str, ...], note: str, as_: str, db: str) -> None:
    """Set fields of a claim: claimant, side (affiliation), claimant_role, predicate,
    framing, date, place, unit, qualifier, value, low, high. An empty value clears one."""
    with _review(db) as r:
        try:
            _decided(r.correct(claim, _fields(fields), by=as_, note=note))
        except _errors() as e:
            raise _fail(e) from None


@review.command("reject")
@click.argument("claim", type=int)
@click.option("--reason", type=click.Choice(REASONS), required=True)
@click.option("--note", required=True, metavar="TEXT", help="Why it is not a claim.")
@as_option
@_db_option
def review_reject(claim: int, reason: str, note: str, as_: str, db: str) -> None:
    """Not a claim: it leaves the ledger and every export (but --include-rejected)."""
    with _review(db) as r:
        try:
            _decided(r.reject(claim, reason, by=as_, note=note))
        except _errors() as e:
            raise _fail(e) from None


@review.command("add")
@click.argument("doc")
@click.option("--quote-offset", required=True, metavar="START:END",
              help="The sentence, as offsets in the document's clean text (`show DOC`).")
@click.option("--figure-offset", required=True, metavar="START:END",
              help="The figure inside it, as offsets in the same text.")
@field_option
@note_option
@as_option
@_db_option
def review_add(doc: str, quote_offset: str, figure_offset: str, fields: tuple[str, ...],
               note: str | None, as_: str, db: str) -> None:
    """A claim the machine missed."""
    quote = _span(quote_offset, "'--quote-offset'")
    figure = _span(figure_offset, "'--figure-offset'")
    with _review(db) as r:
        try:
            _decided(r.add(doc, quote, figure, _fields(fields), by=as_, note=note))
        except _errors() as e:
            raise _fail(e) from None


def _ledger_command(name: str, args: tuple[str, ...], doc: str) -> None:
    method = name.replace("-", "_")

    def command(note: str | None, as_: str, db: str, **kw: str) -> None:
        with _review(db) as r:
            try:
                _decided(getattr(r, method)(*[kw[a] for a in args], by=as_, note=note))
            except _errors() as e:
                raise _fail(e) from None

    for a in reversed(args):  # decorators apply bottom-up: the last argument first
        command = click.argument(a)(command)
    review.command(name, help=doc)(note_option(as_option(_db_option(command))))


for _name, _args, _doc in (
        ("merge-claimants", ("a", "b"), "Claimants A and B (ids) are one: B's claims join A."),
        ("split-group", ("group",), "Claim group GROUP is not one claim: each stands alone."),
        ("not-a-conflict", ("a", "b"), "Groups A and B do not conflict: never flagged again."),
        ("rename-measure", ("measure", "name"), "Give measure MEASURE (its id) a NAME.")):
    assert _name in LEDGER_ACTIONS
    _ledger_command(_name, _args, _doc)


@review.command("orphans")
@_db_option
def review_orphans(db: str) -> None:
    """Decisions whose sentence or figure is no longer in their document (a changed
    article), or whose claimant, group or measure the ledger no longer has: kept, shown
    here, never dropped."""
    with _review(db) as r:
        for o in r.orphans():
            d = o.decision
            if d.doc is None:  # about the ledger
                click.echo(f"#{d.id} {d.action} by {d.reviewer} on {' '.join(d.target)}: "
                           f"{o.why}")
            else:
                click.echo(f"#{d.id} {d.action} by {d.reviewer} on {d.doc}: {d.figure!r} in "
                           f"{(d.quote or '')[:60]!r}: {o.why}")


@review.command("apply")
@_db_option
def review_apply(db: str) -> None:
    """Apply every decision again and rebuild the ledger (what `run` does itself)."""
    with _review(db) as r:
        r.apply()
    click.echo("decisions applied; ledger rebuilt")


@review.command("stats")
@click.option("--json", "as_json", is_flag=True)
@_db_option
def review_stats(as_json: bool, db: str) -> None:
    """How the machine fares against the people, per field, scored as the grader scores
    gold: the reviewed claims are the gold, the machine's own records of them the
    prediction."""
    from claimledger.evaluate import format_report

    with _review(db) as r:
        report = r.stats()
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report))
