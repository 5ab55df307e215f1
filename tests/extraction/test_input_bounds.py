"""Hostile or unusual input to the extractor: CRLF files and a byte-order mark keep offsets into
the text as given, a paragraph far longer than any article's is refused with a clear message in
bounded time and memory, and no text makes it crash or give an offset outside the text."""

import json
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzclaims.extraction import textprep
from kzclaims.extraction.pipeline import analyse_many, extract

TEXT = (
    "Water supply restored in the east - Petrov\n\n"
    '"About 3,000 homes have water again," Mayor Ivan Petrov said on Telegram. '
    '"The rest will follow," he added.\n\n'
    "According to the utility, the last district will be connected by Friday.\n"
)


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("extract_claims", *args, stdout=out, stderr=err)
        code = 0
    except CommandError:
        code = 1
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_crlf_and_bom_file_offsets_index_the_text_as_given(tmp_path):
    lf = tmp_path / "lf.txt"
    lf.write_text(TEXT, encoding="utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"))
    code, rows, _ = run(str(lf), str(crlf))
    assert code == 0
    plain = [r for r in rows if r["file"] == str(lf)]
    windows = [r for r in rows if r["file"] == str(crlf)]
    original = crlf.read_bytes().decode("utf-8")  # the BOM is character 0
    assert [r["content"] for r in windows] == [r["content"] for r in plain]
    for row in windows:
        assert "\ufeff" not in row["content"] and "\ufeff" not in (row["speaker_mention"] or "")
        spans = row["part_spans"] or [[row["start"], row["end"]]]
        assert " ".join(original[a:b] for a, b in spans) == row["content"]
        if row["speaker_start"] is not None:
            assert original[row["speaker_start"] : row["speaker_end"]] == row["speaker_mention"]
        if row["cue_start"] is not None:
            assert original[row["cue_start"] : row["cue_end"]] == row["cue"]
    # Each CRLF before a claim shifts it by one more character than in the LF file.
    first_quote = next(r for r in windows if r["kind"] == "direct")
    lf_quote = next(r for r in plain if r["kind"] == "direct")
    assert first_quote["start"] == lf_quote["start"] + 1 + 2  # the BOM and two "\r"


def test_a_huge_paragraph_is_refused_quickly_with_a_clear_message(tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_text("The minister said the roads were open. " * 25_000, encoding="utf-8")  # ~1 MB
    ok = tmp_path / "ok.txt"
    ok.write_text(TEXT, encoding="utf-8")
    t0 = time.perf_counter()
    code, rows, err = run(str(huge), str(ok))
    assert time.perf_counter() - t0 < 30
    assert code == 1
    assert f"error: {huge}: paragraph at character 0 is" in err
    assert "up to 20,000 characters" in err
    assert rows and {r["file"] for r in rows} == {str(ok)}


def test_a_long_text_of_ordinary_paragraphs_is_read_in_sections(nlp):
    paras = [f"Officials said bridge {n} would reopen on Monday.\n\n" for n in range(1200)]
    text = "".join(paras)
    assert len(textprep.sections(text)) == 2
    (analysis,) = analyse_many([text], nlp=nlp)
    assert analysis.error == ""
    # One claim per paragraph, in both sections, at offsets into the whole text.
    assert len(analysis.claims) == 1200
    for n, c in enumerate(analysis.claims):
        assert text[c.start : c.end] == c.content
        assert c.content.endswith(f"{n} would reopen on Monday")


def test_extract_refuses_a_huge_paragraph():
    with pytest.raises(textprep.TextRejected, match="paragraph at character 0"):
        extract("word " * 5000)


_PIECES = st.sampled_from(
    [
        "said", "told", " he ", "\u201c", "\u201d", '"', "\u00ab", "\u00bb", "\u2013 ", " - ",
        ":", ",", ".", "\n", "\n\n", "\r\n", "\ufeff", "according to", "the ministry",
        "Ivan Petrov", "READ MORE:", "that", "believes", " to ", "''", "\u2026",
    ]
)  # fmt: skip
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS)
def test_property_no_crash_and_every_offset_inside_the_text(nlp, text):
    (analysis,) = analyse_many([text], nlp=nlp)
    assert analysis.error == ""
    for i, c in enumerate(analysis.claims):
        assert 0 <= c.start < c.end <= len(text)
        spans = c.part_spans or [[c.start, c.end]]
        for a, b in spans:
            assert c.start <= a < b <= c.end
            assert text[a:b] in text[c.start : c.end]
        assert c.content == " ".join(text[a:b] for a, b in spans)
        # A file's byte-order mark is never part of a claim (one inside the text is text).
        assert not (text.startswith("\ufeff") and c.start == 0)
        for a, b in ((c.speaker_start, c.speaker_end), (c.cue_start, c.cue_end)):
            assert (a is None) == (b is None)
            assert a is None or 0 <= a < b <= len(text)
        assert c.parent is None or (0 <= c.parent < len(analysis.claims) and c.parent != i)
        assert c.mode in ("speech", "thought")
