"""Property test over the extractor (Hypothesis, bounded, the real spaCy model): on text made of
quotes, reporting verbs, names, line endings and stray characters, it never crashes and every
offset it returns points at the text it names."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzclaims.extraction.pipeline import analyse, get_nlp

PIECES = [
    '"', "“", "”", "«", "»", "'", " said ", " told reporters ", " claimed ", " according to ",
    "Tokayev", "Kassym-Jomart Tokayev", "the Interior Ministry", "he", "Protesters", ",", ".",
    "\n", "\n\n", "\r\n", "\ufeff", "\u202e", "5,969", "a third", " ", "order was restored",
    "Ministry of Internal Affairs", "—", "(", ")", "Алматы", "²",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=6), max_size=40).map("".join)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=texts)
def test_every_offset_the_extractor_returns_is_valid(text):
    for claim in analyse(get_nlp()(text)).claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.content
        if claim.speaker_start is not None:
            assert text[claim.speaker_start : claim.speaker_end] == claim.speaker_mention
        if claim.cue_start is not None:
            assert text[claim.cue_start : claim.cue_end] == claim.cue
