"""The WSGI application that gunicorn (or another server) runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "score_mis.settings")

from score_mis.startup import require_secret_key

require_secret_key()
application = get_wsgi_application()
