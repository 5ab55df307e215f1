from django.utils.functional import SimpleLazyObject

from .selectors import notice_for


def notifications(request):
    """`team_notice` for the navigation: counted only when a page shows it, once per request."""
    return {"team_notice": SimpleLazyObject(lambda: notice_for(request))}
