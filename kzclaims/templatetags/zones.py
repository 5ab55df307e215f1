"""The one way a page shows a date: `{% shown_time moment zone "j M Y" %}` or, for an
article's publication time, `{% published article "j M Y" %}`. Both write a <time> element
whose text is the wall-clock time in the zone the reader chose (kzclaims/preferences/): by
default the article's own zone, so "MOSCOW, January 7" at 00:30 shows 7 Jan, not 6 Jan as in
UTC. The conversion uses what the row already holds: no query per date."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

from kzclaims.preferences.selectors import zone_preference_for_request
from kzclaims.timezones import in_zone, shown_zone

register = template.Library()


@register.simple_tag(takes_context=True)
def shown_time(context, moment, zone="", fmt="j M Y"):
    """`moment` (aware) in the reader's zone; `zone` is the zone the moment belongs to (an
    article's `published_zone`), used when the reader keeps the default."""
    if moment is None:
        return ""
    preference = zone_preference_for_request(getattr(context, "request", None))
    zone_name = shown_zone(zone or "", preference.mode, preference.zone)
    local = in_zone(moment, zone_name)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        zone_name or "UTC",
        date_format(local, fmt),
    )


@register.simple_tag(takes_context=True)
def published(context, article, fmt="j M Y"):
    if article is None or article.published is None:
        return ""
    return shown_time(context, article.published, article.published_zone, fmt)
