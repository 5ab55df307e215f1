"""Google Fact Check Tools' `ClaimReviewMarkupPage`, one a line (JSON Lines): each reviewed
claim's page with its one ClaimReview markup, ready for the API's `pages.create` or the Fact
Check Markup Tool. The same records and rules as the ClaimReview JSON-LD (claimreview.py)."""

import json

from django.conf import settings

from kzclaims.exports.claimreview import RATINGS, reviewed_records
from kzclaims.exports.fields import Export


def review_author() -> dict:
    author = {"name": settings.KZCLAIMS_REVIEWER_NAME}
    if settings.KZCLAIMS_REVIEWER_LOGO:
        author["imageUrl"] = settings.KZCLAIMS_REVIEWER_LOGO
    return author


def markup_page(record: dict, author: dict, first: dict | None = None) -> dict:
    markup = {
        "url": record["claim_url"],
        "claimReviewed": record["content"],
        "rating": {"textualRating": RATINGS[record["status"]]},
    }
    if record["published"]:
        markup["claimDate"] = record["published"]
    if record["article_url"]:
        markup["claimAppearances"] = [record["article_url"]]
    # The earliest outlet's report of the same statement, else the claim's own article.
    if first_url := (first or {}).get("url") or record["article_url"]:
        markup["claimFirstAppearance"] = first_url
    if record["speaker"]:
        markup["claimAuthor"] = {"name": record["speaker"]}
    if record["note"]:
        markup["rating"]["ratingExplanation"] = record["note"]
    page = {"pageUrl": record["claim_url"], "claimReviewAuthor": author}
    if record["reviewed_at"]:
        page["publishDate"] = record["reviewed_at"][:10]
    page["claimReviewMarkups"] = [markup]
    return page


def factcheck_lines(claims, *, export: Export | None = None):
    author = review_author()
    for record, first in reviewed_records(claims, export):
        yield json.dumps(markup_page(record, author, first), ensure_ascii=False) + "\n"
