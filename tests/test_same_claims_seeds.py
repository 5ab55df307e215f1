"""The same-statement groups of the five seed articles, extracted as `make run` extracts them,
against the statements read by hand in same_statement_seeds.json: every group holds one
statement (precision 1.0), both as the extraction stores them article by article and when the
five are regrouped at once (`manage.py group_same_claims`). Recall is low and stated, not
asserted (bench/README.md): most reports the grouping misses are attributed to two speakers by
the extraction ("Khabar" and "a TV presenter") or worded apart beyond their lemmas
(Tokayev's order, "shoot on sight without warning" and "use deadly force without warnings")."""

import pytest

from kzclaims import same_claims
from kzclaims.extraction.store import extract_articles
from kzclaims.models import Article, Claim

from .same_statement_seeds import score


@pytest.fixture
def extracted(seeds):
    extract_articles(seeds)
    return seeds


def scored():
    return score(list(Claim.objects.select_related("article__outlet")))


def test_every_stored_group_is_one_statement(extracted):
    result = scored()
    assert not result.wrong, result.describe(result.wrong)
    assert result.found  # the summaries and their quotations group


def test_every_group_is_one_statement_when_the_articles_are_regrouped_at_once(extracted):
    same_claims.regroup_articles(Article.objects.values_list("pk", flat=True))
    result = scored()
    assert not result.wrong, result.describe(result.wrong)


def test_the_headline_groups_with_the_sentence_it_summarises_not_with_an_earlier_statement(
    extracted,
):
    def claim(start):
        return Claim.objects.get(content__startswith=start)

    headline = claim("Situation stabilizes across all regions of Kazakhstan")
    summarised = claim("The situation has stabilized across all the regions")
    told_putin = claim("that the situation in the country is stabilizing")
    assert headline.same_group_id and headline.same_group_id == summarised.same_group_id
    assert told_putin.same_group_id != headline.same_group_id


def test_one_ministry_under_two_names_in_two_outlets_is_one_speaker(extracted):
    interfax = Claim.objects.get(content__startswith="Units of the peacekeeping contingent")
    tass = Claim.objects.get(content__startswith="the CSTO peacekeeping forces already perform")
    assert interfax.article.outlet != tass.article.outlet
    assert tass.speaker == interfax.speaker
