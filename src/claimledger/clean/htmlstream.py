"""HTML -> a stream of visible characters, each with its offset in the source.

The stdlib parser is used because it reports where every piece of text starts (getpos), does
not recurse (10,000 nested divs are just a long list) and survives broken markup. Entities
are decoded, and the decoded characters map to the entity's `&`. Each character also carries
its block number (paragraph-level element) and the furniture reason its ancestors imply.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from claimledger.records import Cut

BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1",
    "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol",
    "option", "p", "pre", "section", "select", "summary", "table", "tbody", "td", "textarea",
    "tfoot", "th", "thead", "tr", "ul", "legend", "button", "iframe", "video", "audio", "body",
}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "param", "source", "track", "wbr", "keygen"}
HIDDEN_TAGS = {"script": "script", "style": "style", "template": "script", "svg": "graphic",
               "noscript": "script", "iframe": "embed", "object": "embed", "canvas": "graphic",
               "head": "head", "math": "graphic"}
TAG_REASONS = {"nav": "navigation", "aside": "sidebar", "footer": "footer", "header": "header",
               "form": "form", "figcaption": "caption", "figure": "caption", "button": "form",
               "select": "form", "label": "form", "textarea": "form", "menu": "navigation",
               "dialog": "boilerplate", "address": "byline"}
ROLE_REASONS = {"navigation": "navigation", "complementary": "sidebar", "contentinfo": "footer",
                "banner": "header", "search": "form", "dialog": "boilerplate"}
# class/id words that name furniture; first match wins, so specific kinds come first
ATTR_REASONS = [
    (re.compile(r"newsletter|subscri|signup|sign-up"), "newsletter prompt"),
    (re.compile(r"related|recommend|more-?stories|read-?more|trending|most-?read|popular|"
                r"news-?feed|latest"), "related-news feed"),
    (re.compile(r"share|social"), "share buttons"),
    (re.compile(r"comment"), "comments"),
    (re.compile(r"caption|credit"), "caption"),
    (re.compile(r"(^|[\s_-])(ad|ads|advert\w*|sponsor\w*|promo\w*|dfp)([\s_-]|$)"),
     "advertisement"),
    (re.compile(r"cookie|consent|gdpr"), "cookie notice"),
    (re.compile(r"sidebar|rail|widget"), "sidebar"),
    (re.compile(r"(^|[\s_-])(nav\w*|menu\w*|breadcrumbs?)([\s_-]|$)"), "navigation"),
    (re.compile(r"footer"), "footer"),
    (re.compile(r"byline|author"), "byline"),
    (re.compile(r"(^|[\s_-])(tags|topics)([\s_-]|$)"), "topics list"),
]
# site chrome: text inside these is never article text, whatever an extractor thinks (not
# <form>: some sites wrap the whole page in one)
CHROME_TAGS = {"nav", "footer", "menu"}
CHROME_ROLES = {"navigation", "contentinfo", "search"}
_CLOSE_SAME = {"p", "li", "dt", "dd", "tr", "td", "th", "option"}
_HEAD_ONLY = {"title", "meta", "link", "script", "style", "base", "noscript", "template"}
_END_SEARCH = 64  # how far down the open-element stack an end tag may close


@dataclass
class Stream:
    """Visible text of a page, char by char, plus what was hidden (scripts, head ...)."""

    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    reasons: list[str | None] = field(default_factory=list)
    chrome: list[bool] = field(default_factory=list)  # inside <nav>, <footer>: site chrome
    h1: list[tuple[int, int]] = field(default_factory=list)  # stream spans of <h1> texts
    title: tuple[str, list[int]] | None = None  # <title> text and its offsets
    hidden: list[Cut] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        self.out = Stream()
        self.stack: list[tuple[str, str | None, bool, bool]] = []  # tag, reason, hidden, chrome
        self.block = 0
        self.h1_start: int | None = None
        self.title_chars: list[tuple[str, int]] | None = None

    # -- positions -------------------------------------------------------------------------
    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[min(line, len(self.line_starts)) - 1] + col

    # -- structure ---------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" or (tag not in _HEAD_ONLY and self._open("head")):
            self._close("head")
        if self.stack and self.stack[-1][0] in _CLOSE_SAME and (
            tag == self.stack[-1][0] or (self.stack[-1][0] == "p" and tag in BLOCK_TAGS)
        ):
            self._pop()
        if tag in BLOCK_TAGS:
            self.block += 1
        if tag in VOID_TAGS:
            return
        parent_reason = self.stack[-1][1] if self.stack else None
        parent_hidden = self.stack[-1][2] if self.stack else False
        parent_chrome = self.stack[-1][3] if self.stack else False
        reason = HIDDEN_TAGS.get(tag) or _reason(tag, attrs) or parent_reason
        hidden = parent_hidden or tag in HIDDEN_TAGS
        chrome = parent_chrome or tag in CHROME_TAGS or any(
            k == "role" and (v or "").lower() in CHROME_ROLES for k, v in attrs)
        self.stack.append((tag, reason, hidden, chrome))
        if tag == "h1" and self.h1_start is None and not hidden:
            self.h1_start = len(self.out.chars)
        if tag == "title" and self.out.title is None:
            self.title_chars = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.block += 1
        if self._open(tag):
            self._close(tag)

    def _open(self, tag: str) -> bool:
        return any(entry[0] == tag for entry in self.stack[-_END_SEARCH:])

    def _close(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, max(len(self.stack) - _END_SEARCH, 0) - 1, -1):
            if self.stack[i][0] == tag:
                while len(self.stack) > i:
                    self._pop()
                return

    def _pop(self) -> None:
        tag = self.stack.pop()[0]
        if tag == "h1" and self.h1_start is not None and not self.out.h1:
            if len(self.out.chars) > self.h1_start:
                self.out.h1.append((self.h1_start, len(self.out.chars)))
            else:
                self.h1_start = None
        if tag == "title" and self.title_chars is not None:
            text = "".join(c for c, _ in self.title_chars)
            self.out.title = (text, [o for _, o in self.title_chars])
            self.title_chars = None

    # -- text ------------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        start = self._pos()
        if self.raw[start:start + len(data)] != data:  # defensive: never trust a bad position
            found = self.raw.find(data, max(start - 64, 0))
            if found < 0:
                return
            start = found
        self._emit(data, list(range(start, start + len(data))))

    def handle_entityref(self, name: str) -> None:
        self._entity("&" + name)

    def handle_charref(self, name: str) -> None:
        self._entity("&#" + name)

    def _entity(self, ref: str) -> None:
        start = self._pos()
        src = ref + ";" if self.raw.startswith(ref + ";", start) else ref
        text = html.unescape(src)
        if text == src:  # unknown entity: it is literal text, char for char
            self._emit(src, list(range(start, start + len(src))))
        else:
            self._emit(text, [start] * len(text))

    def _emit(self, text: str, offsets: list[int]) -> None:
        if self.title_chars is not None:
            self.title_chars.extend(zip(text, offsets, strict=True))
        top = self.stack[-1] if self.stack else ("", None, False, False)
        if top[2]:
            if text.strip():
                self._hidden(top[1] or "script", text, offsets)
            return
        out = self.out
        out.chars.extend(text)
        out.offsets.extend(offsets)
        out.blocks.extend([self.block] * len(text))
        out.reasons.extend([top[1]] * len(text))
        out.chrome.extend([top[3]] * len(text))

    def _hidden(self, reason: str, text: str, offsets: list[int]) -> None:
        last = self.out.hidden[-1] if self.out.hidden else None
        end = offsets[-1] + 1
        if last is not None and last.reason == reason and "<" not in self.raw[last.end:offsets[0]]:
            self.out.hidden[-1] = Cut(last.start, end, reason, last.text + text)
        else:
            self.out.hidden.append(Cut(offsets[0], end, reason, text))


def _reason(tag: str, attrs: list[tuple[str, str | None]]) -> str | None:
    """What furniture an element is: its class/id words are most specific, then role, tag."""
    values = {k: (v or "").lower() for k, v in attrs if k in ("class", "id", "role")}
    names = " ".join(v for k, v in values.items() if k != "role")
    if names:
        for pat, reason in ATTR_REASONS:
            if pat.search(names):
                return reason
    if values.get("role") in ROLE_REASONS:
        return ROLE_REASONS[values["role"]]
    return TAG_REASONS.get(tag)


def parse_stream(raw: str) -> Stream:
    """The visible-text stream of `raw`; whatever the parser survives of broken HTML."""
    p = _Parser(raw)
    try:
        p.feed(raw)
        p.close()
    except (Exception, RecursionError):  # keep what was read before the parser gave up
        pass
    while p.stack:  # flush an unclosed <h1>/<title>
        p._pop()
    p.out.hidden = [Cut(c.start, c.end, c.reason, c.text.strip()) for c in p.out.hidden]
    return p.out

