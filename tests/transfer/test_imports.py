"""The import service and command: all or nothing, duplicates skipped, every bad input reported
with its file, line and field while the database stays exactly as it was."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from kzclaims.imports.services import ImportRejected, import_articles, preview_import
from kzclaims.models import Article, ImportBatch, Outlet, content_hash

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def seed_texts():
    articles = json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))
    return [(f"seed-{item['pk']}.txt", item["fields"]["body"].encode()) for item in articles]


def jsonl(*records):
    return "\n".join(json.dumps(record, ensure_ascii=False) for record in records).encode()


def snapshot():
    return (
        list(Article.objects.order_by("pk").values_list("pk", "content_hash", "outlet_id")),
        list(Outlet.objects.order_by("pk").values_list("pk", "name")),
        ImportBatch.objects.count(),
    )


GOOD = {"outlet": "TASS", "title": "Troops", "published": "2022-01-07", "url": "", "body": "Text"}

BAD_INPUTS = [
    pytest.param(
        [("bad.jsonl", jsonl(GOOD) + b'\n{"title": "x", "body": "y",}')],
        "bad.jsonl, line 2: invalid JSON",
        id="invalid-json",
    ),
    pytest.param(
        [("bad.jsonl", jsonl(GOOD, {"outlet": "TASS", "title": "No body"}))],
        "bad.jsonl, line 2: body: missing",
        id="missing-body",
    ),
    pytest.param(
        [("bad.jsonl", jsonl({**GOOD, "body": "   "}))],
        "bad.jsonl, line 1: body: is empty",
        id="blank-body",
    ),
    pytest.param(
        [("bad.jsonl", jsonl(GOOD, GOOD | {"body": "b", "title": ["a", "list"]}))],
        "bad.jsonl, line 2: title: expected text, got an array",
        id="wrong-type",
    ),
    pytest.param(
        [("bad.jsonl", jsonl({**GOOD, "body": "z", "author": "Tokayev"}))],
        "bad.jsonl, line 1: author: unknown field",
        id="unknown-field",
    ),
    pytest.param(
        [("bad.jsonl", jsonl({**GOOD, "published": "10/01/2022"}))],
        "bad.jsonl, line 1: published: '10/01/2022' is not an ISO date",
        id="bad-date",
    ),
    pytest.param(
        [("bad.jsonl", jsonl({**GOOD, "url": "not a url"}))],
        "bad.jsonl, line 1: url: 'not a url' is not a valid web address",
        id="bad-url",
    ),
    pytest.param(
        [("latin1.txt", "Almaty\nRésumé of the day".encode("latin-1"))],
        "latin1.txt, line 2: not UTF-8 text (byte 0xe9",
        id="not-utf8",
    ),
    pytest.param(
        [("dump.json", b'[{"model": "auth.user", "pk": 1, "fields": {"username": "x"}}]')],
        "dump.json, line 1: model: 'auth.user' cannot be imported here",
        id="other-model",
    ),
    pytest.param(
        [
            (
                "dump.json",
                b'[\n {"model": "kzclaims.article",\n  "fields": {"outlet": 99, "body": "b"}}\n]',
            )
        ],
        "dump.json, line 3: outlet: outlet 99 is neither defined in this file nor in the database",
        id="fixture-unknown-outlet",
    ),
    pytest.param(
        [
            (
                "dump.json",
                b'[{"model": "kzclaims.article", "fields": {"outlet": 1, "body": "b",\n'
                b' "content_hash": "0000"}}]',
            )
        ],
        "dump.json, line 2: content_hash: does not match the body",
        id="fixture-stale-hash",
    ),
    pytest.param(
        [("dump.json", b'{"model": "kzclaims.article"}')],
        "dump.json, line 1: a Django fixture is an array of objects",
        id="fixture-not-a-list",
    ),
    pytest.param(
        [("nul.jsonl", jsonl({**GOOD, "body": "a\u0000b"}))],
        "nul.jsonl, line 1: body: contains a NUL character",
        id="nul-in-json",
    ),
    pytest.param(
        [("nul.txt", b"Title\nbody\x00")],
        "nul.txt, line 2: body: contains a NUL character",
        id="nul-in-text",
    ),
    pytest.param([("notes.docx", b"PK\x03\x04")], "notes.docx: unsupported file type", id="ext"),
    pytest.param([("empty.txt", b"  \n")], "empty.txt: the file is empty", id="empty"),
    pytest.param(
        # One good file does not carry a bad one: all or nothing.
        [("good.jsonl", jsonl(GOOD)), ("bad.jsonl", b"{nope")],
        "bad.jsonl, line 1: invalid JSON",
        id="one-bad-file-of-two",
    ),
]


@pytest.mark.parametrize(("files", "message"), BAD_INPUTS)
def test_bad_input_changes_nothing_and_says_where(seeds, files, message):
    before = snapshot()
    with pytest.raises(ImportRejected) as rejected:
        import_articles(files=files)
    assert any(str(problem).startswith(message) for problem in rejected.value.problems), [
        str(problem) for problem in rejected.value.problems
    ]
    assert snapshot() == before
    assert not preview_import(files=files).ok


def test_text_files_into_an_empty_database_detect_outlet_title_and_date(db):
    result = import_articles(files=seed_texts(), extract=False)
    assert len(result.created) == 5
    articles = list(Article.objects.select_related("outlet").order_by("pk"))
    assert [article.outlet.name for article in articles] == [
        "Interfax",
        "TASS",
        "Unknown outlet",
        "Unknown outlet",
        "Izvestia",
    ]
    assert articles[0].title == "Situation stabilizes across all regions of Kazakhstan - Tokayev"
    # "10 Jan 2022 09:01" is a local time: the dateline NUR-SULTAN gives its zone.
    assert articles[0].published_zone == "Asia/Almaty"
    assert articles[0].published.isoformat() == "2022-01-10T03:01:00+00:00"
    assert {article.import_batch_id for article in articles} == {result.batch.pk}
    assert all(article.extraction_status == "pending" for article in articles)
    for article in articles:
        assert article.content_hash == content_hash(article.body)
    assert set(result.new_outlets) == {"Interfax", "TASS", "Unknown outlet", "Izvestia"}


def test_duplicates_are_skipped_and_reported_never_doubled(seeds):
    before = snapshot()
    plan = preview_import(files=seed_texts())
    assert plan.ok and not plan.to_create
    assert plan.to_skip[0].skip_reason.startswith("already present as article 1")
    result = import_articles(files=seed_texts())
    assert result.created == [] and len(result.skipped) == 5
    assert snapshot() == before
    # The same text with other line endings and outer white space is the same article.
    crlf = [("crlf.txt", b"\r\n " + seed_texts()[1][1].replace(b"\n", b"\r\n") + b"\r\n")]
    assert import_articles(files=crlf).created == []
    assert snapshot() == before


def test_duplicates_within_one_upload(db):
    files = [("a.jsonl", jsonl(GOOD, {**GOOD, "title": "Again"})), ("b.txt", b"Text")]
    plan = preview_import(files=files)
    assert len(plan.to_create) == 1
    assert [planned.skip_reason for planned in plan.to_skip] == [
        "same text as a.jsonl, line 1 in this import",
        "same text as a.jsonl, line 1 in this import",
    ]
    result = import_articles(files=files, extract=False)
    assert len(result.created) == 1
    assert Article.objects.count() == 1


def test_outlets_are_matched_or_created(seeds):
    files = [
        (
            "a.jsonl",
            jsonl(
                {**GOOD, "outlet": "tass", "body": "one"},
                {**GOOD, "outlet": "Kazinform", "body": "two"},
                {**GOOD, "outlet": "Известия Казахстан", "body": "three"},
            ),
        )
    ]
    import_articles(files=files, extract=False)
    outlets = dict(
        Article.objects.filter(body__in=["one", "two", "three"]).values_list("body", "outlet__slug")
    )
    assert outlets == {"one": "tass", "two": "kazinform", "three": "известия-казахстан"}
    assert Outlet.objects.filter(name="TASS").count() == 1


def test_fixture_import_into_an_empty_database(db):
    files = [(name, (FIXTURES / name).read_bytes()) for name in ("outlets.json", "articles.json")]
    result = import_articles(files=files, extract=False)
    assert len(result.created) == 5
    fixture = json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))
    stored = {article.content_hash: article for article in Article.objects.select_related("outlet")}
    outlet_names = {1: "Interfax", 2: "TASS", 3: "Izvestia", 4: "Unknown outlet"}
    for item in fixture:
        article = stored[item["fields"]["content_hash"]]
        assert article.title == item["fields"]["title"]
        assert article.outlet.name == outlet_names[item["fields"]["outlet"]]
        assert article.published.isoformat() == (
            __import__("datetime")
            .datetime.fromisoformat(item["fields"]["published"])
            .astimezone(__import__("datetime").UTC)
            .isoformat()
        )
    assert Outlet.objects.get(name="TASS").ownership == "state"


def test_command_imports_and_reports(tmp_path, db):
    paths = []
    for name, data in seed_texts():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    out = io.StringIO()
    call_command("import_articles", *paths, "--no-extract", stdout=out, stderr=io.StringIO())
    assert "Imported 5 articles, skipped 0" in out.getvalue()
    assert Article.objects.count() == 5
    out = io.StringIO()
    call_command("import_articles", *paths, "--no-extract", stdout=out, stderr=io.StringIO())
    assert "Imported 0 articles, skipped 5" in out.getvalue()
    assert "already present as article" in out.getvalue()


def test_command_rejects_naming_file_and_line_and_imports_nothing(tmp_path, db):
    good = tmp_path / "good.jsonl"
    good.write_bytes(jsonl(GOOD))
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(jsonl(GOOD | {"body": "other"}, {"title": "no body"}))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_articles", str(good), str(bad), stdout=io.StringIO(), stderr=err)
    assert f"{bad}, line 2: body: missing" in err.getvalue()
    assert Article.objects.count() == 0 and Outlet.objects.count() == 0


def test_command_exit_status_is_non_zero_on_rejection(tmp_path, db, capsys, monkeypatch):
    """As from a shell: `manage.py import_articles` exits with status 1 and says where."""
    # run_from_argv closes every connection on its way out; the test still needs its own.
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"body": 5}')
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_articles", str(bad)]).execute()
    assert exit_info.value.code == 1
    assert f"{bad}, line 1: body: expected text, got a number" in capsys.readouterr().err
    assert Article.objects.count() == 0


def test_command_dry_run_writes_nothing(tmp_path, db):
    path = tmp_path / "a.jsonl"
    path.write_bytes(jsonl(GOOD))
    out = io.StringIO()
    call_command("import_articles", str(path), "--dry-run", stdout=out)
    assert "Would import 1 articles and skip 0; 0 problem(s)." in out.getvalue()
    assert Article.objects.count() == 0
