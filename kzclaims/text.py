"""The one place where text entering kzclaims is normalised and names are checked. Every entry
(the admin's forms, the importers, the command line) goes through here, so offsets computed on
an article's body mean the same thing wherever the body came from."""

import datetime as dt
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible

BOM = "\ufeff"
# Characters that reorder or hide text when displayed (Trojan Source, CVE-2021-42574): in a
# name they make one outlet or speaker look like another.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Dates outside this span are typing errors or hostile input; the year 1 also breaks time-zone
# arithmetic (0001-01-01T00:30+01:00 is in the year 0 in UTC, which Python cannot represent).
EARLIEST_YEAR = 1900


def normalize_body(text: str) -> str:
    """An article's text as stored: no byte-order mark, "\\n" line endings (browsers submit
    textareas with CRLF), Unicode NFC (the same as content_hash)."""
    text = text.removeprefix(BOM)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def lone_surrogate_at(text: str) -> int | None:
    """Position of a lone UTF-16 surrogate (JSON's "\\ud800" decodes to one; no database or
    UTF-8 encoder accepts it), or None."""
    for index, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            return index
    return None


def text_problem(text: str) -> str | None:
    """What makes free text (a body, a title, a note) unstorable, or None."""
    if "\x00" in text:
        return "contains a NUL character (\\u0000), which the database cannot store"
    if (at := lone_surrogate_at(text)) is not None:
        return (
            f"contains a lone surrogate (\\u{ord(text[at]):04x} at character {at + 1}), "
            "which is not valid Unicode text"
        )
    return None


def name_problem(name: str) -> str | None:
    """What is wrong with a name (an outlet's, a speaker's), or None: names hold no control,
    format or bidirectional-override characters and no lone surrogates."""
    if problem := text_problem(name):
        return problem
    for index, char in enumerate(name):
        if char in BIDI_CONTROLS:
            return (
                f"contains a bidirectional control character (U+{ord(char):04X} at character "
                f"{index + 1}), which can make a name display as another"
            )
        if unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029":
            return (
                f"contains a control character (U+{ord(char):04X} at character {index + 1}); "
                "names are one line of visible text"
            )
    return None


def visible_name(name: str) -> str:
    """A name found in an article's text, made storable: its control, format-breaking and
    bidirectional characters dropped, white space collapsed (see name_problem)."""
    kept = (ch for ch in name if ch not in BIDI_CONTROLS and (ch.isprintable() or ch == " "))
    return " ".join("".join(kept).split())


@deconstructible
class NameValidator:
    """Model-field validator for names; the admin's forms use it through the model."""

    def __call__(self, value):
        if problem := name_problem(value):
            raise ValidationError(f"The name {problem}.", code="invalid_name")

    def __eq__(self, other):
        return isinstance(other, NameValidator)


def latest_year() -> int:
    return timezone.now().year + 1


def date_problem(moment: dt.datetime) -> str | None:
    """Why a publication date cannot be right, or None: it must fall between 1900 and next
    year, in UTC as well as where it was written."""
    try:
        year = moment.astimezone(dt.UTC).year if moment.tzinfo else moment.year
    except OverflowError:
        year = 0
    if not EARLIEST_YEAR <= min(year, moment.year) <= max(year, moment.year) <= latest_year():
        return f"must be between {EARLIEST_YEAR} and {latest_year()}"
    return None


@deconstructible
class PublishedValidator:
    def __call__(self, value):
        if value is not None and (problem := date_problem(value)):
            raise ValidationError(f"The publication date {problem}.", code="date_out_of_range")

    def __eq__(self, other):
        return isinstance(other, PublishedValidator)
