"""What production refuses to start with (checked by wsgi.py before it serves, and by
`demo_setup`): a placeholder or guessable SECRET_KEY with DEBUG off."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Placeholders from .env.example, docs and tutorials.
PLACEHOLDER_WORDS = ("change", "replace", "secret", "example", "insecure", "placeholder", "xxx")
MIN_LENGTH = 50  # Django's own check (security.W009) asks for as much
MIN_DISTINCT = 5


def secret_key_problem(key: str) -> str | None:
    if key == settings.DEV_SECRET_KEY:
        return "it is the development key"
    lowered = key.lower()
    if any(word in lowered for word in PLACEHOLDER_WORDS):
        return "it is a placeholder"
    if len(key) < MIN_LENGTH:
        return f"it is {len(key)} characters long; at least {MIN_LENGTH}"
    if len(set(key)) < MIN_DISTINCT:
        return "it repeats too few characters to be random"
    return None


def is_production() -> bool:
    return not settings.DEBUG


def refuse_unsafe_production() -> None:
    """Raises ImproperlyConfigured when serving production settings with an unsafe key."""
    if is_production() and (problem := secret_key_problem(settings.SECRET_KEY)):
        raise ImproperlyConfigured(
            f"SECRET_KEY cannot be used with DEBUG off: {problem}. Set SECRET_KEY to a long "
            "random string: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
