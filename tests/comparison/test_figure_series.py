"""Disagreement and updates between reported figures, on constructed readings."""

from datetime import date

from kzclaims.comparison.figures import Reading, consistent, series

JAN7, JAN10 = date(2022, 1, 7), date(2022, 1, 10)


def reading(n, low, high, *, measure="detained", counted="", day=JAN10, outlet="TASS"):
    return Reading(
        figure_id=n, claim_id=n, outlet=outlet, speaker="", measure=measure,
        counted=counted, low=low, high=high, reference_date=day, text=f"{low}-{high}",
    )  # fmt: skip


def test_ranges_that_can_both_be_true_are_consistent():
    assert consistent(reading(1, 2000, None), reading(2, 2030, 2030))  # more than 2,000 / 2,030
    assert consistent(reading(1, 2000, None), reading(2, 2265, 2265))
    assert consistent(reading(1, None, 2500), reading(2, 2030, 2030))  # up to 2,500 / 2,030
    assert consistent(reading(1, 5220, 6380), reading(2, 5969, 5969))  # some 5,800 / 5,969
    assert consistent(reading(1, 2000, None), reading(2, None, 2500))
    assert not consistent(reading(1, 5969, 5969), reading(2, 7939, 7939))
    assert not consistent(reading(1, 3000, None), reading(2, 2030, 2030))
    assert not consistent(reading(1, None, 1000), reading(2, 2030, 2030))


def test_only_same_measure_and_counted_group_are_compared():
    found = series(
        [
            reading(1, 5800, 5800, measure="detained"),
            reading(2, 164, 164, measure="killed"),
            reading(3, 16, 16, measure="killed", counted="officer"),
            reading(4, 250, 250, measure=""),
        ]
    )
    assert sorted((s.measure, s.counted) for s in found) == [
        ("detained", ""), ("killed", ""), ("killed", "officer"),
    ]  # fmt: skip
    assert not any(s.disagreements for s in found)


def test_disagreement_on_one_date_update_across_dates():
    found = series(
        [
            reading(1, 5969, 5969, day=JAN10, outlet="Interfax"),
            reading(2, 7939, 7939, day=JAN10, outlet="AP"),
            reading(3, 3000, 3000, day=JAN7, outlet="TASS"),
        ]
    )
    (only,) = found
    assert [r.figure_id for r in only.readings] == [3, 2, 1]  # date order, then outlet
    assert only.is_update_series and only.dates == [JAN7, JAN10]
    assert [(a.figure_id, b.figure_id) for a, b in only.disagreements] == [(2, 1)]


def test_figures_of_one_claim_never_disagree_with_each_other():
    same_claim = [reading(1, 10, 10), reading(1, 20, 20)]
    assert series(same_claim)[0].disagreements == []
