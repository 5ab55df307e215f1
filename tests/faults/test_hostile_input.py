"""Every bad input gets a clear answer (a file/line/field message, or a 4xx), never a 500 or a
traceback, never a partial import: the importers, the admin import page, the command line, the
import screens' parameters, and dates that broke every page before."""

import datetime as dt
import importlib
import json

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from kzclaims.imports.parsing import parse_files
from kzclaims.imports.services import ImportRejected, import_articles, preview_import
from kzclaims.models import Article, Claim, ImportBatch, Outlet

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("integrity")]

BODY = "ALMATY, Jan 10 (Interfax) - Tokayev said order was restored in all regions."


def jsonl(*records):
    return ("batch.jsonl", "\n".join(json.dumps(r) for r in records).encode())


def problems_of(*files):
    return [(p.file, p.line, p.field, p.message) for p in parse_files(files).problems]


def article(**fields):
    return {"outlet": "Interfax", "title": "T", "body": BODY, **fields}


@pytest.mark.parametrize(
    "published",
    [
        "0001-01-01T00:30:00+01:00",
        "0001-01-01",
        "1899-12-31T23:00:00Z",
        "3000-01-01",
        "9999-12-31T23:30:00-01:00",
    ],
)
def test_dates_outside_1900_to_next_year_are_refused(published):
    [(file, line, field, message)] = problems_of(jsonl(article(published=published)))
    assert (file, line, field) == ("batch.jsonl", 1, "published")
    assert "between 1900 and" in message


def test_deeply_nested_json_is_refused_with_its_line():
    deep = "[" * 100_000 + "]" * 100_000
    [(_, line, _, message)] = problems_of(("nested.jsonl", f'{{"body": {deep}}}'.encode()))
    assert line == 1 and "nested too deeply" in message
    [(_, _, _, message)] = problems_of(("nested.json", deep.encode()))
    assert "nested too deeply" in message


def test_integers_of_thousands_of_digits_are_refused():
    huge = "9" * 5000
    [(_, line, _, message)] = problems_of(("n.jsonl", f'{{"body": "x", "title": {huge}}}'.encode()))
    assert line == 1 and "5000 digits" in message
    fixture = f'[{{"model": "kzclaims.article", "pk": {huge}, "fields": {{}}}}]'
    [(_, _, _, message)] = problems_of(("n.json", fixture.encode()))
    assert "5000 digits" in message


@pytest.mark.parametrize("field", ["body", "title", "outlet", "url"])
def test_lone_surrogates_are_refused_with_their_field(field):
    line = json.dumps(article(**{field: "Inter\ud800fax"}))  # json.dumps escapes it: \ud800
    [(_, lineno, where, message)] = problems_of(("s.jsonl", line.encode()))
    assert (lineno, where) == (1, field) and "lone surrogate" in message


def test_an_unknown_field_named_by_a_lone_surrogate_is_shown_not_crashed_on():
    upload = ("s.jsonl", b'{"body": "x", "\\udc00": 1}')
    [problem] = parse_files([upload]).problems
    problem_text = str(problem)
    problem_text.encode("utf-8")  # printable: the surrogate is shown as its escape
    assert "\\udc00" in problem_text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Inter\x00fax", "NUL"),
        ("Inter\u202efax", "bidirectional control"),
        ("Inter\u2066fax", "bidirectional control"),
        ("Inter\x07fax", "control character"),
        ("I" * 201, "201 characters long; at most 200"),
    ],
)
def test_outlet_names_with_control_characters_or_too_long_are_refused(name, expected):
    [(_, _, field, message)] = problems_of(jsonl(article(outlet=name)))
    assert field == "outlet" and expected in message
    fixture = [{"model": "kzclaims.article", "fields": {"outlet": name, "body": BODY}}]
    [(_, _, field, message)] = problems_of(("f.json", json.dumps(fixture).encode()))
    assert field == "outlet" and expected in message
    outlet = [{"model": "kzclaims.outlet", "pk": 9, "fields": {"name": name}}]
    [(_, _, field, message)] = problems_of(("o.json", json.dumps(outlet).encode()))
    assert field == "name" and expected in message


def test_one_bad_record_imports_nothing():
    files = [jsonl(article(title="good"), article(title="bad", published="0001-01-01"))]
    with pytest.raises(ImportRejected):
        import_articles(files=files)
    assert not Article.objects.exists() and not Outlet.objects.exists()
    assert not ImportBatch.objects.exists()


def test_bodies_are_normalised_on_import():
    files = [jsonl(article(body="\ufeffFirst line.\r\nSecond line.\rThird."))]
    result = import_articles(files=files, extract=False)
    body = Article.objects.get(pk=result.created[0]).body
    assert body == "First line.\nSecond line.\nThird."


def test_admin_import_page_answers_hostile_uploads_with_problems(client, admin_user):
    client.force_login(admin_user)
    url = reverse("admin:kzclaims_article_import")
    uploads = {
        "nested.jsonl": b'{"body": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        "surrogate.jsonl": b'{"body": "x\\ud800", "outlet": "A"}',
        "huge.json": b'[{"model": "kzclaims.article", "pk": ' + b"1" * 5000 + b"}]",
        "date.jsonl": json.dumps(article(published="0001-01-01T00:30:00+01:00")).encode(),
        "nul.jsonl": json.dumps(article(outlet="A\x00B")).encode(),
    }
    for name, data in uploads.items():
        page = client.post(url, {"files": [SimpleUploadedFile(name, data)]})
        assert page.status_code == 200, name
        assert "Nothing was imported" in page.text, name
    assert not Article.objects.exists()


def test_command_line_import_prints_file_line_field(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(article(published="0001-01-01T00:30:00+01:00")) + "\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_articles", str(bad), "--no-extract", verbosity=0)
    assert not Article.objects.exists()


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999999", "-1", "1e3"])
def test_import_screens_ids_in_unicode_digits_or_huge_are_not_500(client, admin_user, value):
    client.force_login(admin_user)
    progress = client.get(reverse("imports:progress"), {"batch": value})
    assert progress.status_code in (200, 404)
    page = client.get(reverse("admin:kzclaims_article_import"), {"batch": value})
    assert page.status_code in (200, 404)
    retry = client.post(reverse("imports:retry"), {"article": value, "batch": value})
    assert retry.status_code in (302, 404)


def _store_raw_published(article, text):
    """Puts a date in the database the way an old import did, past the model's validation."""
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET published = %s WHERE id = %s", [text, article.pk])  # noqa: S608


def test_stored_year_zero_dates_are_cleared_by_the_migration_and_pages_answer(
    client, admin_user, seeds
):
    broken = seeds[0]
    stored = (
        "0001-01-01T00:30:00+01:00" if connection.vendor == "postgresql" else "0000-12-31 23:30:00"
    )
    _store_raw_published(broken, stored)
    migration = importlib.import_module("kzclaims.migrations.0004_faults_clear_impossible_dates")
    migration.clear(apps, None)
    broken.refresh_from_db()
    assert broken.published is None
    assert Article.objects.get(pk=seeds[1].pk).published == seeds[1].published
    client.force_login(admin_user)
    for url in (
        reverse("review:article", args=[broken.pk]),
        reverse("admin:kzclaims_article_changelist"),
        reverse("admin:kzclaims_article_change", args=[broken.pk]),
        reverse("exports:articles"),
        "/",
    ):
        assert client.get(url).status_code == 200, url


def test_admin_refuses_an_impossible_date_with_a_message(client, admin_user, seeds):
    client.force_login(admin_user)
    target = seeds[0]
    url = reverse("admin:kzclaims_article_change", args=[target.pk])
    data = {
        "outlet": target.outlet_id,
        "title": target.title,
        "published_0": "0001-01-01",
        "published_1": "00:30:00",
        "url": target.url,
        "body": target.body,
        "language": "en",
    }
    page = client.post(url, data)
    assert page.status_code == 200 and "between 1900 and" in page.text
    target.refresh_from_db()
    assert target.published.year == 2022


def test_recent_dates_still_import():
    files = [jsonl(article(published=f"{dt.date.today().year}-01-02T03:04:05+05:00"))]
    plan = preview_import(files=files)
    assert plan.ok


@pytest.mark.parametrize(("start", "end"), [(5, 10**12), (10**6, 10**6 + 5), (50, 10), (-1, 5)])
def test_claim_offsets_out_of_range_get_a_form_error(client, admin_user, seeds, start, end):
    article = seeds[0]
    claim = Claim.objects.create(
        article=article, kind="direct", content=article.body[:10], start=0, end=10
    )
    client.force_login(admin_user)
    page = client.post(
        reverse("admin:kzclaims_claim_change", args=[claim.pk]),
        {
            "article": article.pk,
            "kind": "direct",
            "content": article.body[:10],
            "start": start,
            "end": end,
            "confidence": 0.5,
            "framing": "{}",
            "figures-TOTAL_FORMS": 0,
            "figures-INITIAL_FORMS": 0,
            "events-TOTAL_FORMS": 0,
            "events-INITIAL_FORMS": 0,
        },
    )
    assert page.status_code == 200 and "errornote" in page.text
    claim.refresh_from_db()
    assert (claim.start, claim.end) == (0, 10)
