"""JSON Lines exports: claims (one object a line, with the article they come from), and the
articles behind them in the import format, so an export re-imports into an empty database."""

import json

from kzclaims.exports.fields import Export, records
from kzclaims.models import Article
from kzclaims.timezones import local_iso


def jsonl_lines(claims, *, export: Export | None = None):
    """One JSON object a line per claim of `claims`: the fields of exports.fields, described by
    schemas/claims.schema.json."""
    for record in records(claims, export or Export()):
        yield json.dumps(record, ensure_ascii=False) + "\n"


def selected_articles(claims, *, everything: bool = False):
    """The articles behind `claims`; with `everything`, every article, claims or not."""
    articles = (
        Article.objects.all()
        if everything
        else Article.objects.filter(pk__in=claims.order_by().values("article_id"))
    )
    return articles.select_related("outlet").order_by("pk")


def article_lines(articles, *, chunk_size: int = 200):
    """Articles in the JSON Lines import format: outlet, title, published (with the article's
    own offset, from which the import recovers its zone), url, body."""
    fields = ("outlet__name", "title", "published", "published_zone", "url", "body")
    for outlet, title, published, zone, url, body in articles.values_list(*fields).iterator(
        chunk_size=chunk_size
    ):
        record = {
            "outlet": outlet,
            "title": title,
            "published": local_iso(published, zone),
            "url": url,
            "body": body,
        }
        yield json.dumps(record, ensure_ascii=False) + "\n"
