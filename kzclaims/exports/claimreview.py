"""schema.org ClaimReview JSON-LD for fact-check tooling: one JSON-LD document whose @graph holds
a ClaimReview per claim, streamed an object at a time."""

import json
from contextlib import suppress

from django.urls import NoReverseMatch, reverse

from kzclaims.exports.common import claim_rows
from kzclaims.models import Claim, Speaker

STATUS_LABELS = dict(Claim.Status.choices)
REVIEWER = {"@type": "Organization", "name": "kzclaims"}


def _iso(value):
    return value.isoformat() if value else None


def claim_review(row: dict, figures, *, base_url: str = "") -> dict:
    speaker_name = row["speaker__name"] or row["speaker_mention"] or None
    organisation = row["speaker__speaker_type"] == Speaker.Type.MEDIA
    appearance = {
        "@type": "NewsArticle",
        "headline": row["article__title"],
        "datePublished": _iso(row["article__published"]),
        "publisher": {"@type": "Organization", "name": row["article__outlet__name"]},
    }
    if row["article__url"]:
        appearance["url"] = row["article__url"]
    claim = {
        "@type": "Claim",
        "datePublished": _iso(row["article__published"]),
        "appearance": appearance,
    }
    if speaker_name:
        claim["author"] = {
            "@type": "Organization" if organisation else "Person",
            "name": speaker_name,
        }
    review = {
        "@type": "ClaimReview",
        "claimReviewed": row["content"],
        "itemReviewed": claim,
        "author": REVIEWER,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": STATUS_LABELS.get(row["status"], row["status"]),
        },
    }
    # Without the review screens mounted (a bare command-line setup) the review has no page.
    with suppress(NoReverseMatch):
        review["url"] = base_url + reverse("review:claim", args=[row["id"]])
    if row["reviewed_at"]:
        review["datePublished"] = row["reviewed_at"].date().isoformat()
    if row["note"]:
        review["reviewBody"] = row["note"]
    return review


def claimreview_chunks(claims, *, base_url: str = ""):
    """The JSON-LD document `{"@context": ..., "@graph": [...]}`, a ClaimReview at a time."""
    yield '{"@context": "https://schema.org", "@graph": ['
    separator = "\n"
    for row, figures in claim_rows(claims):
        yield separator + json.dumps(
            claim_review(row, figures, base_url=base_url), ensure_ascii=False
        )
        separator = ",\n"
    yield "\n]}\n"
