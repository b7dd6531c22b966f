"""Telegram exports: a channel's `result.json` in, one Document per text post out.

The posts below are invented; the layout is that of Telegram Desktop's JSON export.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.read import ReadError, iter_documents
from claimledger.read.telegram import NOT_TELEGRAM
from claimledger.records import Document

SERVICE = {"id": 1, "type": "service", "date": "2024-05-01T09:00:00",
           "date_unixtime": "1714554000", "actor": "Harbour Watch",
           "action": "create_channel", "title": "Harbour Watch", "text": "",
           "text_entities": []}
PLAIN = {"id": 2, "type": "message", "date": "2024-05-02T10:15:00",
         "from": "Harbour Watch", "from_id": "channel1735220914",
         "text": "Port officials said 14 ships were waiting outside Velmar harbour."}
SEGMENTED = {"id": 3, "type": "message", "date": "2024-05-03T08:30:00",
             "from": "Harbour Watch",
             "text": [{"type": "bold", "text": "Update:"}, " the harbour master said ",
                      {"type": "hashtag", "text": "#Velmar"}, " had 9 berths free. ",
                      {"type": "text_link", "text": "Details",
                       "href": "https://example.org/velmar"}]}
PHOTO = {"id": 4, "type": "message", "date": "2024-05-03T09:00:00",
         "from": "Harbour Watch", "photo": "photos/photo_1@03-05-2024_09-00-00.jpg",
         "width": 1280, "height": 960, "text": "", "text_entities": []}


def write_export(folder: Path, messages: list[Any], **chat: Any) -> Path:
    """A result.json as Telegram Desktop writes it, for a channel unless `chat` says else."""
    export = {"name": "Harbour Watch", "type": "public_channel", "id": 1735220914, **chat,
              "messages": messages}
    path = folder / "result.json"
    path.write_text(json.dumps(export, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read(path: Path) -> tuple[list[Document], list[ReadError]]:
    items = list(iter_documents([path]))
    return ([x for x in items if isinstance(x, Document)],
            [x for x in items if isinstance(x, ReadError)])


def canonical(message: dict[str, Any]) -> bytes:
    return json.dumps(message, sort_keys=True, ensure_ascii=False).encode("utf-8")


def test_each_text_post_is_a_document_plain_or_segmented(tmp_path: Path) -> None:
    path = write_export(tmp_path, [PLAIN, SEGMENTED])

    [plain, segmented], errors = read(path)

    assert not errors
    assert plain.id == "result.json#2" and plain.format == "text"
    assert plain.raw == "Port officials said 14 ships were waiting outside Velmar harbour."
    assert segmented.raw == "Update: the harbour master said #Velmar had 9 berths free. Details"
    assert (plain.outlet, plain.title) == ("Harbour Watch", None)
    assert (plain.date, plain.date_source) == ("2024-05-02", "metadata")
    src = plain.source
    assert src.path == str(path) and src.record == 2 and src.fetched is None
    assert src.data == canonical(PLAIN) and src.size == len(canonical(PLAIN))
    assert src.sha256 == hashlib.sha256(canonical(PLAIN)).hexdigest()


def test_text_entities_stand_in_when_there_is_no_text(tmp_path: Path) -> None:
    post = {"id": 7, "type": "message", "date": "2024-05-04T12:00:00",
            "text_entities": [{"type": "plain", "text": "Ferry crews said "},
                              {"type": "bold", "text": "3 sailings"},
                              {"type": "plain", "text": " were cut."}]}
    [doc], errors = read(write_export(tmp_path, [post]))
    assert not errors
    assert doc.raw == "Ferry crews said 3 sailings were cut."


def test_a_forwarded_post_is_the_claim_of_its_origin(tmp_path: Path) -> None:
    forwarded = {**PLAIN, "id": 5, "forwarded_from": "Velmar Port Authority"}

    [own, passed_on], _ = read(write_export(tmp_path, [PLAIN, forwarded]))

    assert own.outlet == "Harbour Watch"
    assert passed_on.outlet == "Velmar Port Authority"


def test_service_messages_and_photos_without_caption_are_skipped_silently(
        tmp_path: Path) -> None:
    [doc], errors = read(write_export(tmp_path, [SERVICE, PLAIN, PHOTO]))
    assert errors == []
    assert doc.id == "result.json#2"


def test_a_channel_with_a_username_links_its_posts_by_name(tmp_path: Path) -> None:
    [doc], _ = read(write_export(tmp_path, [PLAIN], username="harbourwatch"))
    assert doc.url == doc.source.url == "https://t.me/harbourwatch/2"


@pytest.mark.parametrize("chat_id", [1735220914, -1001735220914])
def test_without_a_username_posts_are_linked_by_the_channel_id(
        tmp_path: Path, chat_id: int) -> None:
    [doc], _ = read(write_export(tmp_path, [PLAIN], id=chat_id))
    assert doc.url == doc.source.url == "https://t.me/c/1735220914/2"


@pytest.mark.parametrize(("broken", "where", "problem"), [
    ("not a message", "result.json#[1]", "message is a string, not an object"),
    ({**PLAIN, "id": "two"}, "result.json#[1]", "bad message id 'two'"),
    ({**PLAIN, "id": 9, "text": {"type": "bold"}}, "result.json#9", "'text' is an object"),
    ({**PLAIN, "id": 9, "text": [{"type": "bold"}]}, "result.json#9", "'text' segment 0"),
    ({**PLAIN, "id": 9, "date": "the 3rd of May"}, "result.json#9", "bad date"),
])
def test_a_broken_message_is_one_error_and_the_others_are_read(
        tmp_path: Path, broken: Any, where: str, problem: str) -> None:
    path = write_export(tmp_path, [PLAIN, broken, SEGMENTED])

    docs, [error] = read(path)

    assert [d.id for d in docs] == ["result.json#2", "result.json#3"]
    assert error.path == str(tmp_path / where)
    assert problem in error.problem and "\n" not in error.problem


@pytest.mark.parametrize(("data", "problem"), [
    (b'{"name": "Harbour Watch", "type": "public_channel", "messages": [', "invalid JSON"),
    (b"", "empty file"),
    (b'{"name": "Harbour \xff Watch", "type": "public_channel", "messages": []}',
     "invalid UTF-8"),
])
def test_an_unreadable_export_is_one_error_naming_the_file(
        tmp_path: Path, data: bytes, problem: str) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(data)

    docs, [error] = read(path)

    assert docs == []
    assert error.path == str(path) and error.problem.startswith(problem)


@pytest.mark.parametrize("content", [
    [{"text": "The council said 40 buses left the town."}],  # articles, not a chat
    {"name": "Harbour Watch", "type": ["public_channel"], "messages": []},
    {"about": "a whole account", "chats": {"list": []}},  # several chats: not read
])
def test_a_json_file_that_is_not_a_telegram_export_is_refused(
        tmp_path: Path, content: Any) -> None:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(content))

    docs, [error] = read(path)

    assert docs == []
    assert (error.path, error.problem) == (str(path), NOT_TELEGRAM)
    assert "JSON Lines files end in .jsonl" in NOT_TELEGRAM


def run_export(tmp_path: Path) -> tuple[CliRunner, Path, Any]:
    """An export of a service message, a text post and a photo, run into a new database:
    (the runner, the database, the run's result)."""
    folder = tmp_path / "telegram"
    folder.mkdir()
    write_export(folder, [SERVICE, PLAIN, PHOTO])
    db = tmp_path / "ledger.db"
    runner = CliRunner()
    return runner, db, runner.invoke(main, ["run", str(folder), "--db", str(db)])


def test_run_then_export_shows_a_claim_of_the_post(tmp_path: Path) -> None:
    runner, db, ran = run_export(tmp_path)
    exported = runner.invoke(main, ["export", "--format", "jsonl", "--db", str(db)])

    assert ran.exit_code == 0, ran.output
    assert exported.exit_code == 0, exported.output
    [claim] = [json.loads(line) for line in exported.stdout.splitlines()]
    assert claim["doc"] == "result.json#2"
    assert (claim["figure"], claim["unit"]) == ("14", "ship")
    assert claim["date"] == "2024-05-02"


def test_verify_re_derives_each_post_from_its_archived_message(tmp_path: Path) -> None:
    runner, db, ran = run_export(tmp_path)
    assert ran.exit_code == 0, ran.output

    verified = runner.invoke(main, ["verify", "--db", str(db)])

    assert verified.exit_code == 0, verified.output
    assert "verify: OK" in verified.output
