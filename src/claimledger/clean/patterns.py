"""What single lines of page furniture look like: whole-line patterns and small predicates.

Patterns match a whole (stripped) line, or a line's start, and are length-capped so that a
body paragraph which merely mentions "subscribe" or "photo" is never taken for furniture.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# (reason, pattern, longest line it may match); rules for lines longer than _GUARD_FROM chars
# also refuse lines that carry a figure, since those could be body text (see whole_line_reason)
LINE_RULES: list[tuple[str, re.Pattern[str], int]] = [
    ("skip link", re.compile(
        r"^(skip|jump) to (the )?(main )?(content|navigation|main|article|menu|search)\b", _I), 60),
    ("navigation", re.compile(
        r"^(edit( this)? (post|page|article)|log ?in|log ?out|sign ?in|sign ?out|register|menu|"
        r"main menu|open menu|close menu|toggle navigation|back to top|search|close|home|"
        r"loading\W*)$", _I), 40),
    ("video promo", re.compile(
        r"^(watch|listen|play)( it)?( now| live| video| the video| here| the full video)?[.!:]?$",
        _I), 30),
    ("newsletter prompt", re.compile(
        r"^(enter (your |a |correct |valid )*e-?mail|please,? enter (a |an |your )?"
        r"(valid |correct )?e-?mail|\*\s*indicates required|\*\s*required( fields?)?$|"
        r"success\w* subscribed|you('re| are) (now )?subscribed|"
        r"thanks? (you )?for (signing up|subscribing|registering)|check your (inbox|e-?mail)|"
        r"invalid e-?mail|(your )?e-?mail( address)?\s*[:*]?$|by (signing up|subscribing)\b|"
        r"this site is protected by recaptcha|"
        r"(sign up|subscribe|register) (for|to) (our|the|my|a)\b.*\bnewsletters?\b|"
        r"(get|receive|sign up for|join)\b.{0,80}\b(newsletter|in your inbox|e-?mail updates)\b)",
        _I), 250),
    ("newsletter prompt", re.compile(r"\bsent you a confirmation e-?mail\b", _I), 250),
    ("subscribe block", re.compile(
        r"^(subscribe\b|already (a subscriber|subscribed|have an account)|"
        r"become a (member|subscriber|supporter)|to continue reading|continue reading\W*$|"
        r"this (article|content|story) is (only )?(available|reserved) (to|for) "
        r"(subscribers|members))", _I), 150),
    ("notification prompt", re.compile(
        r"(\bnever miss (out|a story|an update|a thing)\b|^click\s+['‘\"“]?ok['’\"”]?\s+then\b|"
        r"\b(enable|allow|turn on|get) (push |browser |desktop )?notifications\b|"
        r"\bhappy to send you (some )?reminders\b)", _I), 250),
    ("previous/next links", re.compile(
        r"^([«‹<←]\s*)?(previous|prev|next|older|newer)\s*(article|post|story|page|entry)?"
        r"(\s*[»›>→])?$", _I), 40),
    ("previous/next links", re.compile(r"^(previous|prev|next)\s*(article|post|story)\S*", _I),
     300),
    ("topics list", re.compile(
        r"^(topics|tags|tagged( with)?|filed under|categories|category|keywords|related topics)"
        r"\s*:", _I), 400),
    ("audio/AI notice", re.compile(
        r"^(this (audio|article|summary|story|text|content) (is|was|has been) (created|generated|"
        r"produced|read|narrated|voiced|summari[sz]ed)\b.*\b(ai|artificial intelligence|"
        r"automated|text-to-speech|assistance|synthetic)\b|listen to (this|the) (article|story)\b|"
        r"\d+\s*min(ute)?s? listen$|(ai|artificial intelligence)[- ]generated (audio|summary|"
        r"voice)\b|.{0,80}\btext-to-speech\b)", _I), 200),
    ("byline", re.compile(r"^\d+\s*min(ute)?s?\s+read$", _I), 20),
    ("byline", re.compile(
        r"^\(?(?i:(additional )?(reporting|writing|editing|edited|compiled|written|produced) by"
        r") [A-Z][^\n]*$"), 300),
    ("byline", re.compile(r"\bcontributed (reporting )?(to )?(this|the) (report|story|article)"
                          r"( from [^.]*)?[.)]*$", _I), 400),
    ("agency credit", re.compile(
        r"^[(\[]?\s*[-–—]?\s*(UNI|PTI|IANS|ANI|AFP|AP|Reuters|REUTERS|dpa|DPA|Xinhua|TASS|"
        r"Anadolu( Agency)?|EFE|ANSA|WAM|SPA|IRNA|Bernama|Kyodo|Yonhap|UPI|KUNA|MENA|APP|"
        r"Interfax|Ukrinform|RIA Novosti|Agencies|agencies|AA|PA)\s*[)\]]?\.?$"), 30),
    ("agency credit", re.compile(r"^\(?with (inputs?|reporting) from\b.{0,80}\)?\.?$", _I), 100),
    ("advertisement marker", re.compile(
        r"^(advertisements?|advert|ad|sponsored( content)?|promoted|paid (post|content)|"
        r"(story|article) continues (below|after)( this)?( advertisement| ad)?|"
        r"continue reading (below|the main story)|scroll to continue( with content)?|"
        r"ad feedback|report this ad)\W*$", _I), 60),
    ("gallery widget", re.compile(
        r"^(\d+\s*)?((view|open|see|launch) (the )?(photo )?(gallery|slideshow|photos|images)|"
        r"\d+ (photos|images)|enlarge( image| photo)?|expand( image| photo)?|"
        r"image \d+ of \d+|photo \d+ of \d+)\W*$", _I), 40),
    ("share buttons", re.compile(
        r"^(share( this)?( article| story| page| on \w+)?|tweet|facebook|twitter|x|whatsapp|"
        r"telegram|linkedin|reddit|pinterest|flipboard|e-?mail|print|copy( the)? link|"
        r"link copied|save( article)?|bookmark|\d* ?comments?|share via \w+|follow us( on \w+)?)"
        r"\W*$", _I), 40),
    ("copyright notice", re.compile(
        r"^(©|\(c\) |copyright (©|\(c\)|\d{4}))|\ball rights reserved\W*$", _I), 250),
    ("separator", re.compile(r"^[^\w]+$"), 40),
    ("cookie notice", re.compile(r"^(we use cookies\b|(accept|reject|manage) (all )?cookies$)",
                                 _I), 400),
]

FEED_HEADINGS = {
    "news feed", "more news", "latest news", "latest", "related", "related news",
    "related stories", "related story", "related articles", "related content",
    "related coverage", "related posts", "related links", "read more", "read next",
    "read also", "also read", "more from this section", "more in this section",
    "more stories", "more on this story", "more on this topic", "more like this",
    "editors' picks", "editor's picks", "editors picks", "editor picks", "top stories",
    "top news", "most read", "most popular", "most viewed", "popular", "popular now",
    "trending", "trending now", "recommended", "recommended for you", "recommended stories",
    "you may also like", "you might also like", "you may be interested in",
    "what to read next", "around the web", "from the web", "in other news",
    "latest stories", "latest headlines", "more headlines", "headlines", "must read",
    "don't miss", "other news", "further reading", "see also", "more to read",
}
_MORE_FROM = re.compile(r"^more (from|in|on) [A-Z][\w'’&. -]{0,40}$")
RELATED_LINK = re.compile(
    r"^(read next|read more|read also|also read|related|related stor(y|ies)|related articles?|"
    r"related coverage|related content|see also|more on this( story)?|recommended|"
    r"don[’']t miss|must read|watch|listen)\s*[:|–—-]\s*\S", _I)
TIMESTAMP = re.compile(
    r"^(\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?(\s*[A-Z]{2,4})?|\d+\s*(min|mins|minutes?|hours?|hrs?|"
    r"days?|h|m)\s+ago|yesterday|today|just now)$", _I)

# photo credits: explicit ones say so; a bare agency name is only a credit after a caption
_CREDIT_EXPLICIT = re.compile(
    r"^[(\[]?\s*((featured |main |top |header |cover )?(image|photo|picture|photograph|pic)s?"
    r"( credit| credits| source)?\s*(:|by\b|©)|(file |pool |handout )"
    r"(photo|picture|image)\b|credits?\s*:|©\s*\w)", _I)
_CREDIT_SOURCES = re.compile(
    r"\b(Getty Images|Shutterstock|Alamy|iStock(photo)?|AP Photo|AFP Photo|Reuters Photo|"
    r"EPA-EFE|Pool Photo|SOPA Images|NurPhoto|via Getty|Anadolu via|Sipa USA|ZUMA)\b")
_CREDIT_WORD = re.compile(
    r"^(Alamy|Getty|Getty Images|Shutterstock|iStock|iStockphoto|Pexels|Unsplash|"
    r"Wikimedia Commons|Handout|Supplied|Screengrab|Screenshot|Social media|PA Wire|PA Media|"
    r"Bloomberg|AFP via Getty Images)(\s*/\s*[\w .'-]+)?\.?$", _I)
_CREDIT_SLASH = re.compile(
    r"^[(\[]?\s*[\w .'’-]{0,40}/\s*(Getty Images|Reuters|REUTERS|AFP|AP|EPA|EPA-EFE|Alamy|"
    r"Shutterstock|Bloomberg|Anadolu|Xinhua|TASS|Sputnik|Pool)\b.{0,40}$|^[(\[]?\s*(REUTERS|"
    r"Reuters|AFP|AP|EPA|EPA-EFE|Xinhua|TASS|Sputnik)\s*/\s*[A-Z][\w .'’-]{1,60}[)\]]?$")
AGENCY_WORD = re.compile(r"^[(\[]?(AP|AFP|Reuters|REUTERS|EPA|PA|Xinhua|TASS|Sputnik|Bloomberg)"
                         r"[)\]]?\.?$")
TRAILING_CREDIT = re.compile(
    r"(?<=[.!?”\"’)])\s+[(\[|]?\s*((file |pool |handout )?(photo|photograph|picture|image)s?"
    r"( credit)?( by|:)\s+[^\n]{2,80}?)[)\]]?\s*$", _I)
TRAILING_AD = re.compile(r"(?<=[.!?”\"’)])\s+(Advertisement|ADVERTISEMENT)\s*$")
LEADING_AD = re.compile(r"^(Advertisement|ADVERTISEMENT)\s+(?=[A-Z“\"‘'])")

NUMBERISH = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|half|quarter|third)\b", _I)
# "Jane Roe in Islamabad": a reporter-and-place byline under the headline
NAME_IN_PLACE = re.compile(
    r"^(by\s+)?([A-Z][\w.'’-]+\s+){1,4}in\s+[A-Z][\w'’-]+(\s+[A-Z][\w'’-]+)?$")
DONATION_TERMS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"\bclick here\b", _I), 2),
    (re.compile(r"\bgofundme\b", _I), 1),
    (re.compile(r"\bdonat(e|ion|ions|ing)\b", _I), 1),
    (re.compile(r"\bpetition\b", _I), 1),
    (re.compile(r"\bcampaign(ing)?\b", _I), 1),
    (re.compile(r"\bsupport (our|independent|quality) (journalism|reporting|work)\b", _I), 2),
    (re.compile(r"\bif you (would like|want|wish|can afford) to\b", _I), 1),
    (re.compile(r"\b(sign|signing) the petition\b", _I), 2),
    (re.compile(r"\bplease (donate|give|support|consider)\b", _I), 2),
    (re.compile(r"\b(appeal|fundrais\w*)\b", _I), 1),
]
_SECOND_PERSON = re.compile(r"\b(you|your|click here)\b", _I)


_GUARD_FROM = 60
_UNGUARDED = {"previous/next links", "topics list"}  # their lines name other stories' figures
_YEAR_OR_TIME = re.compile(r"\b(1[89]|20)\d{2}\b|\b\d{1,2}[:.]\d{2}\b")


def whole_line_reason(text: str) -> str | None:
    """The kind of furniture the whole line is, judged on its own, or None."""
    for reason, pat, longest in LINE_RULES:
        if len(text) <= longest and pat.search(text):
            if longest > _GUARD_FROM and reason not in _UNGUARDED and carries_figure(text):
                continue
            return reason
    return None


# Not prose: lines no article sentence could be, cut here so that no later stage reads them
# (extraction, and syndication on every later run, which keys on pairs of capitalised words).
# Encoded data (base64 or hex: an inline image, a tracking payload) is mostly runs of 40 or
# more letters and digits without a space or hyphen; a word list (a tag cloud, a menu run
# together) is 40 or more words almost all capitalised, with hardly a sentence end. Both
# refuse a line with a figure outside the encoded runs, as every rule that could meet body
# text does (a digit glued to letters, as in "base64" or "png", is no figure).
_ENCODED_RUN = re.compile(r"[A-Za-z0-9+/=_]{40,}")  # no "-": URL slugs have them
_GLUED = re.compile(r"[^\W\d_]\d|\d[^\W\d_]")
_UPPER_WORD = re.compile(r"(?<!\S)[A-Z]")
_LOWER_WORD = re.compile(r"(?<!\S)[a-z]")
_STOP = re.compile(r"[.!?](?:\s|$)")
_WORD_LIST_MIN = 40


def not_prose(text: str) -> str | None:
    """ "encoded data" or "word list" for a line that is not prose, else None."""
    if len(text) < 40:
        return None
    runs = [m.span() for m in _ENCODED_RUN.finditer(text)
            if any(c.isdigit() for c in m.group()) and any(c.isalpha() for c in m.group())]
    if runs:
        encoded = sum(b - a for a, b in runs)
        if encoded >= 0.5 * (len(text) - text.count(" ")):
            rest = " ".join(w for w in _ENCODED_RUN.sub(" ", text).split() if not _GLUED.search(w))
            return None if carries_figure(rest) else "encoded data"
    upper = sum(1 for _ in _UPPER_WORD.finditer(text))
    if upper < _WORD_LIST_MIN:
        return None
    words = upper + sum(1 for _ in _LOWER_WORD.finditer(text))
    stops = sum(1 for _ in _STOP.finditer(text))
    if upper >= 0.9 * words and stops * _WORD_LIST_MIN < words and not carries_figure(text):
        return "word list"
    return None


def carries_figure(text: str) -> bool:
    """A number-like token other than a year or a clock time (a possible claim)."""
    return numberish(_YEAR_OR_TIME.sub(" ", text))


def feed_heading(text: str) -> bool:
    """A heading that opens a related-news feed or sidebar ("News Feed", "Related Story:")."""
    key = text.strip().rstrip(":").strip().replace("’", "'").casefold()
    return key in FEED_HEADINGS or bool(_MORE_FROM.match(text.strip().rstrip(":")))


def related_link(text: str) -> bool:
    """An inline pointer to another story ("Read next: ...")."""
    return len(text) <= 250 and bool(RELATED_LINK.match(text))


def photo_credit(text: str) -> str | None:
    """'explicit' for a line that is a photo credit, 'agency' for a bare agency name."""
    if len(text) > 120:
        return None
    if AGENCY_WORD.match(text):
        return "agency"
    if _CREDIT_WORD.match(text) or _CREDIT_SLASH.match(text):
        return "explicit"
    if _CREDIT_EXPLICIT.match(text) and len(text) <= 90 and not text.endswith("."):
        return "explicit"
    if _CREDIT_SOURCES.search(text) and len(text.split()) <= 12 and not text.endswith("."):
        return "explicit"
    return None


def trailing_credit(text: str) -> tuple[int, int] | None:
    """The span of a photo credit closing a caption line ("... File Photo by X/EPA")."""
    m = TRAILING_CREDIT.search(text)
    if m and len(m.group(1).split()) <= 10:
        return m.start(), len(text)
    return None


def donation_score(text: str) -> int:
    """How strongly a paragraph reads as a donation/campaign appeal addressed to the reader.

    A paragraph that also carries a figure needs more evidence: it may be news about an appeal.
    """
    if not _SECOND_PERSON.search(text):
        return 0
    score = sum(w for pat, w in DONATION_TERMS if pat.search(text))
    return score - 2 if carries_figure(text) else score


def numberish(text: str) -> bool:
    return bool(NUMBERISH.search(text))


def non_latin(text: str) -> bool:
    """Mostly letters of a non-Latin script (a Hebrew/Arabic/Cyrillic caption line)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(ord(c) >= 0x370 for c in letters) > len(letters) / 2


def sentence_end(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", "”", '"', "’", "'", ")", ":"))
