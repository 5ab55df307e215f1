"""One institution under its many English names: demonym or country, "X Ministry of Y" or "Y's
X Ministry", word order, "the" and case name one speaker; another country or another ministry
is another speaker; an editor's split stays split."""

import pytest

from kzclaims.extraction.store import extract_article
from kzclaims.models import Article, Claim, Outlet
from kzclaims.speakers import services
from kzclaims.speakers.names import institution_key


@pytest.mark.parametrize(
    "names",
    [
        (
            "Russian Defense Ministry",
            "the Defense Ministry of Russia",
            "Russia's Ministry of Defense",
            "Ministry of Defence of the Russian Federation",
            "RUSSIAN DEFENSE MINISTRY",
        ),
        (
            "Kazakh Interior Ministry",
            "Kazakhstan's Ministry of Internal Affairs",
            "the Ministry of Internal Affairs of the Republic of Kazakhstan",
            "Kazakhstani Interior Ministry",
        ),
        ("Chinese Foreign Ministry", "Ministry of Foreign Affairs of China"),
        ("US State Department", "the Department of State of the United States"),
        ("Kazakh president's press service", "the press service of the President of Kazakhstan"),
    ],
)
def test_spellings_of_one_institution_share_one_key(names):
    keys = {institution_key(name) for name in names}
    assert len(keys) == 1 and None not in keys, keys


def test_another_country_or_another_ministry_is_another_institution():
    keys = [
        institution_key(name)
        for name in (
            "Russian Defense Ministry",
            "Kazakh Defense Ministry",
            "Russian Interior Ministry",
            "Defense Ministry",  # no country: only the stored spellings can tell whose
        )
    ]
    assert len(set(keys)) == len(keys)


def test_a_person_or_a_group_without_an_institution_has_no_key():
    for name in ("Kassym-Jomart Tokayev", "local authorities", "Russian President"):
        assert institution_key(name) is None


BODIES = (
    "On Friday, the Russian Defense Ministry said that CSTO troops will not take part in "
    "police operations.\n",
    "According to the Defense Ministry of Russia, the peacekeeping forces already protect "
    "critical objects.\n",
    "The Kazakh Defense Ministry said that the army guards the airports.\n",
    "Russia's Defense Ministry said that the peacekeepers guard the airports.\n",
)


@pytest.fixture
def articles(db):
    outlets = [Outlet.objects.create(name=n) for n in ("Interfax", "TASS", "Khabar", "RIA")]
    made = [
        Article.objects.create(outlet=outlet, title=f"T{n}", body=body)
        for n, (outlet, body) in enumerate(zip(outlets, BODIES, strict=True))
    ]
    for article in made:
        extract_article(article)
    return made


def speaker_of(article):
    return Claim.objects.get(article=article).speaker


def test_the_extraction_finds_the_institution_under_another_name(articles):
    interfax, tass, khabar, ria = (speaker_of(a) for a in articles)
    assert interfax.name == "Russian Defense Ministry"
    assert tass == interfax and ria == interfax
    assert khabar != interfax
    # The spelling TASS used is recorded with the speaker, as any linked spelling is.
    assert interfax.events.filter(action="linked", other_name="Defense Ministry of Russia")


def test_an_editors_split_of_another_spelling_survives_reextraction(articles, editor):
    """The split spelling finds its own speaker first, though its variants ("defense ministry
    of russia", the shared key) are spellings of the speaker it was split from."""
    ministry = speaker_of(articles[0])
    spelled = [a.pk for a in ministry.aliases.all() if a.normalized.startswith("russia s ")]
    other = services.split_speaker(
        speaker_id=ministry.pk, alias_ids=spelled, name="Russia's Defense Ministry", user=editor
    )
    for article in articles:
        extract_article(article)
    assert speaker_of(articles[3]) == other
    assert speaker_of(articles[0]) == ministry and speaker_of(articles[1]) == ministry
