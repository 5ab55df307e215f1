"""What a plain news text says about itself: which outlet signed it (a dateline "(Interfax)", a
"/TASS/" slug, "in the material of Izvestia"), its headline, its date and its address. Small
pure functions over the text; the outlet names and the patterns are data (outlets.json)."""

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

from kzclaims.timezones import UNSTATED

LEXICON_PATH = Path(__file__).with_name("outlets.json")
HEAD_LINES = 15
TITLE_MAX = 200

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_TIME = r"(?:,?\s+(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"
DATE_PATTERNS = [
    re.compile(
        r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})"
        r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2}))?"
    ),
    re.compile(
        r"\b(?P<day>\d{1,2})\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b" + _TIME, re.I
    ),
    re.compile(
        r"\b" + _MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d{2})\b" + _TIME, re.I
    ),
]
# A line that is nothing but a date (and a time): not a headline.
DATE_LINE = re.compile(
    r"^(?:date\s*)?(?:"
    + "|".join(f"(?:{re.sub(r'[?]P<[a-z]+>', '', pattern.pattern)})" for pattern in DATE_PATTERNS)
    + r")\s*$",
    re.I,
)
DATE_PREFIX = re.compile(r"^\s*date[:\s]+\d{4}-\d{2}-\d{2}\s*", re.I)
URL_LINE = re.compile(r"^\s*(?:url:\s*)?(https?://\S+)\s*$", re.I)
WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def lexicon():
    """The outlet lexicon compiled: (head patterns, anywhere patterns, dateline patterns, alias
    to outlet name)."""
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    aliases = {
        alias: name for name, spellings in data["outlets"].items() for alias in [name, *spellings]
    }
    alternation = "|".join(re.escape(alias) for alias in sorted(aliases, key=len, reverse=True))
    outlet_group = f"(?P<alias>{alternation})"

    def compile_all(patterns):
        return [
            re.compile(pattern.replace("{outlet}", outlet_group), re.MULTILINE)
            for pattern in patterns
        ]

    return (
        data["head_chars"],
        compile_all(data["signatures"]["head"]),
        compile_all(data["signatures"]["anywhere"]),
        [re.compile(pattern, re.MULTILINE) for pattern in data["datelines"]],
        aliases,
    )


def detect_outlet(text: str) -> str | None:
    """The outlet a news text names as its own, or None: signatures in the head (datelines,
    slugs), then anywhere ("in the material of Izvestia"), then any outlet-shaped dateline."""
    head_chars, head, anywhere, datelines, aliases = lexicon()
    head_text = text[:head_chars]
    for patterns, scope in ((head, head_text), (anywhere, text)):
        for pattern in patterns:
            if match := pattern.search(scope):
                return aliases[match.group("alias")]
    for pattern in datelines:
        if match := pattern.search(head_text):
            name = " ".join(match.group("name").split())
            return aliases.get(name, name)
    return None


def _date_from_match(match) -> dt.datetime | None:
    parts = match.groupdict()
    month = parts["month"]
    month = int(month) if month.isdigit() else MONTHS[month.lower()]
    try:
        return dt.datetime(
            int(parts["year"]),
            month,
            int(parts["day"]),
            int(parts.get("hour") or 0),
            int(parts.get("minute") or 0),
            tzinfo=UNSTATED,  # a local time: its zone comes from the dateline
        )
    except ValueError:
        return None


def detect_published(text: str) -> dt.datetime | None:
    """The first full date (with its time, when given) near the top of the text, in UTC."""
    head = "\n".join(text.split("\n", HEAD_LINES)[:HEAD_LINES])[:1000]
    found = []
    for pattern in DATE_PATTERNS:
        if match := pattern.search(head):
            found.append((match.start(), match))
    for _, match in sorted(found, key=lambda item: item[0]):
        if published := _date_from_match(match):
            return published
    return None


def _shorten(line: str) -> str:
    if len(line) <= TITLE_MAX:
        return line
    sentence = re.match(rf"(.{{20,{TITLE_MAX}}}?[.!?])\s", line)
    if sentence:
        return sentence.group(1)
    return line[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"


def detect_title(text: str) -> str:
    """The headline: the first line near the top that reads as words, not as a date or a
    counter; a long first line is cut to its first sentence."""
    for raw in text.split("\n", HEAD_LINES)[:HEAD_LINES]:
        line = DATE_PREFIX.sub("", " ".join(raw.split()))
        if not line or DATE_LINE.match(line) or URL_LINE.match(line):
            continue
        if len(WORD.findall(line)) < 2:
            continue
        return _shorten(line)
    return _shorten(" ".join(text.split())) or "Untitled"


def detect_url(text: str) -> str:
    """An address on a line of its own near the top, or ""."""
    for raw in text.split("\n", HEAD_LINES)[:HEAD_LINES]:
        if match := URL_LINE.match(raw):
            return match.group(1)
    return ""
