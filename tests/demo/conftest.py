import pytest


@pytest.fixture(autouse=True)
def demo_settings(settings):
    """load_demo only runs in DEBUG; a fast hasher keeps the six demo passwords cheap."""
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
