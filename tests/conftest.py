"""The people every test talks about: the partner that owns the records under test and its coordinator
(the owner), a read-only viewer of that partner, an outsider (coordinator of another partner), ILO staff
and a committee member. A test module may override `partner` or a user to add what it needs."""

import pytest
from django.utils import translation

from partners import roles
from partners.models import Partner, PartnerMembership
from tests.factories import PartnerFactory, user_with_role


def pytest_collection_modifyitems(items):
    """A transactional test flushes the database when it ends; without serialized rollback the next test lacks the
    role groups the migrations made, and Django's content types come back twice for the next test that restores."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(f"{item.nodeid}: a transactional test needs serialized_rollback=True")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs a third of a second per user; tests only need passwords to match."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def figures_counted_in_the_request(settings):
    """Reports count their figures in the request whatever the machine's load, unless a test says otherwise: a test's
    writes never commit, so figures kept by a background task would never be known to be out of date."""
    settings.FIGURES_IN_REQUEST_SECONDS = settings.FIGURES_IN_REQUEST_GIVE_UP_SECONDS = 3600


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request in Chinese leaves Chinese active in the thread (LocaleMiddleware does not reset it): the next
    test would read its messages in Chinese."""
    yield
    translation.deactivate()


@pytest.fixture
def partner():
    """The partner that owns the records under test."""
    return PartnerFactory(code="CEC", name="China Enterprise Confederation")


@pytest.fixture
def other_partner():
    """A partner that shares nothing with `partner`."""
    return PartnerFactory(code="ETI", name="Ethical Trading Initiative", kind=Partner.Kind.BUYER_INITIATIVE)


@pytest.fixture
def coordinator(partner):
    """The owner: coordinator of `partner`, who may change its records."""
    return user_with_role(roles.PARTNER_COORDINATOR, partner)


@pytest.fixture
def viewer(partner):
    """Read-only user of `partner`."""
    return user_with_role(roles.PARTNER_VIEWER, partner, PartnerMembership.Role.VIEWER)


@pytest.fixture
def outsider(other_partner):
    """Coordinator of another partner: `partner`'s records do not exist for them."""
    return user_with_role(roles.PARTNER_COORDINATOR, other_partner)


@pytest.fixture
def ilo_staff():
    """ILO staff: see and change everything, verify improvements, freeze reports."""
    return user_with_role(roles.ILO_STAFF)


@pytest.fixture
def committee_member():
    """A National Advisory Committee member: dashboards and reports, no raw records."""
    return user_with_role(roles.COMMITTEE_MEMBER)


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
