"""The word-level diff between two outlets' wordings of one statement."""

from kzclaims.comparison.wording import Segment, overlap, word_diff


def test_shared_words_and_what_each_side_alone_has():
    a = "Order has been fully restored in Kazakhstan, the president said."
    b = "Order has been restored in Kazakhstan."
    left, right = word_diff(a, b)
    assert "".join(s.text for s in left) == a  # each side keeps its own text
    assert "".join(s.text for s in right) == b
    assert [s for s in left if not s.shared] == [
        Segment("fully ", False),
        Segment("the president said.", False),
    ]
    assert all(s.shared for s in right)


def test_case_and_edge_punctuation_do_not_count_as_differences():
    left, right = word_diff("\u201cThe situation is stable,\u201d", "the situation is stable.")
    assert all(s.shared for s in left + right)


def test_overlap_is_a_share_of_words():
    assert overlap("a b c d", "a b c d") == 1.0
    assert overlap("a b c d", "e f g h") == 0.0
    assert overlap("a b c d", "a b") == 2 * 2 / 6
    assert overlap("", "a") == 0.0
