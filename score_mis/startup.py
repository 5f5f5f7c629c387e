import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    """Sessions, CSRF tokens and password-reset links are signed with SECRET_KEY: a server without
    one must not start."""
    if not settings.DEBUG and not os.environ.get("SECRET_KEY"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string, or set DEBUG=true for local development."
        )
