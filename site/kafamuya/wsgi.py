"""WSGI entry point (gunicorn kafamuya.wsgi, with site/ on the Python path)."""

import os

from django.core.wsgi import get_wsgi_application

from kafamuya.startup import load_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kafamuya.settings.production")
load_settings()
application = get_wsgi_application()
