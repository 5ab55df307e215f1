"""The `extract_claims` command-line contract: fields, offsets, nothing in the database, and a
clear error for a file that cannot be read."""

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

FIELDS = [
    "file", "kind", "content", "start", "end", "speaker", "speaker_mention", "speaker_start",
    "speaker_end", "speaker_type", "cue", "cue_start", "cue_end", "cue_stance", "channel", "via",
    "hedges", "labels", "figures", "confidence", "mode", "nested", "part_spans", "parent",
]  # fmt: skip
FIGURE_FIELDS = {"value", "subject", "low", "high", "approx", "measure", "counted", "as_of"}

TEXT_A = (
    "Water supply restored in the east - Petrov\n\n"
    '"About 3,000 homes have water again," Mayor Ivan Petrov said on Telegram.\n\n'
    "According to the utility, the last district will be connected by Friday.\n"
)
TEXT_B = "The \u201cgreen\u201d zone was widened, the city council said in a statement.\n"


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("extract_claims", *args, stdout=out, stderr=err)
        code = 0
    except CommandError:
        code = 1
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(TEXT_A, encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text(TEXT_B, encoding="utf-8")
    return a, b


def test_every_field_and_valid_offsets(files):
    a, b = files
    code, out, _err = run(str(a), str(b), "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["file"] for r in rows} == {str(a), str(b)}
    texts = {str(a): TEXT_A, str(b): TEXT_B}
    for row in rows:
        assert list(row) == FIELDS
        text = texts[row["file"]]
        assert text[row["start"] : row["end"]] == row["content"]
        assert row["kind"] in ("direct", "fragment", "indirect")
        if row["speaker_start"] is not None:
            assert text[row["speaker_start"] : row["speaker_end"]] == row["speaker_mention"]
        if row["cue_start"] is not None:
            assert text[row["cue_start"] : row["cue_end"]] == row["cue"]
        assert isinstance(row["hedges"], list) and isinstance(row["labels"], list)
        assert all(set(f) == FIGURE_FIELDS for f in row["figures"])
        assert 0 <= row["confidence"] <= 1
    direct = next(r for r in rows if r["kind"] == "direct")
    assert direct["speaker"] == "Ivan Petrov"
    assert direct["speaker_type"] == "official"
    assert direct["channel"] == "Telegram"
    assert direct["figures"] == [
        {
            "value": "About 3,000",
            "subject": "homes",
            "low": 2700,
            "high": 3300,
            "approx": "About",
            "measure": None,
            "counted": None,
            "as_of": None,
        }
    ]
    assert any(r["cue"] == "According to" for r in rows)
    headline = next(r for r in rows if r["start"] == 0)
    assert headline["speaker"] == "Ivan Petrov"  # the surname completed from the text
    b_rows = [r for r in rows if r["file"] == str(b)]
    assert [r["content"] for r in b_rows] == ["The \u201cgreen\u201d zone was widened"]
    assert b_rows[0]["channel"] == "statement"


def test_bad_files_are_named_and_others_still_processed(files, tmp_path):
    a, _ = files
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Der B\xfcrgermeister sagte, alles sei gut.".encode("latin-1"))
    missing = tmp_path / "missing.txt"
    code, out, err = run(str(latin), str(a), str(missing))
    assert code == 1
    assert str(latin) in err and "UTF-8" in err
    assert str(missing) in err
    assert any(json.loads(line)["file"] == str(a) for line in out.splitlines())


@pytest.mark.django_db
def test_writes_nothing_to_the_database(files):
    from kzclaims.models import Claim, Speaker

    run(str(files[0]))
    assert Claim.objects.count() == 0 and Speaker.objects.count() == 0


def test_real_process_exit_code_and_clean_stdout(files, tmp_path):
    """Through manage.py as other tools call it: stdout is pure JSON Lines, no progress on a
    stderr that is not a terminal, and a non-zero exit for a bad file."""
    a, _ = files
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "manage.py", "extract_claims", str(a), str(bad), "--format", "jsonl"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode != 0
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert rows and all(r["file"] == str(a) for r in rows)
    assert str(bad) in proc.stderr
    assert "[1/" not in proc.stderr
