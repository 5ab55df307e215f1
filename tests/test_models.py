import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kzclaims.models import (
    Article,
    Claim,
    Outlet,
    ReviewEvent,
    Speaker,
    SpeakerAlias,
    content_hash,
    normalize_alias,
)

BODY = "The ministry said 5,969 people were detained. “Order is restored,” Tokayev said."


@pytest.fixture
def article(db):
    outlet = Outlet.objects.create(name="Test Wire")
    return Article.objects.create(outlet=outlet, title="A test", body=BODY)


def make_claim(article, content, **fields):
    start = article.body.index(content)
    return Claim.objects.create(
        article=article,
        kind="direct",
        content=content,
        start=start,
        end=start + len(content),
        **fields,
    )


def test_content_hash_ignores_line_endings_and_outer_space():
    assert content_hash("a\r\nb ") == content_hash("a\nb") != content_hash("a b")


def test_same_article_text_cannot_be_stored_twice(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(outlet=article.outlet, title="Copy", body=BODY + "\r\n")


def test_article_gets_slugged_outlet_and_hash(article):
    assert article.outlet.slug == "test-wire"
    assert article.content_hash == content_hash(BODY)


@pytest.mark.parametrize(
    "fields",
    [
        {"start": 10, "end": 10},
        {"start": 12, "end": 3},
        {"status": "approved"},
        {"kind": "rumour"},
        {"cue_stance": "sarcastic"},
        {"confidence": 1.5},
        {"speaker_start": 5, "speaker_end": 2},
        {"cue_start": 7, "cue_end": None},
    ],
    ids=repr,
)
def test_database_rejects_invalid_claims(article, fields):
    values = {"kind": "indirect", "content": "x", "start": 0, "end": 5, **fields}
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, **values)


def test_one_claim_per_span(article):
    make_claim(article, "Order is restored,")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_claim(article, "Order is restored,")


def test_claim_content_must_match_article_offsets(article):
    claim = make_claim(article, "Order is restored,")
    claim.full_clean()
    assert article.body[claim.start : claim.end] == claim.content
    claim.start += 1
    with pytest.raises(ValidationError, match="offsets"):
        claim.full_clean()


def test_review_events_are_append_only(article, editor):
    claim = make_claim(article, "Order is restored,")
    event = ReviewEvent.objects.create(
        claim=claim, user=editor, from_status="unreviewed", to_status="verified"
    )
    assert event.created_at is not None
    event.note = "rewriting history"
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_one_spelling_names_one_speaker(db):
    tokayev = Speaker.objects.create(name="Kassym-Jomart Tokayev", speaker_type="official")
    SpeakerAlias.objects.create(speaker=tokayev, alias="Kassym-Jomart Tokayev")
    other = Speaker.objects.create(name="Someone else")
    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerAlias.objects.create(speaker=other, alias="kassym jomart  TOKAYEV")


def test_alias_normalisation_folds_case_accents_and_punctuation():
    assert normalize_alias("Kassym-Jomart  Tokayev") == "kassym jomart tokayev"
    assert normalize_alias("Qasym-Jomart Toqaev") != normalize_alias("Kassym-Jomart Tokayev")
    assert normalize_alias("Nazarbáyev") == "nazarbayev"
