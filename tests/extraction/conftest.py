"""The real spaCy model, loaded once for the extraction tests."""

import pytest

from kzclaims.extraction.pipeline import analyse, get_nlp


@pytest.fixture(scope="session")
def nlp():
    return get_nlp()


@pytest.fixture(scope="session")
def claims_of(nlp):
    def run(text):
        claims = analyse(nlp(text)).claims
        for c in claims:
            # The offsets contract holds for every claim the extractor returns.
            assert text[c.start : c.end] == c.content
            if c.speaker_start is not None:
                assert text[c.speaker_start : c.speaker_end] == c.speaker_mention
            if c.cue_start is not None:
                assert text[c.cue_start : c.cue_end] == c.cue
        return claims

    return run
