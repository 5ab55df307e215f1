"""Exports hold exactly the claims the queue's filters select, in every format."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kzclaims.claim_filters import claims_from_query
from kzclaims.exports.csv import HEADER, neutralise
from tests.exports.conftest import NOTE

pytestmark = pytest.mark.django_db


def download(client, name, query=""):
    response = client.get(reverse(f"exports:{name}") + query)
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8"), response


def parse_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_claim_with_every_column(client, viewer, full_claims, site):
    client.force_login(viewer)
    text, response = download(client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert next(csv.reader(io.StringIO(text))) == list(HEADER)
    rows = parse_csv(text)
    assert len(rows) == len(full_claims)
    ministry = next(row for row in rows if row["speaker"] == "МВД Казахстана")
    pk, article = full_claims[1].pk, full_claims[1].article_id
    assert ministry == {
        "claim_id": str(pk),
        "claim_url": f"https://claims.example.org/claims/{pk}/",
        "article_id": str(article),
        "article_title": "Situation stabilizes across all regions of Kazakhstan - Tokayev",
        "article_url": "https://interfax.example/news/1?a=1&b=2",
        "outlet": "Interfax",
        "published": "2022-01-10T09:01:00+03:00",
        "speaker": "МВД Казахстана",
        "speaker_mention": "",
        "speaker_kind": "Organisation",
        "speaker_type": "Official",
        "kind": "Reported speech",
        "mode": "Speech",
        "parent_claim_id": "",
        "part_spans": "",
        "content": "some 5,800 people have been taken to police",
        "cue": "told",
        "stance": "Neutral",
        "channel": "told Interfax",
        "via": "",
        "labels": "",
        "scare_quotes": "",
        "hedges": "",
        "figures": "5,800 people detained; 125 criminal cases",
        "confidence": "0.5",
        "status": "Unreviewed",
        "reviewed_by": "",
        "reviewed_at": "",
        "note": "",
        "evidence_url": "",
    }
    verified = next(row for row in rows if row["status"] == "Verified")
    assert verified["labels"] == "militants"
    assert verified["scare_quotes"] == "terrorists"
    assert verified["hedges"] == "reportedly"
    assert verified["evidence_url"] == "https://akorda.example/news/1"
    assert verified["note"] == NOTE
    disputed = next(row for row in rows if row["status"] == "Disputed")
    assert disputed["speaker"] == "" and disputed["speaker_mention"] == "'@csto_adviser"
    # The dateline MOSCOW article keeps its own day: midnight in Moscow, not 21:00 the day before.
    official = next(row for row in rows if row["status"] == "Official-only")
    assert official["published"] == "2022-01-06T00:00:00+03:00"


def test_csv_and_json_lines_carry_the_same_facts(client, viewer, full_claims, site):
    """Every field, in both, for every claim: the JSON value rendered as the CSV renders it."""
    from kzclaims.exports.fields import FIELDS

    client.force_login(viewer)
    rows = parse_csv(download(client, "csv")[0])
    records = [json.loads(line) for line in download(client, "jsonl")[0].splitlines()]
    assert [list(record) for record in records] == [list(HEADER)] * len(full_claims)
    labels = {f.name: dict(f.labels.choices) for f in FIELDS if f.labels is not None}
    for row, record in zip(rows, records, strict=True):
        for name, value in record.items():
            match value:
                case None:
                    expected = ""
                case list() if name == "figures":
                    expected = "; ".join(f"{f['text']} {f['subject']}".strip() for f in value)
                case list():
                    expected = "; ".join(value)
                case str() if name in labels:
                    expected = labels[name].get(value, value)
                case _:
                    expected = str(value)
            assert row[name] == neutralise(expected), name


def test_csv_selects_exactly_what_the_queue_filters_select(client, viewer, claims):
    client.force_login(viewer)
    for query in ("?outlet=interfax", "?status=disputed", "?q=police", "?kind=direct&sort=status"):
        text, _ = download(client, "csv", query)
        _, queue = claims_from_query(
            {k: v for k, v in (pair.split("=") for pair in query[1:].split("&"))}
        )
        expected = [claim.content for claim in queue]
        assert [neutralise(row["content"]) for row in parse_csv(text)] == [
            neutralise(content) for content in expected
        ], query
    text, _ = download(client, "csv", "?outlet=interfax")
    assert {row["outlet"] for row in parse_csv(text)} == {"Interfax"}
    assert len(parse_csv(text)) == 2


def test_cyrillic_and_kazakh_names_survive_the_csv_round_trip(client, viewer, claims):
    client.force_login(viewer)
    text, _ = download(client, "csv", "?bom=1")
    assert text.startswith("\ufeffclaim_id,")
    rows = parse_csv(text.removeprefix("\ufeff"))
    verified = next(row for row in rows if row["status"] == "Verified")
    assert verified["speaker"] == "Қасым-Жомарт Тоқаев"
    assert verified["content"] == "Ситуация стабилизировалась во всех регионах"
    assert verified["note"] == "Тексеру: Ақорда сайты"
    assert verified["reviewed_by"] == "edith"
    assert verified["reviewed_at"] == "2022-01-11T08:30:00+00:00"
    plain, _ = download(client, "csv")
    assert not plain.startswith("\ufeff")


def test_formula_cells_are_neutralised(client, viewer, claims):
    client.force_login(viewer)
    rows = parse_csv(download(client, "csv")[0])
    disputed = next(row for row in rows if row["status"] == "Disputed")
    assert disputed["content"] == '\'=HYPERLINK("http://evil.example/","click")'
    assert disputed["via"] == "'-2+3"
    assert disputed["note"] == "'@SUM(A1:A2)"
    assert disputed["speaker_mention"] == "'@csto_adviser"
    assert disputed["channel"] == "'+Telegram"
    official = next(row for row in rows if row["status"] == "Official-only")
    assert official["content"] == "'+7 777 protesters"
    assert official["note"] == "'\tcmd|' /C calc'!A0"
    # No cell anywhere starts with a character a spreadsheet executes.
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_prefixes_every_trigger(trigger):
    assert neutralise(f"{trigger}1+1") == f"'{trigger}1+1"
    assert neutralise(f"a{trigger}1") == f"a{trigger}1"
    assert neutralise("") == ""


def test_invalid_filters_are_refused_not_widened(client, viewer, claims):
    client.force_login(viewer)
    response = client.get(reverse("exports:csv") + "?status=bogus")
    assert response.status_code == 400
    assert b"status" in response.content


def test_export_needs_a_login_and_every_role_may_export(client, viewer, editor, admin_user, claims):
    response = client.get(reverse("exports:csv"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    for user in (viewer, editor, admin_user):
        client.force_login(user)
        for name in ("csv", "jsonl", "claimreview", "factcheck", "articles"):
            assert client.get(reverse(f"exports:{name}")).status_code == 200


def test_jsonl_carries_claim_and_article(client, viewer, full_claims, site):
    client.force_login(viewer)
    text, response = download(client, "jsonl", "?outlet=interfax")
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == 2
    ministry = next(r for r in records if r["speaker"] == "МВД Казахстана")
    assert ministry["outlet"] == "Interfax"
    assert ministry["published"] == "2022-01-10T09:01:00+03:00"
    assert ministry["claim_url"] == f"https://claims.example.org/claims/{full_claims[1].pk}/"
    assert ministry["figures"][0] == {
        "text": "5,800",
        "value": "5800.0000",
        "subject": "people detained",
        "low": None,
        "high": None,
        "approx": "",
        "measure": "",
        "counted": "",
        "reference_date": None,
    }
    assert ministry["mode"] == "speech" and ministry["parent_claim_id"] is None
    assert ministry["part_spans"] is None
    assert ministry["kind"] == "indirect" and ministry["speaker_kind"] == "organisation"
    assert ministry["labels"] == [] and ministry["reviewed_at"] is None
    verified = next(r for r in records if r["status"] == "verified")
    assert verified["hedges"] == ["reportedly"] and verified["confidence"] == 0.9


def test_export_claims_command_writes_the_same_to_stdout(client, viewer, full_claims, site):
    client.force_login(viewer)
    for fmt in ("csv", "jsonl", "claimreview", "factcheck"):
        out = io.StringIO()
        call_command("export_claims", f"--format={fmt}", "--outlet=interfax", stdout=out)
        web, _ = download(client, fmt, "?outlet=interfax")
        assert out.getvalue() == web, fmt
        assert "https://claims.example.org/claims/" in web, fmt
    out = io.StringIO()
    call_command("export_claims", "--format=csv", "--bom", "--status=disputed", stdout=out)
    rows = parse_csv(out.getvalue().removeprefix("\ufeff"))
    assert [row["status"] for row in rows] == ["Disputed"]


def test_export_claims_command_rejects_bad_filters(claims):
    with pytest.raises(CommandError, match="--status"):
        call_command("export_claims", "--status=bogus", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_export_outside_a_transaction_streams_from_one_snapshot(seeds):
    """As in production (autocommit): on PostgreSQL the export opens its own read-only
    transaction for the cursor and closes it at the end, even when abandoned half-way."""
    from django.db import connection

    from kzclaims.exports.csv import csv_lines
    from kzclaims.models import Claim

    for start in range(0, 30, 3):
        Claim.objects.create(
            article=seeds[0], kind="direct", content=f"claim {start}", start=start, end=start + 2
        )
    _, claims = claims_from_query({"sort": "article"})
    lines = "".join(csv_lines(claims)).splitlines()
    assert len(lines) == 11
    assert next(csv.DictReader(io.StringIO("\n".join(lines))))["content"] == "claim 0"
    assert not connection.in_atomic_block and connection.get_autocommit()

    chunks = csv_lines(claims)
    next(chunks)
    next(chunks)
    chunks.close()  # the client went away
    assert not connection.in_atomic_block and connection.get_autocommit()
    assert Claim.objects.count() == 10


def test_a_new_field_is_one_line_and_renders_in_both_formats():
    """What the extraction v2 fields will look like (a bool, a nullable int, a list of spans):
    each a Field, rendered by the general rules without code of its own."""
    from types import SimpleNamespace

    from kzclaims.exports.csv import cell_function
    from kzclaims.exports.fields import Field, columns, row_function

    fields = (
        Field("claim_id", "id"),
        Field("nested"),
        Field("parent", "parent_id"),
        Field("part_spans"),
        Field("kind", labels=SimpleNamespace(choices=[("direct", "Direct quotation")])),
        Field("content"),
    )
    assert columns(fields) == ("id", "nested", "parent_id", "part_spans", "kind", "content")
    export = SimpleNamespace()
    values = row_function(export, fields)
    cells = cell_function(export, fields)
    row = (7, True, None, [[0, 5], [9, 12]], "direct", "=1+1")
    assert values(row, ()) == [7, True, None, [[0, 5], [9, 12]], "direct", "=1+1"]
    assert cells(row, ()) == ["7", "true", "", "[0, 5]; [9, 12]", "Direct quotation", "'=1+1"]
    assert cells((8, False, 7, None, "other", "x"), ()) == ["8", "false", "7", "", "other", "x"]
