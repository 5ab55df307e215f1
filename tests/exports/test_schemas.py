"""The JSON Lines contracts are JSON Schema files in the project; the exports and the
`extract_claims` command are checked against them with the jsonschema library."""

import io
import json

import jsonschema
import pytest
from django.core.management import call_command
from django.urls import reverse

from kzclaims.exports.fields import NAMES
from kzclaims.exports.schemas import schema


def validator(name):
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    jsonschema.Draft202012Validator.check_schema(schema(name))
    return jsonschema.Draft202012Validator(schema(name), format_checker=checker)


def errors(name, record):
    return [error.message for error in validator(name).iter_errors(record)]


def test_the_claims_schema_lists_exactly_the_export_fields_in_order():
    claims = schema("claims")
    assert list(claims["properties"]) == list(NAMES)
    assert claims["required"] == list(NAMES)


@pytest.mark.django_db
def test_claims_jsonl_export_validates(client, viewer, full_claims, site):
    client.force_login(viewer)
    response = client.get(reverse("exports:jsonl"))
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == len(full_claims)
    for line in lines:
        record = json.loads(line)
        assert errors("claims", record) == [], record

    record = json.loads(lines[0])
    # The schema refuses what the contract rules out, so a passing check means something.
    assert errors("claims", {k: v for k, v in record.items() if k != "claim_url"})
    assert errors("claims", {**record, "status": "Verified"})
    assert errors("claims", {**record, "published": "2022-01-10T09:01:00"})  # no offset
    assert errors("claims", {**record, "labels": "militants"})
    assert errors("claims", {**record, "surprise": 1})


def _extract(tmp_path, text):
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("extract_claims", str(path), "--format", "jsonl", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_extract_claims_output_validates(tmp_path):
    text = (
        "ALMATY, Jan 6 - Water supply restored in the east\n\n"
        '"About 3,000 homes have water again," Mayor Ivan Petrov said on Telegram.\n\n'
        "According to the utility, the so-called \u201crebels\u201d reportedly left the city.\n"
    )
    records = _extract(tmp_path, text)
    assert len(records) >= 2
    for record in records:
        assert errors("extract_claims", record) == [], record
    record = records[0]
    assert errors("extract_claims", {**record, "kind": "quote"})
    assert errors("extract_claims", {k: v for k, v in record.items() if k != "start"})


def test_extract_claims_schema_requires_mode_nesting_parts_and_figure_ranges():
    base = {
        "file": "a.txt", "kind": "indirect", "content": "x", "start": 0, "end": 1,
        "speaker": None, "speaker_mention": None, "speaker_start": None, "speaker_end": None,
        "speaker_type": None, "cue": None, "cue_start": None, "cue_end": None,
        "cue_stance": None, "channel": None, "via": None, "hedges": [], "labels": [],
        "figures": [], "confidence": 0.5,
    }  # fmt: skip
    assert errors("extract_claims", base)  # mode, nested, part_spans and parent are required
    v2 = {**base, "mode": "thought", "nested": True, "part_spans": [[0, 1], [4, 9]], "parent": 0}
    assert errors("extract_claims", v2) == []
    assert errors("extract_claims", {**v2, "part_spans": None, "parent": None}) == []
    assert errors("extract_claims", {**v2, "mode": "writing"})
    assert errors("extract_claims", {**v2, "part_spans": [[0, 1, 2]]})
    assert errors("extract_claims", {**v2, "nested": "yes"})
    figure = {
        "value": "more than 2,000", "subject": "troops", "low": 2000, "high": None,
        "approx": "more than", "measure": "troops deployed", "counted": None, "as_of": None,
    }  # fmt: skip
    assert errors("extract_claims", {**v2, "figures": [figure]}) == []
    assert errors("extract_claims", {**v2, "figures": [{"value": "5", "subject": "x"}]})
    assert errors("extract_claims", {**v2, "figures": [{**figure, "low": "2000"}]})
