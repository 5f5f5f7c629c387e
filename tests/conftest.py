import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a third of a second per user; tests only need passwords to match."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def run_queued_tasks():
    """run_queued_tasks(): the database task worker runs every queued task, then returns. It runs inside the test's
    transaction, so it leaves the connection open (the real worker closes stale connections between tasks)."""
    from django_tasks_db.management.commands import db_worker

    def run():
        worker = db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(db_worker, "close_old_connections", lambda: None)
            worker.run()

    return run
