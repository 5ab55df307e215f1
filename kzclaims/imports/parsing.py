"""Uploaded files to validated article and outlet records. Nothing here touches the database:
every problem is collected with the file, the line and the field it is about, so one upload
reports everything that is wrong with it at once."""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.dateparse import parse_date, parse_datetime

from kzclaims.imports.detection import detect_published, detect_title, detect_url
from kzclaims.models import Article, Outlet, content_hash
from kzclaims.text import date_problem, name_problem, normalize_body, text_problem
from kzclaims.timezones import UNSTATED

MAX_PROBLEMS = 200
JSONL_FIELDS = ("outlet", "title", "published", "url", "body", "language")
# What a dumpdata of an article holds: the text and its metadata are imported; the hash is
# checked; the bookkeeping fields are accepted and reset (a new import starts unextracted).
FIXTURE_ARTICLE_FIELDS = ("outlet", "title", "published", "url", "body", "language")
FIXTURE_ARTICLE_CHECKED = ("content_hash",)
FIXTURE_ARTICLE_RESET = (
    "import_batch",
    "published_zone",  # set again from the offset and the dateline
    "imported_at",
    "extraction_status",
    "extraction_error",
    "extracted_at",
    "extraction_lease_until",
)
FIXTURE_OUTLET_FIELDS = ("name", "slug", "country", "ownership", "language", "homepage")
NUL_MESSAGE = "contains a NUL character (\\u0000), which the database cannot store"
# No field of an article is a number with more digits than a database id.
MAX_INT_DIGITS = 18
FORMATS = {".json": "fixture", ".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "text"}


@dataclass(frozen=True)
class Problem:
    """Why something cannot be imported, and where: file, line (1-based) and field."""

    file: str
    line: int | None
    field: str | None
    message: str

    @property
    def where(self):
        return self.file + (f", line {self.line}" if self.line else "")

    def __str__(self):
        field = f"{self.field}: " if self.field else ""
        return f"{self.where}: {field}{self.message}"


@dataclass
class ArticleRecord:
    file: str
    line: int | None
    body: str
    title: str
    published: dt.datetime | None
    url: str
    language: str
    # ("name", "TASS") as given in JSON Lines; ("pk", 2) as a fixture refers to an outlet;
    # None when the text has to tell.
    outlet_ref: tuple[str, object] | None
    outlet_line: int | None = None
    content_hash: str = field(init=False)

    def __post_init__(self):
        self.content_hash = content_hash(self.body)

    @property
    def where(self):
        return self.file + (f", line {self.line}" if self.line else "")


@dataclass
class OutletRecord:
    file: str
    line: int | None
    pk: object
    name: str
    values: dict


@dataclass
class Parsed:
    articles: list[ArticleRecord] = field(default_factory=list)
    outlets: list[OutletRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, file, line, field_name, message):
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(
                Problem(_shown(file), line, field_name and _shown(field_name), _shown(message))
            )


def _shown(text: str) -> str:
    """Text fit to show in a page or a terminal: a lone surrogate (from a JSON escape) cannot be
    encoded as UTF-8, so it is shown as its escape."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8")


class _NumberTooLong(ValueError):
    pass


def _bounded_int(digits: str) -> int:
    # Python refuses integers of over 4,300 digits with a ValueError of its own; no field
    # here needs more than a database id, so the bound is that, with a message that says so.
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _NumberTooLong(f"a number of {len(digits)} digits (at most {MAX_INT_DIGITS})")
    return int(digits)


def load_json(text: str):
    """json.loads that refuses over-long integers and over-deep nesting with a ValueError
    carrying a message for the file's author (json.JSONDecodeError for invalid JSON)."""
    try:
        return json.loads(text, parse_int=_bounded_int)
    except RecursionError:
        raise ValueError("nested too deeply (arrays or objects within each other)") from None


def json_type(value) -> str:
    match value:
        case None:
            return "null"
        case bool():
            return "true/false"
        case int() | float():
            return "a number"
        case str():
            return "text"
        case list():
            return "an array"
        case dict():
            return "an object"
    return type(value).__name__


def decode(name: str, data: bytes, parsed: Parsed) -> str | None:
    """UTF-8 text (a leading byte order mark is allowed), or None with the offending line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        parsed.problem(
            name,
            line,
            None,
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at position {error.start + 1}); "
            "save the file as UTF-8",
        )
        return None


def _text(parsed, where, obj, key, *, max_length, required=False, blank_ok=True):
    """A text field of a JSON object: the value, "" when absent or null, or None when wrong."""
    file, line_of = where
    if key not in obj or obj[key] is None:
        if required:
            parsed.problem(file, line_of(key), key, "missing (every article needs one)")
            return None
        return ""
    value = obj[key]
    if not isinstance(value, str):
        parsed.problem(file, line_of(key), key, f"expected text, got {json_type(value)}")
        return None
    if problem := text_problem(value):
        parsed.problem(file, line_of(key), key, problem)
        return None
    if required and not blank_ok and not value.strip():
        parsed.problem(file, line_of(key), key, "is empty (every article needs one)")
        return None
    if max_length and len(value) > max_length:
        parsed.problem(
            file, line_of(key), key, f"is {len(value)} characters long; at most {max_length}"
        )
        return None
    return value


def parse_when(value: str) -> dt.datetime | None:
    """An ISO date or date-time; a date is midnight, a naive date-time local time (UNSTATED)."""
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None:
        try:
            day = parse_date(value)
        except ValueError:
            return None
        if day is None:
            return None
        moment = dt.datetime.combine(day, dt.time(), tzinfo=UNSTATED)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UNSTATED)
    return moment


def _published(parsed, where, obj, key="published"):
    file, line_of = where
    value = obj.get(key)
    if value is None or value == "":
        return None, True
    if not isinstance(value, str):
        parsed.problem(
            file, line_of(key), key, f"expected an ISO date as text, got {json_type(value)}"
        )
        return None, False
    moment = parse_when(value.strip())
    if moment is None:
        parsed.problem(
            file,
            line_of(key),
            key,
            f"{value!r} is not an ISO date or date-time "
            "(e.g. 2022-01-10 or 2022-01-10T09:01:00+03:00)",
        )
        return None, False
    if problem := date_problem(moment):
        parsed.problem(file, line_of(key), key, f"{value!r} {problem}")
        return None, False
    return moment, True


def _url(parsed, where, obj, key="url"):
    file, line_of = where
    value = _text(parsed, where, obj, key, max_length=Article._meta.get_field("url").max_length)
    if not value:
        return value
    try:
        URLValidator()(value)
    except ValidationError:
        parsed.problem(file, line_of(key), key, f"{value!r} is not a valid web address")
        return None
    return value


def _unknown_fields(parsed, where, obj, allowed, *, what):
    file, line_of = where
    ok = True
    for key in obj:
        if key not in allowed:
            parsed.problem(
                file,
                line_of(key),
                key,
                f"unknown field for {what} (expected: {', '.join(allowed)})",
            )
            ok = False
    return ok


def _article(parsed, where, obj, *, allowed, outlet_ref) -> ArticleRecord | None:
    """One article object (a JSON Lines line or a fixture's fields) checked field by field."""
    file, line_of = where
    ok = _unknown_fields(parsed, where, obj, allowed, what="an article")
    body = _text(parsed, where, obj, "body", max_length=None, required=True, blank_ok=False)
    title = _text(
        parsed, where, obj, "title", max_length=Article._meta.get_field("title").max_length
    )
    language = _text(
        parsed, where, obj, "language", max_length=Article._meta.get_field("language").max_length
    )
    url = _url(parsed, where, obj)
    published, published_ok = _published(parsed, where, obj)
    if not ok or None in (body, title, language, url) or not published_ok:
        return None
    body = normalize_body(body)
    return ArticleRecord(
        file=file,
        line=line_of(None),
        body=body,
        title=title.strip() or detect_title(body),
        published=published,
        url=url,
        language=language or "en",
        outlet_ref=outlet_ref,
    )


def _outlet_name_problem(name: str) -> str | None:
    """Why `name` cannot name an outlet, or None."""
    if problem := name_problem(name):
        return f"the outlet's name {problem}"
    limit = Outlet._meta.get_field("name").max_length
    if len(name) > limit:
        return f"the outlet's name is {len(name)} characters long; at most {limit}"
    return None


def _outlet_name_ref(parsed, where, obj):
    """`outlet` in JSON Lines: a name, or absent/null/"" to detect it from the text."""
    file, line_of = where
    value = obj.get("outlet")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, True
    if not isinstance(value, str):
        parsed.problem(
            file, line_of("outlet"), "outlet", f"expected the outlet's name, got {json_type(value)}"
        )
        return None, False
    name = " ".join(value.split())
    if problem := _outlet_name_problem(name):
        parsed.problem(file, line_of("outlet"), "outlet", problem)
        return None, False
    return ("name", name), True


def parse_jsonl(name: str, text: str, parsed: Parsed):
    """One article object a line; blank lines are allowed."""
    # Only "\n" ends a record: JSON strings may hold U+2028 and other line separators.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = load_json(line)
        except json.JSONDecodeError as error:
            parsed.problem(name, number, None, f"invalid JSON: {error.msg} (column {error.colno})")
            continue
        except ValueError as error:
            parsed.problem(name, number, None, f"cannot be read: {error}")
            continue
        if not isinstance(obj, dict):
            parsed.problem(name, number, None, f"expected an article object, got {json_type(obj)}")
            continue
        where = (name, lambda _key, number=number: number)
        outlet_ref, outlet_ok = _outlet_name_ref(parsed, where, obj)
        record = _article(parsed, where, obj, allowed=JSONL_FIELDS, outlet_ref=outlet_ref)
        if record and outlet_ok:
            _fill_from_text(record, url_given="url" in obj)
            parsed.articles.append(record)


def _fill_from_text(record: ArticleRecord, *, url_given=True):
    if record.published is None:
        record.published = _detected_date(record.body)
    if not url_given and not record.url:
        record.url = detect_url(record.body)


def _line_finder(text: str, start: int, end: int):
    """Line numbers inside one fixture object: of the object, or of one of its keys."""
    first_line = text.count("\n", 0, start) + 1

    def line_of(key):
        if key is None:
            return first_line
        match = re.compile(rf'"{re.escape(key)}"\s*:').search(text, start, end)
        return text.count("\n", 0, match.start()) + 1 if match else first_line

    return line_of


def _fixture_objects(text: str):
    """(start, end, object) for each element of a JSON array, in order; the text is valid JSON."""
    decoder = json.JSONDecoder()
    whitespace = re.compile(r"\s*")
    index = whitespace.match(text, 0).end() + 1  # past "["
    index = whitespace.match(text, index).end()
    while index < len(text) and text[index] != "]":
        obj, end = decoder.raw_decode(text, index)
        yield index, end, obj
        index = whitespace.match(text, end).end()
        if index < len(text) and text[index] == ",":
            index = whitespace.match(text, index + 1).end()


def parse_fixture(name: str, text: str, parsed: Parsed):
    """A Django fixture (dumpdata's JSON) of kzclaims.outlet and kzclaims.article objects."""
    try:
        data = load_json(text)
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg} (column {error.colno})"
        parsed.problem(name, error.lineno, None, message)
        return
    except ValueError as error:
        parsed.problem(name, None, None, f"cannot be read: {error}")
        return
    if not isinstance(data, list):
        parsed.problem(
            name, 1, None, f"a Django fixture is an array of objects, got {json_type(data)}"
        )
        return
    for start, end, obj in _fixture_objects(text):
        line_of = _line_finder(text, start, end)
        where = (name, line_of)
        if not isinstance(obj, dict):
            parsed.problem(name, line_of(None), None, f"expected an object, got {json_type(obj)}")
            continue
        if not _unknown_fields(parsed, where, obj, ("model", "pk", "fields"), what="a fixture"):
            continue
        model = obj.get("model")
        fields = obj.get("fields")
        if not isinstance(fields, dict):
            parsed.problem(name, line_of("fields"), "fields", "missing or not an object")
            continue
        match str(model).lower():
            case "kzclaims.article":
                _fixture_article(parsed, where, obj, fields)
            case "kzclaims.outlet":
                _fixture_outlet(parsed, where, obj, fields)
            case _:
                parsed.problem(
                    name,
                    line_of("model"),
                    "model",
                    f"{model!r} cannot be imported here; only kzclaims.outlet and kzclaims.article",
                )


def _fixture_article(parsed, where, obj, fields):
    file, line_of = where
    checked = {key: fields[key] for key in FIXTURE_ARTICLE_CHECKED if key in fields}
    kept = {
        key: value
        for key, value in fields.items()
        if key not in FIXTURE_ARTICLE_CHECKED and key not in FIXTURE_ARTICLE_RESET
    }
    outlet = kept.get("outlet")
    outlet_ok = True
    match outlet:
        case bool() | None:
            parsed.problem(file, line_of("outlet"), "outlet", "missing (the outlet's pk or name)")
            outlet_ok = False
        case int():
            outlet_ref = ("pk", outlet)
        case str() if outlet.strip():
            outlet_ref = ("name", " ".join(outlet.split()))
        case [str() as natural] if natural.strip():
            outlet_ref = ("name", " ".join(natural.split()))
        case _:
            parsed.problem(
                file,
                line_of("outlet"),
                "outlet",
                f"expected the outlet's pk or name, got {json_type(outlet)}",
            )
            outlet_ok = False
    if outlet_ok and outlet_ref[0] == "name" and (problem := _outlet_name_problem(outlet_ref[1])):
        parsed.problem(file, line_of("outlet"), "outlet", problem)
        outlet_ok = False
    record = _article(
        parsed,
        where,
        kept,
        allowed=FIXTURE_ARTICLE_FIELDS,
        outlet_ref=outlet_ref if outlet_ok else None,
    )
    if record is None or not outlet_ok:
        return
    record.outlet_line = line_of("outlet")
    given_hash = checked.get("content_hash")
    if given_hash not in (None, "", record.content_hash):
        parsed.problem(
            file,
            line_of("content_hash"),
            "content_hash",
            "does not match the body (the body was changed after the export?); "
            "remove the field to have it computed",
        )
        return
    parsed.articles.append(record)


def _fixture_outlet(parsed, where, obj, fields):
    file, line_of = where
    if not _unknown_fields(parsed, where, fields, FIXTURE_OUTLET_FIELDS, what="an outlet"):
        return
    values = {}
    for key in FIXTURE_OUTLET_FIELDS:
        max_length = Outlet._meta.get_field(key).max_length
        value = _text(parsed, where, fields, key, max_length=max_length, required=key == "name")
        if value is None:
            return
        values[key] = value.strip()
    if not values["name"]:
        parsed.problem(file, line_of("name"), "name", "is empty (every outlet needs a name)")
        return
    if problem := name_problem(values["name"]):
        parsed.problem(file, line_of("name"), "name", f"the outlet's name {problem}")
        return
    if values["slug"] and not _SLUG.fullmatch(values["slug"]):
        parsed.problem(
            file, line_of("slug"), "slug", "letters, digits, hyphens and underscores only"
        )
        return
    if values["ownership"] and values["ownership"] not in Outlet.Ownership.values:
        parsed.problem(
            file,
            line_of("ownership"),
            "ownership",
            f"{values['ownership']!r} is not one of {', '.join(Outlet.Ownership.values)}",
        )
        return
    if values["homepage"]:
        try:
            URLValidator()(values["homepage"])
        except ValidationError:
            parsed.problem(file, line_of("homepage"), "homepage", "not a valid web address")
            return
    name = " ".join(values.pop("name").split())
    values = {key: value for key, value in values.items() if value}
    parsed.outlets.append(OutletRecord(file, line_of(None), obj.get("pk"), name, values))


_SLUG = re.compile(r"[-\w]+")


def _detected_date(body: str) -> dt.datetime | None:
    """The date the text gives, if it is a possible one (a guess never rejects an article)."""
    moment = detect_published(body)
    return None if moment is None or date_problem(moment) else moment


def parse_text(name: str, text: str, parsed: Parsed):
    """One article a file: headline, date, address and outlet read from the text."""
    text = normalize_body(text)
    if not text.strip():
        parsed.problem(name, 1, "body", "the file is empty")
        return
    if (nul := text.find("\x00")) >= 0:
        parsed.problem(name, text.count("\n", 0, nul) + 1, "body", NUL_MESSAGE)
        return
    parsed.articles.append(
        ArticleRecord(
            file=name,
            line=None,
            body=text,
            title=detect_title(text),
            published=_detected_date(text),
            url=detect_url(text),
            language="en",
            outlet_ref=None,
        )
    )


PARSERS = {"fixture": parse_fixture, "jsonl": parse_jsonl, "text": parse_text}


def parse_files(files) -> Parsed:
    """`files`: (name, bytes) pairs; the format is told by the name's extension."""
    parsed = Parsed()
    for name, data in files:
        suffix = PurePath(name).suffix.lower()
        kind = FORMATS.get(suffix)
        if kind is None:
            parsed.problem(
                name,
                None,
                None,
                f"unsupported file type {suffix or '(none)'!r}: expected .json (a Django "
                "fixture), .jsonl (JSON Lines, one article a line) or .txt (one article a file)",
            )
            continue
        if not data.strip():
            parsed.problem(name, None, None, "the file is empty")
            continue
        text = decode(name, data, parsed)
        if text is not None:
            PARSERS[kind](name, text, parsed)
    return parsed
