"""The agreement statistics against published worked examples and their published figures, and
what is shown when a figure is undefined."""

import math

import pytest

from kzclaims.agreement.statistics import (
    DASH,
    cohens_kappa,
    krippendorff_alpha,
    percent_agreement,
)

# Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by readers A and B;
# both Yes 20, A Yes B No 5, A No B Yes 10, both No 15 -> p_o = 0.7, p_e = 0.5, kappa = 0.4.
PROPOSALS = [[20, 5], [10, 15]]

# K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: nominal data,
# four observers A-D, twelve units, values 1-5, missing values as None; published alpha = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],  # observer A
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],  # observer B
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],  # observer C
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],  # observer D
]


def value_counts(observers, values):
    """Units x values: how many observers gave each unit each value (the paper's n_uc)."""
    units = len(observers[0])
    return [[sum(1 for o in observers if o[u] == v) for v in values] for u in range(units)]


def test_cohens_kappa_of_the_fifty_proposals_is_0_40():
    kappa = cohens_kappa(PROPOSALS)
    assert kappa.value == pytest.approx(0.40)
    assert kappa.n == 50
    assert kappa.shown == "0.400"


def test_percent_agreement_of_the_fifty_proposals_is_70_percent():
    agreement = percent_agreement(PROPOSALS)
    assert agreement.value == pytest.approx(0.70)
    assert agreement.shown == "70.0%"
    assert agreement.n == 50


def test_kappa_is_the_same_with_the_raters_swapped_and_an_unused_category_added():
    swapped = [[20, 10, 0], [5, 15, 0], [0, 0, 0]]
    assert cohens_kappa(swapped).value == pytest.approx(0.40)


def test_krippendorff_2011_nominal_example_with_missing_data_is_0_743():
    alpha = krippendorff_alpha(value_counts(KRIPPENDORFF_2011, values=[1, 2, 3, 4, 5]))
    assert round(alpha.value, 3) == 0.743
    # Unit 12 has a single value: not pairable, so 11 of the 12 units count.
    assert alpha.n == 11
    assert alpha.shown == "0.743"


def test_alpha_of_two_editors_from_the_coincidence_matrix_by_hand():
    # The proposals as 50 units of two coders: o_12 = o_21 = 15, n_1 = 55, n_2 = 45, n = 100:
    # alpha = 1 - (n - 1) * (o_12 + o_21) / (2 * n_1 * n_2) = 1 - 99 * 30 / 4950 = 0.4.
    units = [[2, 0]] * 20 + [[1, 1]] * 15 + [[0, 2]] * 15
    alpha = krippendorff_alpha(units)
    assert alpha.value == pytest.approx(1 - 99 * 30 / 4950)
    assert alpha.n == 50


def test_perfect_agreement_is_one_for_all_three():
    table = [[4, 0, 0], [0, 3, 0], [0, 0, 2]]
    assert percent_agreement(table).value == 1
    assert cohens_kappa(table).value == 1
    assert krippendorff_alpha([[2, 0, 0]] * 4 + [[0, 2, 0]] * 3 + [[0, 0, 2]] * 2).value == 1


def test_total_disagreement_beyond_chance_is_negative():
    kappa = cohens_kappa([[0, 5], [5, 0]])
    assert kappa.value == pytest.approx(-1.0)
    assert kappa.shown == "-1.000"


def test_kappa_undefined_when_both_editors_use_one_status_shows_a_dash_with_the_reason():
    table = [[7, 0, 0], [0, 0, 0], [0, 0, 0]]
    kappa = cohens_kappa(table, ["Verified", "Disputed", "Official-only"])
    assert kappa.value is None
    assert kappa.shown == DASH
    assert kappa.n == 7
    assert "both editors tagged every claim Verified" in kappa.reason
    assert "0/0" in kappa.reason
    # Percent agreement is defined there: they agreed on every claim.
    assert percent_agreement(table).value == 1


def test_alpha_undefined_without_variation_or_without_pairable_claims():
    same = krippendorff_alpha([[2, 0, 0], [3, 0, 0]])
    assert same.value is None
    assert same.shown == DASH
    assert "no variation" in same.reason
    lonely = krippendorff_alpha([[1, 0, 0], [0, 1, 0]])
    assert lonely.value is None
    assert lonely.n == 0
    assert "no claim has two tags" in lonely.reason
    assert krippendorff_alpha([]).value is None


def test_no_claims_at_all_is_undefined_not_a_division_by_zero():
    empty = [[0, 0], [0, 0]]
    for figure in (percent_agreement(empty), cohens_kappa(empty)):
        assert figure.value is None
        assert figure.n == 0
        assert figure.shown == DASH
        assert figure.reason


def test_alpha_figure_is_a_plain_float():
    value = krippendorff_alpha([[2, 0], [1, 1], [0, 2]]).value
    assert isinstance(value, float)
    assert math.isfinite(value)


def test_a_confusion_table_must_be_square():
    with pytest.raises(ValueError, match="as many columns as rows"):
        cohens_kappa([[1, 2, 3], [4, 5, 6]])
