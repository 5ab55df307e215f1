"""Loaded by pytest before Django reads its settings (pyproject: addopts `-p tests.environment`).
Tests run the production settings (DEBUG off), served over plain HTTP by the live server: no TLS
redirect, no secure-only cookies, and static files from the finders instead of a manifest."""

import os

os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("WHITENOISE_USE_FINDERS", "true")
