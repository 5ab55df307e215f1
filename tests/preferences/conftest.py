import datetime as dt

import pytest

from kzclaims.models import Article, Claim
from kzclaims.timezones import UNSTATED, publication
from tests.review.conftest import make_claim, make_outlet, make_speaker

MOSCOW_BODY = (
    "Troops arrive\n\nMOSCOW, January 7. /TASS/. The first CSTO troops have arrived in "
    "Kazakhstan, the ministry said."
)


@pytest.fixture
def moscow_claim(db):
    """A TASS article datelined "MOSCOW, January 7" at 00:30 Moscow time (still 6 January in
    UTC), its time read as the dateline city's local time the way an import reads it."""
    when = publication(dt.datetime(2022, 1, 7, 0, 30, tzinfo=UNSTATED), MOSCOW_BODY)
    assert when["published_zone"] == "Europe/Moscow"
    article = Article.objects.create(
        outlet=make_outlet("TASS"), title="Troops arrive", body=MOSCOW_BODY, **when
    )
    return make_claim(
        article,
        "The first CSTO troops have arrived in Kazakhstan",
        speaker=make_speaker("Defence Ministry"),
        kind=Claim.Kind.INDIRECT,
        cue="said",
        stance="neutral",
    )
