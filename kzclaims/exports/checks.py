"""System checks of the settings exports depend on: SITE_URL must be an absolute web address
(every exported link starts with it), and a deployment must not keep the development default."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@register("kzclaims")
def site_url_is_absolute(app_configs=None, **kwargs):
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme in {"http", "https"} and parts.netloc and not parts.query:
        return []
    return [
        Error(
            f"SITE_URL {settings.SITE_URL!r} is not an absolute web address.",
            hint="Set SITE_URL to the site's public address, e.g. https://kzclaims.example.org",
            id="kzclaims.E001",
        )
    ]


@register("kzclaims", deploy=True)
def site_url_is_public(app_configs=None, **kwargs):
    if urlsplit(settings.SITE_URL).hostname not in LOCAL_HOSTS:
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL!r}: exported claims would link to this machine.",
            hint="Set SITE_URL to the site's public address (see .env.example).",
            id="kzclaims.W001",
        )
    ]
