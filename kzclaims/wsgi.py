import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")

application = get_wsgi_application()

if not settings.DEBUG and settings.SECRET_KEY == settings.DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment before serving with DEBUG off.")
