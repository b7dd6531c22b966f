"""The command line: thin click commands over the library API.

Imports of the pipeline and the extractor are deferred into the commands that need them,
so `claimledger --help` answers at once.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

import click

from claimledger import __version__
from claimledger.present.export import BINARY_FORMATS, FORMATS, ExportError
from claimledger.store import DEFAULT_PATH, Store, StoreError

db_option = click.option(
    "--db", default=DEFAULT_PATH, show_default=True, metavar="FILE|URL",
    type=click.Path(dir_okay=False),
    help="The claimledger database: an SQLite file, or postgresql://user:pass@host/db.",
)


key_option = click.option(
    "--key", "key_file", metavar="FILE", envvar="CLAIMLEDGER_KEY_FILE",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An Ed25519 key kept outside the database (`claimledger keygen`; or "
         "CLAIMLEDGER_KEY_FILE): a private key signs every activity entry written; for "
         "verify, the public key (FILE.pub) is enough.",
)


def _key(key_file: Path | None):  # -> Verifier | None
    if key_file is None:
        return None
    from claimledger.store.signing import KeyFileError, load_key

    try:
        return load_key(key_file)
    except KeyFileError as e:
        raise click.ClickException(str(e)) from None


def _open(db: str, create: bool, key_file: Path | None = None, repair: bool = True) -> Store:
    key = _key(key_file)
    try:
        return Store(db, create=create, key=key, repair=repair)
    except StoreError as e:
        hint = "" if create else " (create it with `claimledger run PATH...`)"
        raise click.ClickException(f"{e}{hint}") from None


@click.group()
@click.version_option(__version__, prog_name="claimledger")
def main() -> None:
    """A sourced ledger of who claimed what figure, when, from a folder of news articles."""


class ByteSize(click.ParamType):
    """A number of bytes: 8000000, 512K, 8M, 1G (powers of 1024)."""

    name = "bytes"
    _UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}

    def convert(self, value, param, ctx):  # type: ignore[override]
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().removesuffix("b").removesuffix("i")
        unit = text[-1:] if text[-1:] in self._UNITS else ""
        try:
            number = float(text[: len(text) - len(unit)])
        except ValueError:
            self.fail(f"{value!r} is not a size (like 8000000, 512K, 8M)", param, ctx)
        if number <= 0:
            self.fail(f"{value!r}: the cap must be positive", param, ctx)
        return int(number * self._UNITS[unit])


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for cleaning and extraction, each loading the model once "
                   "[default: 1, in this process; with --engine dask and no --scheduler: 2].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="local: this machine; dask: a Dask cluster (see --scheduler).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="With --engine dask: the scheduler to use, e.g. tcp://HOST:8786 "
                   "[default: a local cluster of --workers processes].")
@click.option("--max-bytes", type=ByteSize(), default="8M", show_default=True, metavar="SIZE",
              help="Skip (and report) any document larger than this, e.g. 8M, 512K.")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, metavar="N",
              help="Documents sent to a worker at once [default: 4; 1 in-process].")
@click.option("--follow-links", is_flag=True,
              help="Read what symbolic links inside the folders point to, when it lies inside "
                   "a PATH given here; a link leading outside them is never read. Without it "
                   "every link inside a folder is reported and skipped.")
@click.option("--force", is_flag=True,
              help="Extract again documents already stored with the same bytes (after a "
                   "new extraction rule); people's review decisions are kept.")
@key_option
def run(paths: tuple[Path, ...], db: str, workers: int | None, engine: str,
        scheduler: str | None, max_bytes: int, batch_size: int | None,
        follow_links: bool, force: bool, key_file: Path | None) -> None:
    """Read articles under PATH... and store their claims.

    Documents already stored with the same bytes are skipped; each file that fails is
    reported as one "error: path: problem" line on stderr, and the exit status is 1.
    Documents stream through in batches; this process alone writes the database.
    A PATH that is itself a symbolic link is read: it is the input you named. A file named
    like a stored document read from elsewhere is a second document: its id takes its
    folder (`y/report.txt`), and a "note:" line says so. Prints the activity log's head:
    record it elsewhere, and `verify --expect-head` shows the history since is intact.
    """
    from tqdm import tqdm

    from claimledger.engines import EngineError
    from claimledger.pipeline import run as run_pipeline
    from claimledger.present.summary import summary

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if key_file is not None and not _is_signer(_key(key_file)):
        raise click.UsageError(f"--key {key_file}: run signs, and needs the private key")
    with _open(db, create=True, key_file=key_file) as store:
        # disable=None: no bar when stderr is not a terminal (pipes, CI, tests).
        with tqdm(desc="claimledger", unit="doc", file=sys.stderr, disable=None) as bar:

            def progress(label: str, error: str | None) -> None:
                if error:
                    with tqdm.external_write_mode(file=sys.stderr):
                        click.echo(f"error: {error}", err=True)
                bar.update(1)

            try:
                report = run_pipeline(paths, store, progress, workers=workers, engine=engine,
                                      scheduler=scheduler, max_bytes=max_bytes,
                                      batch_size=batch_size, follow_links=follow_links,
                                      force=force)
            except (EngineError, StoreError) as e:
                raise click.ClickException(str(e)) from None
        for note in report.notes:
            click.echo(f"note: {note}", err=True)
        click.echo(summary(store, report))
        click.echo(f"head: {store.head()}")
    sys.exit(0 if report.ok else 1)


def _is_signer(key: object) -> bool:
    from claimledger.store.signing import Signer

    return isinstance(key, Signer)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl: one claim a line; conflicts: one conflict a line; csv: one claim "
                   "a row, for spreadsheets; claimreview: a schema.org Claim per claim group, "
                   "as one JSON-LD document; parquet: one claim a row, typed (needs --out); "
                   "gold: the reviewed claims as gold records (spec/claims.md), to grade "
                   "the next version with.")
@click.option("--out", default="-", metavar="FILE", help="Write here instead of stdout.",
              type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--reviewed-only", is_flag=True,
              help="Only claims a person confirmed, corrected, added (or rejected, with "
                   "--include-rejected).")
@click.option("--include-rejected", is_flag=True,
              help="Rejected claims too (their status says so); left out by default.")
def export(db: str, fmt: str, out: str, reviewed_only: bool, include_rejected: bool) -> None:
    """Write the claims (or conflicts) as JSON lines, CSV, JSON-LD or Parquet.

    The records are those of spec/claims.md, by document then position in its text; csv
    and parquet have the same fields as columns, then the claim's id, role and kind and its
    document's outlet, title, date, URL and SHA-256. Text is written as UTF-8.
    """
    from claimledger.present.export import Which
    from claimledger.present.export import export as write

    which = Which(reviewed_only=reviewed_only, include_rejected=include_rejected)

    binary = fmt in BINARY_FORMATS
    if binary and out == "-":
        raise click.UsageError(f"--format {fmt} writes a binary file: give --out FILE")
    with _open(db, create=False) as store:
        if out == "-":
            # UTF-8 whatever the locale says: article text is not ASCII.
            stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")
            try:
                write(store, fmt, stdout, which)
            finally:
                stdout.flush()
                stdout.detach()  # leave the process's stdout open
            return
        # Write aside and rename, so a failed export never leaves half a file behind.
        tmp = f"{out}.tmp"
        try:
            text = {"encoding": "utf-8", "newline": "\n"}
            with open(tmp, "wb") if binary else open(tmp, "w", **text) as f:
                write(store, fmt, f, which)
            os.replace(tmp, out)
        except (OSError, ExportError) as e:
            with contextlib.suppress(OSError):
                os.remove(tmp)
            problem = e.strerror if isinstance(e, OSError) and e.strerror else e
            raise click.ClickException(f"cannot write {out}: {problem}") from None


@main.command()
@db_option
def documents(db: str) -> None:
    """List the stored documents: id, date, claims, format, outlet and title."""
    from claimledger.present.show import documents_table

    with _open(db, create=False) as store:
        click.echo(documents_table(store))


@main.command()
@click.argument("doc")
@db_option
def show(doc: str, db: str) -> None:
    """Show a document with its figures marked.

    Prints DOC's clean text with each claim's figure marked in place, the numbered claims,
    and what cleaning stripped from the original, and why. DOC is a document's id (see
    `documents`) or the start of one, as long as it is unique.
    """
    from claimledger.present.show import DocumentNotFound, render

    with _open(db, create=False) as store:
        try:
            click.echo(render(store, doc))
        except DocumentNotFound as e:
            raise click.ClickException(str(e)) from None


@main.command()
@click.option("--all", "include_all", is_flag=True,
              help="Also durations, ages and other quantities that are not claim figures.")
def figures(include_all: bool) -> None:
    """Parse figures in sentences from stdin.

    Reads one sentence a line and prints one JSON array a line: every figure found.
    """
    from claimledger.extract.fields.figure import find_figures

    keys = ("text", "value", "low", "high", "qualifier", "unit", "kind")
    for line in sys.stdin:
        found = find_figures(line.rstrip("\r\n"), include_all=include_all)
        objs = [{k: f.as_dict()[k] for k in keys} for f in found]
        click.echo(json.dumps(objs, ensure_ascii=False))


@main.command()
@db_option
def measures(db: str) -> None:
    """List the measures: what groups of claims count, with their conflicts."""
    from claimledger.present.ledger_views import measures_table

    with _open(db, create=False) as store:
        click.echo(measures_table(store))


@main.command()
@click.argument("measure")
@db_option
@click.option("--json", "as_json", is_flag=True, help="The series as JSON, ready to draw.")
def timeline(measure: str, db: str, as_json: bool) -> None:
    """Print MEASURE's figures over time, one series per side.

    MEASURE is a measure's id, name, or a unique part of its name (see `measures`).
    Bounds stay bounds: ">= 1,000,000" and "<= 800,000", never averaged.
    """
    from claimledger.present.ledger_views import MeasureNotFound, timeline_text

    with _open(db, create=False) as store:
        try:
            click.echo(timeline_text(store, measure, as_data=as_json))
        except MeasureNotFound as e:
            raise click.ClickException(str(e)) from None


@main.command()
@db_option
def sources(db: str) -> None:
    """List syndication clusters: documents that are copies or retellings of one story."""
    from claimledger.present.ledger_views import sources_text

    with _open(db, create=False) as store:
        click.echo(sources_text(store))


@main.command()
@db_option
@click.option("--out", default="report.html", show_default=True, metavar="FILE",
              type=click.Path(dir_okay=False), help="Where to write the report.")
def report(db: str, out: str) -> None:
    """Write the ledger as one self-contained HTML file.

    Overview, a timeline chart per measure, conflicts side by side, claimants and every
    claim in its sentence. No script and nothing loaded from elsewhere: safe to open offline.
    """
    from claimledger.present.report import write_report

    with _open(db, create=False) as store:
        tmp = f"{out}.tmp"
        try:
            info = write_report(store, tmp)
            os.replace(tmp, out)
        except OSError as e:
            raise click.ClickException(f"cannot write {out}: {e.strerror or e}") from None
    click.echo(f"{out}: {info['bytes']:,} bytes")


def _host_names(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
                ) -> tuple[str, ...]:
    from claimledger.present.web.guard import host_name

    try:
        return tuple(host_name(v) for v in values)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Only this machine can connect unless you give "
                   "another (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              callback=_host_names,
              help="A name or address other machines reach this server by, e.g. ledger.lan "
                   "(repeatable). A request naming any other host is refused, whatever "
                   "--host is (DNS rebinding); this machine's loopback names and the --host "
                   "address itself are always answered.")
@click.option("--max-connections", type=click.IntRange(1, 100_000), default=100,
              show_default=True,
              help="Open connections served at once; beyond them requests are answered 503.")
@click.option("--request-timeout", type=click.FloatRange(0.1, 3600), default=10.0,
              show_default=True, metavar="SECONDS",
              help="Time a client has to send a whole request, from connecting or from its "
                   "previous answer; a slower client is disconnected.")
@click.option("--keep-alive", type=click.IntRange(1, 3600), default=5, show_default=True,
              metavar="SECONDS", help="How long an idle connection is kept open.")
@click.option("--review", "review_mode", is_flag=True,
              help="Review mode: reviewers log in (users added with `users add`) and confirm, "
                   "correct, reject and add claims in the pages. Off by default.")
def serve(db: str, host: str, port: int, allowed_hosts: tuple[str, ...],
          max_connections: int, request_timeout: float, keep_alive: int,
          review_mode: bool) -> None:
    """Browse the ledger in a web browser, read-only.

    Pages for claims (with filters and permalinks), documents with their figures marked,
    measures with their charts, conflicts side by side, and search; a JSON API under /api/
    (schema at /openapi.json). The database is opened read-only and nothing is written;
    with --review, a logged-in reviewer's decisions are, each in one transaction.
    """
    try:
        import uvicorn

        from claimledger.present.web import create_app
        from claimledger.present.web.guard import WILDCARD_BINDS, served_hosts
        from claimledger.present.web.server import server_options
    except ImportError as e:
        raise click.ClickException(f"serve needs the web dependencies ({e.name}): "
                                   "pip install -e .") from None
    try:
        hosts = served_hosts(host, allowed_hosts)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="'--host'") from None
    review = None
    if review_mode:
        from claimledger.present.web.review import ReviewMode

        with _open(db, create=False) as store:
            if not any(u["role"] == "reviewer" for u in store.users()):
                raise click.ClickException("--review needs a reviewer: add one with "
                                           "`claimledger users add NAME`")
        review = ReviewMode(db)
    try:
        app = create_app(db, allowed_hosts=hosts, review=review)
    except StoreError as e:
        raise click.ClickException(str(e)) from None
    shown = f"[{host}]" if ":" in host else host
    how = "in review mode (log in at /login)" if review else "read-only"
    click.echo(f"claimledger: serving {db} {how} at http://{shown}:{port}/ (Ctrl-C stops)")
    if host in WILDCARD_BINDS and not allowed_hosts:
        click.echo("claimledger: listening on every interface, but answering only this "
                   "machine's own names: give the names other machines use with "
                   "--allowed-host NAME")
    uvicorn.run(app, **server_options(host, port, max_connections=max_connections,
                                      request_timeout=request_timeout, keep_alive=keep_alive))


@main.command()
@db_option
@click.option("--expect-head", metavar="HEX", default=None,
              help="A head printed by an earlier run or verify and kept elsewhere: fail "
                   "unless the log still holds it (its history unchanged).")
@key_option
def verify(db: str, expect_head: str | None, key_file: Path | None) -> None:
    """Check the database against its archived originals and its activity log.

    Runs SQLite's quick check on the file, checks the append-only triggers are in place,
    re-hashes every original, re-derives every document's clean text, offsets and cuts from
    it, checks every claim's quote and figure against them, and checks the activity log's
    hash chain and that the data (documents, claims, the ledger) is what the log last
    recorded. With --expect-head, the log must still hold that head; with --key, every
    entry must be signed by that key. Prints one line per mismatch, the log's head
    (`head: HEX`) and a summary; the exit status is 1 on any mismatch.
    """
    from claimledger.integrity import verify as check

    key = _key(key_file)
    # repair=False: a dropped trigger is reported, not silently put back
    with _open(db, create=False, repair=False) as store:
        report = check(store, lambda m: click.echo(m.line()), expect_head=expect_head,
                       key=key)
    for note in report.notes:
        click.echo(note)
    click.echo(f"head: {report.head}")
    click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


@main.command("datasette-metadata")
@db_option
@click.option("--out", default="metadata.json", show_default=True, metavar="FILE",
              help="Where to write it ('-' for stdout).")
def datasette_metadata(db: str, out: str) -> None:
    """Write a Datasette metadata file for the database: what each table, view and column
    holds, and the column that names a row. Then: datasette DB -m FILE."""
    from claimledger.present.datasette import database_name, metadata

    with _open(db, create=False):  # a database that is there, brought up to date
        pass
    text = json.dumps(metadata(database_name(db)), indent=2, ensure_ascii=False) + "\n"
    if out == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(out).write_text(text, encoding="utf-8")
    except OSError as e:
        raise click.ClickException(f"cannot write {out}: {e.strerror or e}") from None
    click.echo(f"wrote {out}: open it with  datasette {db} -m {out}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def keygen(file: Path) -> None:
    """Make an Ed25519 key pair for signing the activity log: FILE (private, mode 0600:
    keep it off the machine that holds the database when you can) and FILE.pub (give it
    to whoever verifies)."""
    from claimledger.store.signing import KeyFileError, generate_key

    try:
        private, public = generate_key(file)
    except KeyFileError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"private key: {private} (run --key {private}, or CLAIMLEDGER_KEY_FILE)")
    click.echo(f"public key:  {public} (verify --key {public})")


@main.command("eval")
@click.argument("sets", nargs=-1, metavar="[SET_DIR]...",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="The reports as one JSON array.")
def eval_(sets: tuple[Path, ...], as_json: bool) -> None:
    """Grade extraction on sets with gold: SET_DIR/docs/, SET_DIR/gold.jsonl and optional
    SET_DIR/conflicts.jsonl (spec/claims.md, "Grading").

    Each set's docs go through the pipeline into a temporary store; its claims and
    conflicts, exported as `export` writes them, are graded against the gold. Without
    SET_DIR: corpus/sample, and every set under ../shared/corpus when it exists.
    """
    from claimledger.evaluate import default_sets, evaluate_set, format_report

    folders = list(sets) or default_sets()
    if not folders:
        raise click.UsageError("no set found: give SET_DIR (docs/ and gold.jsonl)")
    reports = []
    for folder in folders:
        try:
            report, pred = evaluate_set(folder)
        except (OSError, ValueError) as e:
            raise click.ClickException(f"{folder}: {e}") from None
        for line in pred.errors:
            click.echo(f"error: {line}", err=True)
        reports.append(report)
        if not as_json:
            click.echo(format_report(report))
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=1))


def _add_review_commands() -> None:
    from claimledger.cli_review import review, users

    main.add_command(users)
    main.add_command(review)


_add_review_commands()
