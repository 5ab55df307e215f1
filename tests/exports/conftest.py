"""The hand-made claims of tests/transfer, with what the export contracts must also carry: an
article address, framing, evidence, a note with a newline and quotes, and settings of a site."""

import datetime as dt

import pytest
from django.test import override_settings

from kzclaims.models import Article, Claim
from tests.transfer.conftest import claims  # noqa: F401 - a fixture used by these tests

# All nine Kazakh letters beyond Russian, a Russian yo, a line break, quotes and a comma: what a
# spreadsheet must keep whole.
NOTE = 'Тексеру: Ақорда сайты\nпресс-релиз "Ақорда", ё; әғқңөұүһі'  # noqa: RUF001 - Cyrillic
SITE = {
    "SITE_URL": "https://claims.example.org",
    "KZCLAIMS_REVIEWER_NAME": "Example Desk",
    "KZCLAIMS_REVIEWER_URL": "https://desk.example.org/",
    "KZCLAIMS_REVIEWER_LOGO": "https://desk.example.org/logo.png",
}


@pytest.fixture
def site():
    with override_settings(**SITE):
        yield SITE


@pytest.fixture
def full_claims(claims):  # noqa: F811
    """`claims` with framing, evidence, an article address and a multi-line note."""
    verified, _ministry, disputed, official = claims
    Article.objects.filter(pk=verified.article_id).update(
        url="https://interfax.example/news/1?a=1&b=2"
    )
    Claim.objects.filter(pk=verified.pk).update(
        framing={"labels": ["militants"], "scare_quotes": ["terrorists"], "hedges": ["reportedly"]},
        evidence_url="https://akorda.example/news/1",
        note=NOTE,
        confidence=0.9,
    )
    Claim.objects.filter(pk=disputed.pk).update(
        framing={"labels": [], "hedges": ["allegedly"]},
        reviewed_at=dt.datetime(2022, 1, 12, 23, 45, tzinfo=dt.UTC),
    )
    Claim.objects.filter(pk=official.pk).update(
        reviewed_at=dt.datetime(2022, 1, 13, 7, 0, tzinfo=dt.UTC)
    )
    for claim in claims:
        claim.refresh_from_db()
    return claims
