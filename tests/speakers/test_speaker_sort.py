"""The queue's speaker sort reads the speaker's name kept on each claim (Claim.speaker_sort,
indexed): every way a claim's speaker or a speaker's name changes keeps that order right, and
`check_integrity` reports a key that disagrees with the speaker."""

import pytest

from kzclaims.claim_filters import claims_from_query
from kzclaims.demo_data import generate
from kzclaims.extraction.store import extract_article
from kzclaims.integrity import speaker_sort_findings
from kzclaims.models import Article, Claim, Outlet, Speaker, SpeakerAlias
from kzclaims.speakers import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("integrity")]

BODY = (
    "Bolat said the roads were open. Aigerim said the shops were shut. "
    "Zhanna said the trains ran late. Someone said the airport was closed."
)


@pytest.fixture
def claims():
    outlet = Outlet.objects.create(name="Wire")
    article = Article.objects.create(outlet=outlet, title="Roads", body=BODY)
    speakers = {}
    for name in ("Bolat", "Aigerim", "Zhanna"):
        speakers[name] = Speaker.objects.create(name=name)
        SpeakerAlias.objects.create(speaker=speakers[name], alias=name)
    made = {}
    for mention, content in (
        ("Bolat", "the roads were open"),
        ("Aigerim", "the shops were shut"),
        ("Zhanna", "the trains ran late"),
        ("Someone", "the airport was closed"),
    ):
        start = BODY.index(content)
        made[mention] = Claim.objects.create(
            article=article,
            speaker=speakers.get(mention),
            speaker_mention=mention,
            kind="indirect",
            content=content,
            start=start,
            end=start + len(content),
        )
    return speakers, made


def by_speaker(**query):
    form, claims = claims_from_query({"sort": "speaker", **query})
    assert not form.errors, form.errors
    return [claim.speaker.name if claim.speaker else None for claim in claims]


def reversed_by_speaker():
    """The list read from its end, as the queue reads pages past the middle."""
    _, claims = claims_from_query({"sort": "speaker"})
    return [claim.speaker_sort for claim in claims.reverse()]


def test_sorts_by_name_with_claims_without_a_speaker_last(claims):
    assert by_speaker() == ["Aigerim", "Bolat", "Zhanna", None]
    assert reversed_by_speaker() == [None, "Zhanna", "Bolat", "Aigerim"]


def test_a_rename_moves_the_speaker_s_claims_in_the_order(claims):
    speakers, _ = claims
    speakers["Aigerim"].name = "Zarina"
    speakers["Aigerim"].save()
    assert by_speaker() == ["Bolat", "Zarina", "Zhanna", None]
    speakers["Zhanna"].name = "Asel"
    speakers["Zhanna"].save(update_fields=["name"])
    assert by_speaker() == ["Asel", "Bolat", "Zarina", None]


def test_merge_and_split_keep_the_order(claims, editor):
    speakers, _ = claims
    services.merge_speakers(
        target_id=speakers["Zhanna"].pk, source_ids=[speakers["Aigerim"].pk], user=editor
    )
    assert by_speaker() == ["Bolat", "Zhanna", "Zhanna", None]
    alias = SpeakerAlias.objects.get(alias="Aigerim")
    services.split_speaker(
        speaker_id=speakers["Zhanna"].pk, alias_ids=[alias.pk], name="Aigerim", user=editor
    )
    assert by_speaker() == ["Aigerim", "Bolat", "Zhanna", None]


def test_a_claim_given_another_speaker_or_none_is_re_keyed(claims):
    speakers, made = claims
    claim = made["Someone"]
    claim.speaker = speakers["Bolat"]
    claim.save(update_fields=["speaker"])
    assert by_speaker() == ["Aigerim", "Bolat", "Bolat", "Zhanna"]
    claim = made["Aigerim"]
    claim.speaker = None
    claim.save()
    assert by_speaker() == ["Bolat", "Bolat", "Zhanna", None]


def test_deleting_a_speaker_leaves_its_claims_without_a_key(claims):
    speakers, made = claims
    speakers["Aigerim"].delete()
    assert Claim.objects.get(pk=made["Aigerim"].pk).speaker_sort is None
    assert by_speaker() == ["Bolat", "Zhanna", None, None]


def test_re_extraction_keys_claims_by_their_speaker_s_current_name():
    outlet = Outlet.objects.create(name="Agency")
    article = Article.objects.create(
        outlet=outlet,
        title="Hospitals",
        body="The Health Ministry said that 40 people were treated in hospital.\n",
    )
    extract_article(article)
    claim = Claim.objects.get(article=article)
    assert claim.speaker_sort == claim.speaker.name
    claim.speaker.name = "Ministry of Health"
    claim.speaker.save()
    extract_article(article)
    again = Claim.objects.get(article=article)
    assert (again.pk, again.speaker_sort) == (claim.pk, "Ministry of Health")


def test_generated_claims_carry_their_speaker_s_name():
    generate(articles=20, seed=3)
    assert Claim.objects.filter(speaker__isnull=False).count() > 20
    assert list(speaker_sort_findings()) == []
    # The same order as sorting on the joined name, in the database's own collation.
    _, claims = claims_from_query({"sort": "speaker"})
    joined = claims.order_by("speaker__name", "article_id", "start")
    assert list(claims.values_list("speaker__name", "article_id", "start")) == list(
        joined.values_list("speaker__name", "article_id", "start")
    )


def test_integrity_reports_a_key_that_disagrees_with_the_speaker(claims):
    _, made = claims
    Claim.objects.filter(pk=made["Bolat"].pk).update(speaker_sort="Yerlan")
    Claim.objects.filter(pk=made["Someone"].pk).update(speaker_sort="Nobody")
    found = sorted(str(f) for f in speaker_sort_findings())
    assert found == sorted(
        [
            f"claim {made['Bolat'].pk}: speaker sort key is 'Yerlan' but its speaker is 'Bolat'",
            f"claim {made['Someone'].pk}: speaker sort key is 'Nobody' but its speaker is None",
        ]
    )
    # Put right again, or the integrity fixture would report them at the end.
    Claim.objects.filter(pk=made["Bolat"].pk).update(speaker_sort="Bolat")
    Claim.objects.filter(pk=made["Someone"].pk).update(speaker_sort=None)


def test_the_queue_page_and_the_csv_export_follow_the_speaker_sort(client, viewer, claims):
    import csv
    import io

    from django.urls import reverse

    speakers, _ = claims
    speakers["Bolat"].name = "Yerlan"
    speakers["Bolat"].save()
    client.force_login(viewer)
    html = client.get(reverse("review:queue") + "?sort=speaker").content.decode()
    spots = [html.index(f">{name}<") for name in ("Aigerim", "Yerlan", "Zhanna")]
    assert spots == sorted(spots)
    response = client.get(reverse("exports:csv") + "?sort=speaker")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [row["speaker"] for row in csv.DictReader(io.StringIO(text))] == [
        "Aigerim",
        "Yerlan",
        "Zhanna",
        "",
    ]
