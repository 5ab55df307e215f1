"""Round trips: an export imported into an empty database reproduces the articles; dumpdata and
loaddata of the fixture format, and the import page reading dumpdata's output."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from kzclaims.imports.services import import_articles
from kzclaims.models import Article, Claim, Outlet

pytestmark = pytest.mark.django_db


def article_rows():
    return sorted(
        Article.objects.values_list(
            "outlet__name", "title", "published", "url", "body", "content_hash"
        )
    )


def empty_database():
    Claim.objects.all().delete()
    Article.objects.all().delete()
    Outlet.objects.all().delete()


def test_articles_export_reimports_into_an_empty_database(client, viewer, claims):
    Article.objects.filter(pk=claims[0].article_id).update(url="https://interfax.com/x?a=1&b=2")
    client.force_login(viewer)
    response = client.get(reverse("exports:articles"))
    exported = b"".join(response.streaming_content)
    before = article_rows()
    assert len(exported.splitlines()) == 5  # no filter: every article, claims or not

    empty_database()
    result = import_articles(files=[("export.jsonl", exported)], extract=False)
    assert len(result.created) == 5 and not result.skipped
    assert article_rows() == before

    # Importing it again changes nothing.
    assert import_articles(files=[("export.jsonl", exported)]).created == []


def test_filtered_articles_export_holds_the_articles_of_the_selected_claims(client, viewer, claims):
    client.force_login(viewer)
    response = client.get(reverse("exports:articles") + "?status=disputed")
    records = [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]
    assert [record["outlet"] for record in records] == ["TASS"]
    assert set(records[0]) == {"outlet", "title", "published", "url", "body"}


def test_export_claims_command_articles_format_round_trips(claims, tmp_path):
    out = io.StringIO()
    call_command("export_claims", "--format=articles", stdout=out)
    before = article_rows()
    path = tmp_path / "articles.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    empty_database()
    call_command("import_articles", str(path), "--no-extract", stdout=io.StringIO())
    assert article_rows() == before


def test_dumpdata_loaddata_round_trips(seeds, tmp_path):
    before = article_rows()
    fields = sorted(Article.objects.values_list("pk", "content_hash", "imported_at", "language"))
    path = tmp_path / "dump.json"
    call_command("dumpdata", "kzclaims.outlet", "kzclaims.article", output=str(path), indent=2)
    empty_database()
    call_command("loaddata", str(path), verbosity=0)
    assert article_rows() == before
    assert (
        sorted(Article.objects.values_list("pk", "content_hash", "imported_at", "language"))
        == fields
    )


def test_import_page_reads_dumpdata_output(seeds, tmp_path):
    before = article_rows()
    path = tmp_path / "dump.json"
    call_command("dumpdata", "kzclaims.outlet", "kzclaims.article", output=str(path), indent=2)
    empty_database()
    result = import_articles(files=[("dump.json", path.read_bytes())], extract=False)
    assert len(result.created) == 5
    assert article_rows() == before
    assert Outlet.objects.get(name="TASS").ownership == "state"
