"""Merging and splitting speakers: claims and aliases move, both sides keep an append-only
history, permissions hold, and re-extraction keeps editors' statuses on claims re-linked to a
merged speaker."""

import pytest
from django.urls import reverse

from kzclaims.extraction.store import extract_article
from kzclaims.models import Article, Claim, Outlet, ReviewEvent, Speaker, SpeakerEvent
from kzclaims.speakers import services

pytestmark = pytest.mark.django_db

BODY_A = "The Health Ministry said that 40 people were treated in hospital.\n"
BODY_B = "Ministry of Public Health officials said that the hospitals had enough beds.\n"
BODY_C = '"We have enough oxygen," the Public Health Ministry said on Friday.\n'


@pytest.fixture
def articles():
    outlet = Outlet.objects.create(name="Wire")
    made = [
        Article.objects.create(outlet=outlet, title=f"T{n}", body=body)
        for n, body in enumerate((BODY_A, BODY_B, BODY_C))
    ]
    for article in made:
        extract_article(article)
    return made


def speaker_of(article):
    return Claim.objects.get(article=article).speaker


def test_merge_moves_claims_and_aliases_and_records_history(articles, editor):
    health = speaker_of(articles[0])
    public = speaker_of(articles[2])
    assert health != public
    services.merge_speakers(target_id=health.pk, source_ids=[public.pk], user=editor)
    assert speaker_of(articles[2]) == health
    public.refresh_from_db()
    assert public.merged_into == health
    assert set(public.aliases.all()) == set()
    merged = SpeakerEvent.objects.get(speaker=health)
    assert (merged.action, merged.other, merged.user) == ("merged", public, editor)
    assert merged.detail["claims"] == [Claim.objects.get(article=articles[2]).pk]
    assert SpeakerEvent.objects.get(speaker=public).action == "merged_into"
    with pytest.raises(ValueError, match="append-only"):
        merged.save()


def test_reextraction_after_merge_keeps_status_and_the_merged_speaker(articles, editor):
    health = speaker_of(articles[0])
    public = speaker_of(articles[2])
    services.merge_speakers(target_id=health.pk, source_ids=[public.pk], user=editor)
    claim = Claim.objects.get(article=articles[2])
    ReviewEvent.objects.create(
        claim=claim, user=editor, from_status="unreviewed", to_status="disputed"
    )
    Claim.objects.filter(pk=claim.pk).update(status="disputed", note="check the stocks")
    extract_article(articles[2])
    again = Claim.objects.get(pk=claim.pk)
    assert (again.status, again.note, again.speaker) == ("disputed", "check the stocks", health)
    assert again.events.count() == 1
    assert not Speaker.objects.filter(name=public.name, merged_into__isnull=True).exists()


def test_split_moves_chosen_spellings_and_their_claims_back(articles, editor):
    health = speaker_of(articles[0])
    public = speaker_of(articles[2])
    services.merge_speakers(target_id=health.pk, source_ids=[public.pk], user=editor)
    moved = [a.pk for a in health.aliases.all() if "public" in a.normalized]
    other = services.split_speaker(
        speaker_id=health.pk, alias_ids=moved, name=public.name, user=editor
    )
    assert other == public  # the speaker merged in earlier comes back
    assert speaker_of(articles[2]) == public and speaker_of(articles[0]) == health
    public.refresh_from_db()
    assert public.merged_into is None
    actions = set(SpeakerEvent.objects.values_list("speaker__name", "action"))
    assert (health.name, "split") in actions and (public.name, "split_from") in actions


def test_split_refuses_an_existing_name_and_moving_every_spelling(articles, editor):
    health = speaker_of(articles[0])
    every = list(health.aliases.values_list("pk", flat=True))
    with pytest.raises(services.IdentityError, match="at least one spelling"):
        services.split_speaker(speaker_id=health.pk, alias_ids=every, name="X", user=editor)
    taken = speaker_of(articles[2]).name
    with pytest.raises(services.IdentityError, match="exists already"):
        services.split_speaker(speaker_id=health.pk, alias_ids=every[:1], name=taken, user=editor)


def test_viewers_may_read_the_history_but_not_merge(client, articles, viewer, editor):
    health = speaker_of(articles[0])
    public = speaker_of(articles[2])
    client.force_login(viewer)
    page = client.get(reverse("speakers:manage", args=[health.pk]))
    assert page.status_code == 200 and b"Merge another speaker" not in page.content
    refused = client.post(reverse("speakers:merge", args=[health.pk]), {"sources": [public.pk]})
    assert refused.status_code == 403
    assert speaker_of(articles[2]) == public
    client.force_login(editor)
    bad = client.post(reverse("speakers:merge", args=[health.pk]), {"sources": ["\u00b2", "x"]})
    assert bad.status_code == 302  # a clear message, never a 500
    assert speaker_of(articles[2]) == public
