"""Telegram channel exports: the `result.json` of Telegram Desktop's "Export chat history".

Each text post is its own Document (`result.json#ID`, ID the message id), its Source the
post's canonical JSON: the export is one file of many posts, and a post's figure is a claim
of its own. Service messages and media without a caption hold no claim and are skipped; a
malformed post becomes a ReadError and the others go on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from claimledger.read.errors import ReadError
from claimledger.read.text import text_document
from claimledger.records import Document, Source

CHAT_TYPES = frozenset({
    "public_channel", "private_channel", "public_supergroup", "private_supergroup",
    "personal_chat", "private_group", "bot_chat", "saved_messages",
})
# t.me/c/ID/N links open only posts of channels and supergroups
_LINKABLE_TYPES = frozenset({
    "public_channel", "private_channel", "public_supergroup", "private_supergroup",
})
NOT_TELEGRAM = "a .json file that is not a Telegram export (JSON Lines files end in .jsonl)"

# JSON may escape half a surrogate pair ("\ud800"): no UTF-8 store can hold it (as in jsonl)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_USERNAME = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{2,31})")
_POST_LINK = re.compile(r"https://t\.me/[A-Za-z0-9_/]+")


def is_telegram_export(obj: object) -> bool:
    """Whether parsed JSON is a single-chat export: a "messages" list, a chat "type", a "name"."""
    return (isinstance(obj, dict) and isinstance(obj.get("messages"), list)
            and isinstance(obj.get("type"), str) and obj["type"] in CHAT_TYPES
            and "name" in obj)


def telegram_documents(path: Path, data: bytes) -> Iterator[Document | ReadError]:
    """One Document per text post of the export in `data`; one ReadError for a file that is
    not a readable export, one per malformed post."""
    if not data.strip():
        yield ReadError(str(path), "empty file")
        return
    try:
        text = data.decode("utf-8-sig")  # JSON is UTF-8; Windows tools may add a BOM
    except UnicodeDecodeError as e:
        yield ReadError(str(path), f"invalid UTF-8 at byte {e.start}")
        return
    try:
        export = json.loads(text)
    except json.JSONDecodeError as e:
        yield ReadError(str(path), f"invalid JSON: {e.msg} at line {e.lineno} column {e.colno}")
        return
    except RecursionError:
        yield ReadError(str(path), "invalid JSON: nested too deeply")
        return
    if not is_telegram_export(export):
        yield ReadError(str(path), NOT_TELEGRAM)
        return
    chat = _Chat(export)
    seen: set[int] = set()
    for i, message in enumerate(export["messages"]):
        try:
            item = _post(path, chat, i, message, seen)
        except (Exception, RecursionError) as e:  # one odd post must not end the export
            item = ReadError(f"{path}#[{i}]", f"unexpected error: {type(e).__name__}: {e}")
        if item is not None:
            yield item


class _Chat:
    """What every post of the export shares: its outlet name and where its posts live."""

    def __init__(self, export: dict[str, Any]) -> None:
        name = export.get("name")
        self.name = _clean(name.strip()) if isinstance(name, str) and name.strip() else None
        username = export.get("username")
        m = _USERNAME.fullmatch(username.strip()) if isinstance(username, str) else None
        self.username = m.group(1) if m else None
        self.channel_id = _channel_id(export.get("id")) if export.get(
            "type") in _LINKABLE_TYPES else None

    def url(self, message: dict[str, Any], msg_id: int) -> str | None:
        """The post's public link: its own, else by the chat's username, else by its id."""
        link = message.get("link")
        if isinstance(link, str) and _POST_LINK.fullmatch(link.strip()):
            return link.strip()
        if self.username:
            return f"https://t.me/{self.username}/{msg_id}"
        if self.channel_id:
            return f"https://t.me/c/{self.channel_id}/{msg_id}"
        return None


def _channel_id(value: object) -> str | None:
    """The id as t.me/c/ links write it: Bot API ids carry a "-100" prefix that they drop."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    s = str(value).strip()
    s = s.removeprefix("-100") if s.startswith("-100") and len(s) > 4 else s
    return s if s.isdigit() and int(s) > 0 else None


def _post(path: Path, chat: _Chat, i: int, message: object,
          seen: set[int]) -> Document | ReadError | None:
    """The Document of one message, a ReadError if it is malformed, None if it holds no text."""
    where = f"{path}#[{i}]"
    if not isinstance(message, dict):
        return ReadError(where, f"message is {_kind(message)}, not an object")
    kind = message.get("type")
    if kind == "service":  # "joined", "pinned a message", ...: nobody's claim
        return None
    if kind != "message":
        return ReadError(where, "message has no type" if kind is None
                         else f"unknown message type {_show(kind)}")
    if "id" not in message:
        return ReadError(where, "message has no id")
    msg_id = message["id"]
    # ids are positive and, as the store's record number, must fit in 64 bits
    if isinstance(msg_id, bool) or not isinstance(msg_id, int) or not 0 < msg_id < 2**63:
        return ReadError(where, f"bad message id {_show(msg_id)}")
    where = f"{path}#{msg_id}"
    field = "text" if "text" in message else "text_entities"
    raw = _joined(message.get(field), field)
    if isinstance(raw, _TextProblem):
        return ReadError(where, str(raw))
    if not raw.strip():
        return None  # a photo, sticker or poll without a caption: no claim in it
    if msg_id in seen:  # two documents cannot both be result.json#ID
        return ReadError(where, "a second message with this id")
    seen.add(msg_id)
    day: str | None = None
    if "date" in message:
        day = _day(message["date"])
        if day is None:
            return ReadError(where, f"bad date {_show(message['date'])}")
    data = _clean(json.dumps(message, sort_keys=True, ensure_ascii=False)).encode("utf-8")
    url = chat.url(message, msg_id)
    src = Source(path=str(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                 url=url, data=data, record=msg_id)
    doc = text_document(f"{path.name}#{msg_id}", _clean(raw), src)
    doc.outlet = chat.name
    if "forwarded_from" in message:  # the figure is the origin's claim, not the forwarder's
        origin = message["forwarded_from"]
        doc.outlet = _clean(origin.strip()) if isinstance(origin, str) and origin.strip() \
            else None
    if day is not None:
        doc.date, doc.date_source = day, "metadata"
    return doc


def telegram_post(doc_id: str, data: bytes, source: Source) -> Document | ReadError:
    """A post's Document again from its archived bytes (the message's canonical JSON, as
    stored): what `verify` re-derives. Its text is all cleaning needs; the channel's name
    and link are the stored row's."""
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        return ReadError(doc_id, f"the archived post is not JSON: {e}")
    if not isinstance(message, dict):
        return ReadError(doc_id, "the archived post is not an object")
    field = "text" if "text" in message else "text_entities"
    raw = _joined(message.get(field), field)
    if isinstance(raw, _TextProblem):
        return ReadError(doc_id, str(raw))
    return text_document(doc_id, _clean(raw), source)


class _TextProblem(Exception):
    """Why a text field cannot be read as the post's text."""


def _joined(value: object, field: str) -> str | _TextProblem:
    """The post's plain text: the string itself, or its segments' texts in order."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return _TextProblem(f"'{field}' is {_kind(value)}, not a string or a list")
    parts = []
    for n, seg in enumerate(value):
        if isinstance(seg, str):
            parts.append(seg)
        elif isinstance(seg, dict) and isinstance(seg.get("text"), str):
            parts.append(seg["text"])
        else:
            return _TextProblem(f"'{field}' segment {n} is not a string or an object "
                                "with a string 'text'")
    return "".join(parts)


def _day(value: object) -> str | None:
    """A Telegram timestamp ("2022-03-25T14:03:11") as YYYY-MM-DD, None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip()).date().isoformat()
    except ValueError:
        return None


def _clean(text: str) -> str:
    return _LONE_SURROGATE.sub("\ufffd", text)


def _kind(value: object) -> str:
    """What a JSON value is, with its article: "an object", "a list", "null" ..."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
             type(None): "null", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _show(value: object) -> str:
    """A value for an error line, cut short: a post may hold a megabyte of junk."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
