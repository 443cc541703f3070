"""WSGI entry point. Without DJANGO_SETTINGS_MODULE it serves the production settings, which
refuse to start without a real TRELLIS_SECRET_KEY (never the development defaults)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.settings.production")
application = get_wsgi_application()
