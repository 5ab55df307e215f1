"""Google Fact Check Tools' `ClaimReviewMarkupPage`, one a line (JSON Lines): each reviewed
claim's page with its one ClaimReview markup, ready for the API's `pages.create` or the Fact
Check Markup Tool. The same records and rules as the ClaimReview JSON-LD (claimreview.py)."""

import json

from django.conf import settings

from kzclaims.exports.claimreview import RATINGS, reviewed
from kzclaims.exports.fields import Export, records


def review_author() -> dict:
    author = {"name": settings.KZCLAIMS_REVIEWER_NAME}
    if settings.KZCLAIMS_REVIEWER_LOGO:
        author["imageUrl"] = settings.KZCLAIMS_REVIEWER_LOGO
    return author


def markup_page(record: dict, author: dict) -> dict:
    markup = {
        "url": record["claim_url"],
        "claimReviewed": record["content"],
        "rating": {"textualRating": RATINGS[record["status"]]},
    }
    if record["published"]:
        markup["claimDate"] = record["published"]
    if record["article_url"]:
        markup["claimAppearances"] = [record["article_url"]]
        markup["claimFirstAppearance"] = record["article_url"]
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
    for record in records(reviewed(claims), export or Export()):
        yield json.dumps(markup_page(record, author), ensure_ascii=False) + "\n"
