"""`manage.py check_integrity` finds offsets that do not match their article and statuses that
do not match their history, and passes data that is whole."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kzclaims.extraction.store import extract_article
from kzclaims.models import Article, Claim, Outlet, ReviewEvent
from kzclaims.review.services import tag_claim

pytestmark = pytest.mark.django_db

BODY = '"Order has been restored," Kazakh President Kassym-Jomart Tokayev said on Monday.'


@pytest.fixture
def article():
    article = Article.objects.create(
        outlet=Outlet.objects.create(name="Wire"), title="T", body=BODY
    )
    extract_article(article)
    return article


def test_whole_data_passes(article, editor, capsys):
    claim = article.claims.first()
    tag_claim(claim_id=claim.pk, user=editor, status="verified", expected_version=claim.version)
    call_command("check_integrity")
    assert "every offset and status checks out" in capsys.readouterr().out


def test_shifted_offsets_and_a_status_without_its_event_are_reported(article, editor, capsys):
    claim = article.claims.first()
    Claim.objects.filter(pk=claim.pk).update(start=claim.start + 1, end=claim.end + 1)
    other = Claim.objects.create(
        article=article, kind="direct", content=BODY[:5], start=0, end=5, status="verified"
    )
    with pytest.raises(CommandError, match="2 integrity problem"):
        call_command("check_integrity")
    err = capsys.readouterr().err
    assert f"claim {claim.pk}: content does not match" in err
    assert f"claim {other.pk}: status is verified but its history ends at unreviewed" in err


def test_a_status_that_differs_from_the_last_event_is_reported(article, editor):
    claim = article.claims.first()
    ReviewEvent.objects.create(
        claim=claim, user=editor, from_status="unreviewed", to_status="disputed"
    )
    with pytest.raises(CommandError, match="1 integrity problem"):
        call_command("check_integrity")


def test_an_article_stored_with_crlf_is_reported(article):
    Article.objects.filter(pk=article.pk).update(body=BODY.replace(" ", "\r\n", 1))
    with pytest.raises(CommandError):
        call_command("check_integrity")
