"""Bytes -> text: BOM-aware UTF-8/16/32 (damaged UTF-8 kept as UTF-8), UTF-16 without a BOM
told by where its NUL bytes fall, a few stray NULs dropped, a careful legacy-charset guess,
refusal of binaries.

The same bytes always give the same text: `verify` re-derives each document through here."""

from __future__ import annotations

import codecs
import unicodedata


class DecodeProblem(Exception):
    """Why the bytes are not usable text (the message becomes ReadError.problem)."""


_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_SHARE = 0.02  # more control/unassigned characters than this: not text
_FEW_NULS = 200  # at most one NUL byte in this many (or 16, and 1 in 20, in a short file)


def decode_bytes(data: bytes) -> str:
    """The text in `data`, or DecodeProblem with a one-line reason."""
    if not data:
        raise DecodeProblem("empty file")
    text = _decode(data)
    if _looks_binary(text):
        raise DecodeProblem("binary file, not text")
    if not text.strip():
        raise DecodeProblem("empty file (whitespace only)")
    return text


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                name = codec.removesuffix("-sig").upper()
                raise DecodeProblem(f"invalid {name} at byte {e.start}") from None
    if b"\x00" in data:
        wide = utf16_without_bom(data)
        if wide is not None:
            return wide
        # NULs padding the end (a write cut short) or a few strays in a text: dropped, they
        # carry nothing; more, or bytes that are no text once they are gone: a binary
        text = data.rstrip(b"\x00")
        nuls = text.count(b"\x00")
        if not text or nuls > max(min(16, len(text) // 20), len(text) // _FEW_NULS):
            raise DecodeProblem("binary file, not text")
        try:
            return _decode_8bit(text.replace(b"\x00", b""))
        except DecodeProblem:
            raise DecodeProblem("binary file, not text") from None
    return _decode_8bit(data)


def _decode_8bit(data: bytes) -> str:
    """UTF-8, else damaged UTF-8, else a legacy charset (`data` has no NUL byte)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        damaged = _damaged_utf8(data)
        if damaged is not None:
            return damaged
        guessed = _guess_legacy(data)
        if guessed is None:
            raise DecodeProblem(f"invalid UTF-8 at byte {e.start}") from None
        return guessed


def utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 (LE or BE) without a byte order mark, or None when `data` is not
    that. In such text every character below U+0100 (Latin letters, digits, spaces and
    punctuation, even in Cyrillic text) has a NUL byte in one and the same position of its
    pair, high (odd offsets, LE) or low (even, BE), and almost never in the other; a binary's
    NULs fall anywhere. What decodes must then still read as text (decode_bytes checks)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    pairs = len(data) // 2
    for nuls, stray, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= pairs // 10 and stray * 20 <= nuls:
            try:
                return data.decode(codec)  # strict: half a surrogate pair is not text
            except UnicodeDecodeError:
                return None
    return None


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 text with a few bad bytes in it (a stray byte, a character cut in half), decoded
    with U+FFFD in their place; None when the bytes are more likely a legacy charset.

    In legacy text (cp1252, cp1251 ...) nearly every non-ASCII byte is invalid UTF-8 and
    valid multi-byte sequences are rare accidents (even all-caps Ukrainian in cp1251, the
    worst case, has one per eight bad ones); in damaged UTF-8 they outnumber the bad spots.
    Decoding such a file as a legacy charset would garble every one of its good characters."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f") - bad
    return text if bad <= good and not _looks_binary(text) else None


def _guess_legacy(data: bytes) -> str | None:
    """Old single-byte encodings: cp1252 for Latin text, else what charset-normalizer finds."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it ships with trafilatura
        best = None
    else:
        best = from_bytes(data).best()
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if best is None:
        return western
    guess = str(best)
    # charset-normalizer likes cp1250 for plain Latin-1 text; prefer cp1252 unless the guess
    # yields letters of another script (Cyrillic cp1251, Greek ...), which is a real signal
    if western is not None and not _has_non_latin_letters(guess):
        return western
    return guess


def _has_non_latin_letters(text: str) -> bool:
    return any(c.isalpha() and ord(c) >= 0x370 for c in text)


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for c in sample if _is_junk(c))
    return bad > max(2, _BINARY_SHARE * len(sample))


def _is_junk(c: str) -> bool:
    if c in "\t\n\r\f\v":
        return False
    cat = unicodedata.category(c)
    return cat in ("Cc", "Cs", "Co", "Cn") or c == "\ufffd"
