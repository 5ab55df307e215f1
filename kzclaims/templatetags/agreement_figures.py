"""How the agreement page shows one figure: its value (or "—" and why) and its sample size. A
tag rather than an included template: the page shows a few hundred figures (every pair by
outlet and by kind), and an include per figure was most of its rendering time."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def figure(value, name):
    n = format_html(
        '<span class="n">n = {}{}</span>',
        value.n,
        "" if value.unit == "claims" else f" {value.unit}",
    )
    if value.defined:
        return format_html(
            '<span class="figure-value" data-figure="{}">{}</span> {}', name, value.shown, n
        )
    return format_html(
        '<span class="figure-value undefined" data-figure="{}" title="{}">{}</span> '
        '<span class="why">{}</span> {}',
        name,
        value.reason,
        value.shown,
        value.reason,
        n,
    )
