"""Storing: idempotent re-extraction that keeps editors' work, speakers merged through their
aliases, failures recorded on the article. Runs on SQLite and PostgreSQL alike."""

import pytest
from django.contrib.auth.models import User

from kzclaims.extraction.store import extract_article, extract_articles
from kzclaims.models import Article, Claim, Outlet, ReviewEvent, Speaker, SpeakerAlias

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("integrity")]

BODY = (
    "Grid restored in the capital - Petrov\n\n"
    "Kazakh President Ivan Petrov said that power was back in all districts.\n\n"
    '"Nobody will be left without heating this winter," Petrov said.\n\n'
    "According to the Interior Ministry, 120 people were detained.\n"
)


@pytest.fixture
def outlet():
    return Outlet.objects.create(name="Test Wire")


def make_article(outlet, body=BODY, title="Grid"):
    return Article.objects.create(outlet=outlet, title=title, body=body)


def review(claim, user, status, note):
    ReviewEvent.objects.create(
        claim=claim, user=user, from_status=claim.status, to_status=status, note=note
    )
    claim.status = status
    claim.note = note
    claim.evidence_url = "https://example.org/evidence"
    claim.reviewed_by = user
    claim.version += 1
    claim.save()


def test_first_extraction_stores_claims_and_marks_article_done(outlet):
    article = make_article(outlet)
    result = extract_article(article)
    article.refresh_from_db()
    assert article.extraction_status == "done" and article.extracted_at is not None
    assert article.extraction_error == ""
    assert result.created == Claim.objects.filter(article=article).count() >= 4
    quote = Claim.objects.get(article=article, kind="direct")
    assert quote.speaker.name == "Ivan Petrov"
    assert quote.framing.keys() == {"hedges", "labels", "scare_quotes"}
    detained = Claim.objects.get(article=article, cue="According to")
    figure = detained.figures.get()
    assert (figure.text, int(figure.value), figure.subject) == ("120", 120, "people detained")


def test_reextraction_is_idempotent_and_keeps_reviews(outlet):
    user = User.objects.create_user("ed")
    article = make_article(outlet)
    extract_article(article)
    before = {c.pk: (c.start, c.end) for c in article.claims.all()}
    claim = Claim.objects.get(article=article, kind="direct")
    review(claim, user, "verified", "checked with the utility")

    result = extract_article(article)
    assert (result.created, result.removed) == (0, 0)
    assert result.updated == len(before)
    assert {c.pk: (c.start, c.end) for c in article.claims.all()} == before
    claim.refresh_from_db()
    assert (claim.status, claim.note, claim.reviewed_by, claim.version) == (
        "verified",
        "checked with the utility",
        user,
        2,
    )
    assert claim.evidence_url == "https://example.org/evidence"
    assert claim.events.count() == 1
    assert Speaker.objects.filter(name="Ivan Petrov").count() == 1


def test_edited_text_moves_spans_but_keeps_the_same_claims(outlet):
    user = User.objects.create_user("ed")
    article = make_article(outlet)
    extract_article(article)
    claim = Claim.objects.get(article=article, kind="direct")
    review(claim, user, "disputed", "no evidence")
    old_start = claim.start

    article.body = BODY.replace(
        "Kazakh President",
        "Officials met on Monday. Kazakh President",
    ).replace("120 people", "125 people")
    article.save()
    result = extract_article(article)
    claim.refresh_from_db()
    assert claim.start == old_start + len("Officials met on Monday. ")
    assert claim.status == "disputed" and claim.events.count() == 1
    assert article.body[claim.start : claim.end] == claim.content
    # The changed figure belongs to the same claim, matched by overlapping similar content.
    detained = Claim.objects.get(article=article, cue="According to")
    assert detained.figures.get().text == "125"
    assert result.removed == 0


def test_vanished_claims_are_removed(outlet):
    article = make_article(outlet)
    extract_article(article)
    article.body = BODY.split("According to")[0]
    article.save()
    result = extract_article(article)
    assert result.removed == 1
    assert not Claim.objects.filter(article=article, cue="According to").exists()


def test_speakers_are_merged_across_articles_by_alias(outlet):
    make_article(outlet)
    other = make_article(
        outlet,
        "Officials met in the capital on Sunday.\n\n"
        "Petrov said the curfew would end on Monday.\n\n"
        "The Ministry of Internal Affairs said 12 people were released.\n",
        title="Curfew",
    )
    extract_articles(Article.objects.order_by("pk"))
    assert Speaker.objects.filter(aliases__normalized="ivan petrov").count() == 1
    petrov = Speaker.objects.get(aliases__normalized="ivan petrov")
    assert other.claims.filter(speaker=petrov).exists()
    assert petrov.speaker_type == "official" and petrov.kind == "person"
    ministry = Speaker.objects.get(aliases__normalized="interior ministry")
    assert other.claims.filter(speaker=ministry).exists()
    # One spelling never names two speakers.
    keys = list(SpeakerAlias.objects.values_list("normalized", flat=True))
    assert len(keys) == len(set(keys))


class Boom(Exception):
    pass


class BrokenNlp:
    def pipe(self, texts, **kwargs):
        raise Boom("model exploded")


broken_nlp = BrokenNlp()


def test_failure_marks_article_and_raises(outlet):
    article = make_article(outlet)
    with pytest.raises(Boom):
        extract_article(article, nlp=broken_nlp)
    article.refresh_from_db()
    assert article.extraction_status == "failed"
    assert "model exploded" in article.extraction_error


def test_batch_collects_failures_and_goes_on(outlet, monkeypatch):
    good = make_article(outlet)
    bad = make_article(outlet, "Some text the mayor said was fine.", title="Bad")
    from kzclaims.extraction import store

    real = store.analyse

    def analyse(doc):
        if "mayor" in doc.text:
            raise Boom("bad article")
        return real(doc)

    monkeypatch.setattr(store, "analyse", analyse)
    seen = []
    results = extract_articles([good, bad], progress=lambda n, total, r: seen.append((n, total)))
    assert seen == [(1, 2), (2, 2)]
    assert results[0].ok and not results[1].ok
    bad.refresh_from_db()
    good.refresh_from_db()
    assert bad.extraction_status == "failed" and "bad article" in bad.extraction_error
    assert good.extraction_status == "done"


def test_extract_articles_command(outlet):
    from django.core.management import call_command

    article = make_article(outlet)
    call_command("extract_articles", "--all", verbosity=0)
    call_command("extract_articles", "--article", str(article.pk), verbosity=0)
    article.refresh_from_db()
    assert article.extraction_status == "done"
    assert Claim.objects.filter(article=article).count() >= 4


def test_figures_are_stored_as_measurements_dated_against_the_article(outlet):
    from datetime import UTC, date, datetime

    body = (
        "Officials said more than 2,000 troops had arrived as of January 7.\n\n"
        "The ministry said 164 people were killed.\n"
    )
    article = Article.objects.create(
        outlet=outlet, title="Troops", body=body, published=datetime(2022, 1, 10, 9, tzinfo=UTC)
    )
    extract_article(article)
    troops = Claim.objects.get(article=article, content__contains="troops").figures.get()
    assert (troops.low, troops.high, troops.approx) == (2000, None, "more than")
    assert (troops.measure, troops.as_of) == ("troops deployed", "January 7")
    assert troops.reference_date == date(2022, 1, 7)
    killed = Claim.objects.get(article=article, content__contains="killed").figures.get()
    assert (killed.low, killed.high, killed.measure) == (164, 164, "killed")
    assert killed.reference_date == date(2022, 1, 10)  # no time given: the article's date


def test_a_figure_is_dated_by_the_article_s_own_calendar_day(outlet):
    from datetime import UTC, date, datetime

    # "MOSCOW, January 7" at midnight is still 6 January in UTC.
    article = Article.objects.create(
        outlet=outlet,
        title="Detained",
        body="MOSCOW, January 7. The ministry said 164 people were detained.\n",
        published=datetime(2022, 1, 6, 21, tzinfo=UTC),
        published_zone="Europe/Moscow",
    )
    extract_article(article)
    figure = Claim.objects.get(article=article).figures.get()
    assert figure.reference_date == date(2022, 1, 7)
