"""Property tests over the importers (Hypothesis, bounded): whatever the bytes, parsing answers
with records or with problems that name their file, never an exception; every record it accepts
is storable (normalised text, no NUL or lone surrogate, a possible date); and an import either
writes everything it planned or nothing at all."""

import json

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzclaims.imports.parsing import parse_files
from kzclaims.imports.services import ImportRejected, import_articles
from kzclaims.models import Article, ImportBatch, Outlet
from kzclaims.text import date_problem, name_problem, text_problem

pytestmark = pytest.mark.django_db

BOUNDED = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible in CI
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE = [
    "\x00", "\ud800", "\udfff", "\u202e", "\u2066", "\ufeff", "\r\n", "\r", "\x1b", "²",
    "0001-01-01T00:30:00+01:00", "9999-12-31", "=HYPERLINK()", "TASS", "T.A.S.S.", "",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE) | st.text(max_size=8), max_size=6).map("".join),
)
dates = st.one_of(
    st.none(),
    st.datetimes().map(lambda d: d.isoformat()),
    st.dates().map(str),
    texts,
    st.integers(),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), texts)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)
articles = st.fixed_dictionaries(
    {"body": texts | st.text(min_size=1, max_size=200)},
    optional={
        "outlet": texts | json_values,
        "title": texts,
        "published": dates,
        "url": texts | st.just("https://example.org/a"),
        "language": texts,
        "extra": json_values,
    },
)


def jsonl(records):
    return "\n".join(json.dumps(record) for record in records).encode()


def check_parsed(parsed, names):
    for problem in parsed.problems:
        assert problem.file in names and problem.message
        str(problem).encode("utf-8")  # printable on a page and a terminal
    for record in parsed.articles:
        assert text_problem(record.body) is None and "\r" not in record.body
        assert not record.body.startswith("\ufeff")
        assert record.published is None or date_problem(record.published) is None
        if record.outlet_ref and record.outlet_ref[0] == "name":
            assert name_problem(record.outlet_ref[1]) is None
            assert len(record.outlet_ref[1]) <= 200


@BOUNDED
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".json", ".jsonl", ".txt"]))
def test_any_bytes_parse_to_records_or_problems(data, suffix):
    name = f"upload{suffix}"
    check_parsed(parse_files([(name, data)]), {name})


@BOUNDED
@given(records=st.lists(articles | json_values, min_size=1, max_size=5))
def test_any_json_lines_parse_to_storable_records_or_problems(records):
    check_parsed(parse_files([("a.jsonl", jsonl(records))]), {"a.jsonl"})


fixture_objects = st.lists(
    st.fixed_dictionaries(
        {
            "model": st.sampled_from(["kzclaims.article", "kzclaims.outlet", "auth.user"]),
            "fields": st.one_of(articles, st.fixed_dictionaries({"name": texts}), json_values),
        },
        optional={"pk": st.integers() | texts},
    ),
    max_size=4,
)


@BOUNDED
@given(objects=fixture_objects)
def test_any_fixture_parses_to_storable_records_or_problems(objects):
    check_parsed(parse_files([("f.json", json.dumps(objects).encode())]), {"f.json"})


@BOUNDED
@given(records=st.lists(articles, min_size=1, max_size=4))
def test_an_import_writes_all_it_planned_or_nothing(records, db):
    with transaction.atomic():
        try:
            result = import_articles(files=[("a.jsonl", jsonl(records))], extract=False)
        except ImportRejected as rejected:
            assert rejected.problems
            assert not Article.objects.exists() and not ImportBatch.objects.exists()
            assert not Outlet.objects.exists()
        else:
            assert Article.objects.count() == len(result.created)
            for article in Article.objects.select_related("outlet"):
                article.full_clean(exclude=["url"])  # what the admin would accept
                assert name_problem(article.outlet.name) is None
        transaction.set_rollback(True)
