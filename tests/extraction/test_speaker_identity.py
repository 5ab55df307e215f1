"""One Speaker per entity across articles: organisation word order, possessive press services,
an outlet's name with its kind and number, a title the first article gave a named holder; each
link through a variant recorded in the speaker's history."""

import pytest

from kzclaims.extraction.store import extract_article
from kzclaims.models import Article, Claim, Outlet, SpeakerEvent

pytestmark = pytest.mark.django_db


def speakers_of(*bodies):
    outlet = Outlet.objects.create(name="Wire")
    found = []
    for n, body in enumerate(bodies):
        article = Article.objects.create(outlet=outlet, title=f"T{n}", body=body)
        extract_article(article)
        found.append({c.speaker for c in Claim.objects.filter(article=article)})
    return found


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "The Health Ministry said that 40 people were treated in hospital.",
            "The Ministry of Health said that the hospitals had enough beds.",
        ),
        (
            "Tokayev's press service said that the meeting lasted two hours.",
            "The press service of Tokayev said that the talks would go on.",
        ),
        (
            "Khabar reported that the airport in Almaty was closed.",
            "The Khabar-24 TV channel reported that trains were running again.",
        ),
        (
            "CSTO Secretary General Stanislav Zas said that the troops had arrived.",
            "The CSTO Secretary General said that the troops would leave within ten days.",
        ),
    ],
)
def test_one_speaker_across_articles(first, second):
    (a,), (b,) = speakers_of(first, second)
    assert a is not None and a == b


def test_a_link_through_a_variant_is_recorded():
    (a,), _ = speakers_of(
        "The Health Ministry said that 40 people were treated in hospital.",
        "The Ministry of Health said that the hospitals had enough beds.",
    )
    event = SpeakerEvent.objects.get(speaker=a, action="linked")
    assert event.other_name == "Ministry of Health" and event.user is None


def test_different_entities_stay_apart():
    (a,), (b,) = speakers_of(
        "The Health Ministry said that 40 people were treated in hospital.",
        "The Defence Ministry said that the airport was under control.",
    )
    assert a != b


def test_a_title_without_its_body_or_country_names_no_one_across_articles():
    (a,), (b,) = speakers_of(
        "Foreign Minister Ivan Petrov said that the border stayed open.",
        "Foreign Minister Dana Bek said that the embassy was closed.",
    )
    assert (a.name, b.name) == ("Ivan Petrov", "Dana Bek")
