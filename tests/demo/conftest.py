import pytest


@pytest.fixture(autouse=True)
def demo_settings(settings):
    """load_demo only runs in DEBUG."""
    settings.DEBUG = True
