"""Re-extraction never deletes an editor's work: a tagged, annotated or reviewed claim is matched
again, re-linked to where its text now stands, or kept as superseded with its history; the
queue hides superseded claims unless asked, and the reader does not highlight them. The real
extractor and spaCy model throughout."""

import pytest
from django.urls import reverse

from kzclaims.extraction.pipeline import Analysis
from kzclaims.extraction.store import extract_article, store_analysis
from kzclaims.models import Article, Claim, Outlet, ReviewEvent
from kzclaims.review.services import tag_claim

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("integrity")]

BODY = (
    "Grid restored in the capital - Petrov\n\n"
    "Kazakh President Ivan Petrov said that power was back in all districts.\n\n"
    '"Nobody will be left without heating this winter," Petrov said.\n\n'
    "According to the Interior Ministry, 120 people were detained.\n"
)
QUOTE = "Nobody will be left without heating this winter,"
NOTHING = Analysis(claims=[], scare_quotes=[], speaker_kinds=[])


@pytest.fixture
def article():
    outlet = Outlet.objects.create(name="Test Wire")
    article = Article.objects.create(outlet=outlet, title="Grid", body=BODY)
    extract_article(article)
    return article


@pytest.fixture
def disputed(article, editor):
    claim = Claim.objects.get(article=article, kind="direct")
    assert claim.content.startswith("Nobody will be left")
    return tag_claim(
        claim_id=claim.pk,
        user=editor,
        status="disputed",
        note="the utility says otherwise",
        expected_version=claim.version,
    )


def edit(article, body):
    article.body = body
    article.save()
    return extract_article(article)


def test_a_rewritten_sentence_keeps_its_disputed_claim_as_superseded(article, disputed):
    result = edit(article, BODY.replace(f'"{QUOTE}" Petrov said.', "Heating is a concern."))
    claim = Claim.objects.get(pk=disputed.pk)  # before the fix: DoesNotExist, events gone
    assert claim.superseded and result.superseded == 1
    assert (claim.status, claim.note, claim.version) == ("disputed", disputed.note, 2)
    events = list(claim.events.order_by("created_at", "id"))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("unreviewed", "disputed"),
        ("disputed", "disputed"),
    ]
    assert events[0].user is not None and events[1].user is None
    assert events[1].note.startswith("Superseded by re-extraction")
    # Claims nobody touched are replaced as before.
    assert not Claim.objects.filter(article=article, superseded_at__isnull=False).exclude(
        pk=claim.pk
    )


def test_a_tagged_claim_the_extractor_no_longer_finds_is_relinked_where_its_text_stands(
    article, disputed
):
    moved = "Officials met on Monday in the capital.\n\n" + BODY
    article.body = moved
    article.save()
    # The extractor (another version, say) finds nothing: the text is still there.
    result = store_analysis(article, NOTHING)
    claim = Claim.objects.get(pk=disputed.pk)
    assert not claim.superseded and result.relinked == 1
    assert claim.start == disputed.start + len("Officials met on Monday in the capital.\n\n")
    assert moved[claim.start : claim.end] == claim.content
    assert moved[claim.speaker_start : claim.speaker_end] == claim.speaker_mention
    assert claim.events.first().note.startswith("Re-linked by re-extraction")
    # The claims without an editor's work are gone, as before.
    assert list(Claim.objects.filter(article=article)) == [claim]


def test_a_superseded_claim_comes_back_when_its_text_does(article, disputed):
    edit(article, BODY.replace(QUOTE, "Heating is a concern,"))
    assert Claim.objects.get(pk=disputed.pk).superseded
    edit(article, BODY)
    claim = Claim.objects.get(pk=disputed.pk)
    assert not claim.superseded and claim.status == "disputed"
    assert Claim.objects.filter(article=article, content=claim.content).count() == 1


def test_a_note_alone_is_work_that_is_kept(article, editor):
    claim = Claim.objects.get(article=article, cue="According to")
    Claim.objects.filter(pk=claim.pk).update(note="ask the ministry")
    edit(article, BODY.split("According to")[0])
    assert Claim.objects.get(pk=claim.pk).superseded


def test_superseded_claims_are_hidden_from_the_queue_unless_asked(
    client, article, disputed, editor
):
    edit(article, BODY.replace(QUOTE, "Heating is a concern,"))
    client.force_login(editor)
    default = client.get(reverse("review:queue"))
    assert disputed.content not in default.text
    only = client.get(reverse("review:queue"), {"superseded": "only"})
    assert disputed.content in only.text
    assert 'class="badge superseded"' in only.text
    reader = client.get(reverse("review:article", args=[article.pk]))
    assert reader.status_code == 200
    assert 'class="badge superseded"' in reader.text
    assert f'data-claim="{disputed.pk}"' not in reader.text  # listed, not highlighted


def test_editors_can_still_read_and_tag_a_superseded_claim(client, article, disputed, editor):
    edit(article, BODY.replace(QUOTE, "Heating is a concern,"))
    client.force_login(editor)
    page = client.get(reverse("review:claim", args=[disputed.pk]))
    assert page.status_code == 200 and "Superseded" in page.text
    claim = Claim.objects.get(pk=disputed.pk)
    tag_claim(claim_id=claim.pk, user=editor, status="verified", expected_version=claim.version)
    assert ReviewEvent.objects.filter(claim=claim).first().to_status == "verified"
