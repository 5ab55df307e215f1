"""Figures read as measurements, from general constructions: ranges from approximators, number
words, what is counted, and the time a figure refers to."""

from datetime import date

import pytest

from kzclaims.extraction.figures import figures, numeric_value, read_number, reference_date


@pytest.fixture(scope="module")
def figures_in(nlp):
    def run(text):
        found = figures(nlp(text)[:])
        for f in found:
            assert f["value"] in text
            assert f["low"] is None or f["high"] is None or f["low"] <= f["high"]
        return {f["value"]: f for f in found}

    return run


@pytest.mark.parametrize(
    ("phrase", "low", "high", "approx"),
    [
        ("2,030", 2030, 2030, None),
        ("more than 2,000", 2000, None, "more than"),
        ("at least 2,000", 2000, None, "at least"),
        ("up to 2,000", None, 2000, "up to"),
        ("no more than 2,000", None, 2000, "no more than"),
        ("about 2,000", 1800, 2200, "about"),
        ("some 2,000", 1800, 2200, "some"),
        ("nearly 2,000", 1800, 2000, "nearly"),
        ("as many as 2,000", 2000, 2000, "as many as"),
        ("two thousand", 2000, 2000, None),
        ("1.5 thousand", 1500, 1500, None),
    ],
)
def test_approximators_bound_the_range(figures_in, phrase, low, high, approx):
    found = figures_in(f"Officials said {phrase} troops had been deployed to the region.")
    figure = found[next(v for v in found if v.lower().endswith(phrase.split()[-1]))]
    assert (figure["low"], figure["high"], figure["approx"]) == (low, high, approx)
    assert figure["measure"] == "troops deployed"


def test_number_words_are_read_in_full():
    assert read_number(["two", "thousand"]) == 2000
    assert read_number(["twenty", "five"]) == 25
    assert read_number(["three", "hundred", "and", "twelve"]) == 312
    assert read_number(["1.5", "million"]) == 1_500_000
    assert read_number(["a", "dozen"]) == 12
    assert round(read_number(["two", "thirds"]), 4) == 0.6667
    assert numeric_value("a total of 40") == 40
    assert numeric_value("two thousand") == 2000


def test_plural_quantities_are_open_ranges(figures_in):
    found = figures_in("Witnesses said hundreds of protesters gathered on the square.")
    assert found["hundreds"]["low"] == 200 and found["hundreds"]["high"] is None
    assert found["hundreds"]["measure"] == "protesters"


@pytest.mark.parametrize(
    ("sentence", "value", "measure"),
    [
        ("The ministry said 5,969 people had been detained.", "5,969", "detained"),
        ("Police said 120 detainees were released on bail.", "120", "detained"),
        ("Some 5,800 people have been taken to police, it said.", "Some 5,800", "detained"),
        ("The number of people detained has climbed to 5,969.", "5,969", "detained"),
        ("The death toll rose to 225, officials said.", "225", "killed"),
        ("Doctors said 164 people were killed in the clashes.", "164", "killed"),
        ("More than 2,000 were injured, the ministry said.", "More than 2,000", "injured"),
        ("In all, 2,265 people have sought medical assistance.", "2,265", "sought medical help"),
        ("Prosecutors said 125 criminal cases have been opened.", "125", "criminal cases"),
        ("The spokesman said 250 pieces of hardware arrived.", "250", None),
    ],
)
def test_measure_is_read_from_the_counted_noun_its_participle_or_its_verb(
    figures_in, sentence, value, measure
):
    assert figures_in(sentence)[value]["measure"] == measure


def test_who_is_counted_narrows_the_measure(figures_in):
    found = figures_in("Officials said 16 police officers and 148 people were killed.")
    assert found["16"]["measure"] == found["148"]["measure"] == "killed"
    assert found["16"]["counted"] == "officer"
    assert found["148"]["counted"] is None  # "people" says nothing about who


def test_a_count_without_its_noun_counts_the_group_named_before_it(figures_in):
    found = figures_in("In the riots 13 police officers were killed and 353 were injured.")
    assert (found["353"]["measure"], found["353"]["counted"]) == ("injured", "officer")


def test_a_named_owner_makes_a_count_a_contingent(figures_in):
    found = figures_in(
        "Officials said Armenia sent 100 peacekeepers and Russia's 2,000 troops left."
    )
    assert (found["100"]["measure"], found["100"]["counted"]) == ("troops deployed", "armenia")
    assert found["2,000"]["counted"] == "russia"
    whole = figures_in("Officials said a CSTO mission had 2,030 troops.")["2,030"]
    assert whole["counted"] is None


def test_reference_time_as_written(figures_in):
    found = figures_in(
        "As of January 10, two thousand troops had arrived and 164 people were killed "
        "over the past day."
    )
    assert found["two thousand"]["as_of"] == "January 10"
    assert found["two thousand"]["low"] == 2000  # not swallowed by the date
    assert found["164"]["as_of"] == "the past day"
    assert figures_in("In total 300 people were detained.")["300"]["as_of"] is None
    # "since" opens a period; it does not date the figure.
    since = figures_in("Since January 2, 300 people were detained.")
    assert since["300"]["as_of"] is None


def test_reference_date_is_read_against_the_article_date():
    published = date(2022, 1, 10)  # a Monday
    assert reference_date(None, published) == published
    assert reference_date("January 7", published) == date(2022, 1, 7)
    assert reference_date("7 January", published) == date(2022, 1, 7)
    assert reference_date("December 30", published) == date(2021, 12, 30)
    assert reference_date("Friday", published) == date(2022, 1, 7)
    assert reference_date("Monday", published) == published
    assert reference_date("yesterday", published) == date(2022, 1, 9)
    assert reference_date("the past day", published) == published
    assert reference_date("January 7", None) is None


def test_names_ordinals_and_years_are_not_counts(figures_in):
    found = figures_in(
        "Under Article 175, the 98th brigade said in 2022 that 40 soldiers arrived on Sunday."
    )
    assert set(found) == {"40"}
    assert found["40"]["as_of"] == "Sunday"


def test_superscript_and_other_non_decimal_digits_are_no_crash(figures_in):
    # "¹" and "²" are digits to str.isdigit() but not numbers to int().
    found = figures_in("The ministry said 2019\u00b9 people and \u00b2 officers were detained.")
    assert all(f["value"] for f in found.values())
