"""The real spaCy model, loaded once for the extraction tests."""

import pytest

from kzclaims.extraction.pipeline import analyse, get_nlp


def assert_offsets(text, c):
    """`text[start:end]` is the content, or holds every part of a split claim in order, the
    content being the parts joined by a space; a parent points at another claim."""
    if c.part_spans:
        assert all(c.start <= a < b <= c.end for a, b in c.part_spans), c
        assert c.content == " ".join(text[a:b] for a, b in c.part_spans)
        assert [a for a, _ in c.part_spans] == sorted(a for a, _ in c.part_spans)
    else:
        assert text[c.start : c.end] == c.content
    assert c.mode in ("speech", "thought")
    assert not c.nested or c.parent is not None


@pytest.fixture(scope="session")
def nlp():
    return get_nlp()


@pytest.fixture(scope="session")
def claims_of(nlp):
    def run(text):
        claims = analyse(nlp(text)).claims
        for c in claims:
            # The offsets contract holds for every claim the extractor returns.
            assert_offsets(text, c)
            if c.speaker_start is not None:
                assert text[c.speaker_start : c.speaker_end] == c.speaker_mention
            if c.cue_start is not None:
                assert text[c.cue_start : c.cue_end] == c.cue
        return claims

    return run
