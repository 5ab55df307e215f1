"""Quote-mark pairing over raw text: straight and curly marks, quotes running over several
paragraphs, quotes split by their attribution, and dash-introduced (Russian-style) quotes.

Works on characters, not tokens, so that a stray or unbalanced mark only ever loses the quote
it belongs to and never the rest of the article."""

import re
from dataclasses import dataclass, field

OPENERS = "\u201c\u00ab\u201e"
CLOSERS = "\u201d\u00bb"
STRAIGHT = '"'
DASHES = "\u2013\u2014\u2015"
_BEFORE_OPEN = set(" \t\n([{\u2014\u2013\u2015-:/") | {""}
_PARA_RE = re.compile(r"[^\n]+")


@dataclass
class Quote:
    """A quoted stretch; start/end delimit the words inside the marks (or after a dash)."""

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    balanced: bool = True
    dash: bool = False
    # (start, end) of the attribution text between the parts of a split quote.
    gaps: list[tuple[int, int]] = field(default_factory=list)

    def text(self, text: str) -> str:
        return text[self.start : self.end]


def paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARA_RE.finditer(text) if m.group().strip()]


def _role(text: str, i: int) -> str:
    ch = text[i]
    if ch in OPENERS:
        return "open"
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if ch in CLOSERS:
        # A closing mark opening a paragraph (a right double quote before "Mr. Trump") is an
        # opener: nothing can be closed before the paragraph starts.
        return "open" if before in ("", "\n") and after.isalnum() else "close"
    if before in _BEFORE_OPEN and after not in ("", " ", "\n"):
        return "open"
    if after in ("", " ", "\n", "\t") or (not after.isalnum() and after not in "\u201c\u00ab"):
        return "close"
    return "either"


def _starts_with_open(text: str, para: tuple[int, int], mark: str | None = None) -> bool:
    """The paragraph opens with a quote mark (of the same style as `mark`: a straight mark
    left open before a curly one is a stray, not a quote carried on)."""
    s = text[para[0] : para[1]].lstrip()
    if not s or not (s[0] in OPENERS or s[0] == STRAIGHT):
        return False
    return mark is None or (mark == STRAIGHT) == (s[0] == STRAIGHT)


def _closes_later(text: str, start: int, after: list[tuple[int, int]]) -> bool:
    """The next curly mark within this and the following paragraph is a closing one."""
    limit = after[0][1] if after else len(text)
    for i in range(start, limit):
        if text[i] in CLOSERS:
            return True
        if text[i] in OPENERS:
            return False
    return False


_TWO_APOS = re.compile(r"''")


def _double_apostrophes(text: str) -> str:
    """Some archives write quotation marks as two apostrophes (''like this''); read them as a
    straight double quote, keeping every offset."""
    if "''" not in text:
        return text

    def swap(m: re.Match) -> str:
        after = text[m.end() : m.end() + 1]
        return ' "' if after.isalnum() or after in "[(" else '" '

    return _TWO_APOS.sub(swap, text)


def find_quotes(text: str) -> list[Quote]:
    """Pair quote marks paragraph by paragraph. An open quote at the end of a paragraph carries
    on when the next paragraph opens with a mark (the newswire convention for long quotes);
    otherwise it is closed at the paragraph end and flagged unbalanced."""
    quotes: list[Quote] = []
    paras = paragraphs(text)
    text = _double_apostrophes(text)
    open_at: int | None = None
    for pi, (p0, p1) in enumerate(paras):
        continuing = open_at is not None
        for i in range(p0, p1):
            ch = text[i]
            if ch not in OPENERS and ch not in CLOSERS and ch != STRAIGHT:
                continue
            role = _role(text, i)
            if continuing and i == p0 + (len(text[p0:p1]) - len(text[p0:p1].lstrip())):
                # The repeated opening mark of a continued paragraph.
                continuing = False
                continue
            if open_at is None:
                if role in ("open", "either"):
                    open_at = i
                # A close with nothing open is stray; skip it.
            elif role in ("close", "either") or (ch == STRAIGHT and role == "open"):
                quotes.append(Quote(open_at + 1, i, open_at, i))
                open_at = None
            else:
                # A second opener while one is open: the first one was stray.
                open_at = i
        if open_at is not None:
            nxt = paras[pi + 1] if pi + 1 < len(paras) else None
            if nxt is not None and _starts_with_open(text, nxt, text[open_at]):
                continue
            if nxt is not None and _closes_later(text, nxt[0], paras[pi + 2 : pi + 3]):
                # A quote whose next paragraph does not repeat the opening mark but is closed
                # further on: still one quote.
                continue
            end = p1
            while end > open_at + 1 and text[end - 1] in " \t":
                end -= 1
            if end - open_at > 1:
                quotes.append(Quote(open_at + 1, end, open_at, None, balanced=False))
            open_at = None
    quotes = [_trim(text, q) for q in quotes if q.end > q.start]
    return [q for q in quotes if q.end > q.start]


def _trim(text: str, q: Quote) -> Quote:
    while q.start < q.end and text[q.start].isspace():
        q.start += 1
    while q.end > q.start and text[q.end - 1].isspace():
        q.end -= 1
    return q


_DASH_PARA = re.compile(rf"[ \t]*[{DASHES}-]\s+")
_DASH_SEP = re.compile(rf"[,.!?…]\s+[{DASHES}]\s+")


def find_dash_quotes(text: str) -> list[Quote]:
    """`- The situation is stable, - said X. - It will stay so.`: a paragraph opened by a dash is
    a quotation; a spaced dash after punctuation hands over to the attribution, and a further
    dash after that resumes the quote."""
    found = []
    for p0, p1 in paragraphs(text):
        m = _DASH_PARA.match(text, p0, p1)
        first = text[m.end() : m.end() + 1] if m else ""
        if not (first.isupper() or first.isdigit()):
            # "- the press service says." after a quotation is its attribution, not a quote:
            # a quotation opens on a capital.
            continue
        start = m.end()
        sep = _DASH_SEP.search(text, start, p1)
        if not sep:
            found.append(Quote(start, p1, p0, None, dash=True))
            continue
        end = sep.start()
        if text[end] in ",.!?…":
            # keep sentence-final ! ? … but not the comma that hands over to the attribution
            end += 0 if text[end] == "," else 1
        q = Quote(start, end, m.start(), sep.start(), dash=True)
        tail_start = sep.end()
        again = _DASH_SEP.search(text, tail_start, p1)
        if again and text[again.start()] in ".,":
            # The attribution, with the dashes around it, is the gap between the two parts.
            q.gaps.append((end, again.end()))
            q.end = p1
            q.close_mark = None
        found.append(_trim(text, q))
    return found
