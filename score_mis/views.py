"""Site-wide error pages."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 30


def server_error(request):
    """The page for an unexpected error (handler500). While the database cannot be reached (it restarts, its
    connections were cut, a lock wait timed out), that is a 503 asking to try again shortly: Django closes the broken
    connection at the end of the request and the next request opens a new one."""
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        # Rendered without the request: its user and messages would need the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return defaults.server_error(request)
