import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzclaims.settings")

application = get_wsgi_application()

from kzclaims.deploy import refuse_unsafe_production  # noqa: E402 (settings are loaded now)

refuse_unsafe_production()
