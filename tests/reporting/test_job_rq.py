"""One job end to end through RQ on a real Redis: queued by the RQ task backend, run by an RQ worker.

Needs redis-server on 127.0.0.1:6379 (it uses database 15 and empties it). Without it the test is skipped,
unless SCORE_RQ_TESTS=required (as in CI), where an unreachable Redis fails the run."""

import os

import django_rq
import pytest
from django_tasks import default_task_backend
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from rq import SimpleWorker

from reporting.models import Job

pytestmark = [pytest.mark.rq, pytest.mark.django_db]

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"
REQUIRED_VALUES = {"": False, "optional": False, "required": True}


def rq_tests_required():
    value = os.environ.get("SCORE_RQ_TESTS", "")
    if value not in REQUIRED_VALUES:
        raise pytest.UsageError(f"SCORE_RQ_TESTS must be 'required', 'optional' or unset, not {value!r}")
    return REQUIRED_VALUES[value]


@pytest.fixture
def rq_backend(settings):
    redis = Redis.from_url(REDIS_TEST_URL)
    try:
        redis.ping()
    except RedisConnectionError as error:
        if rq_tests_required():
            pytest.fail(f"RQ tests required (SCORE_RQ_TESTS=required) but Redis is unreachable: {error}")
        pytest.skip(f"RQ test skipped: no Redis at {REDIS_TEST_URL} (set SCORE_RQ_TESTS=required to fail instead)")
    redis.flushdb()
    settings.RQ_QUEUES = {"default": {"URL": REDIS_TEST_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    yield redis
    redis.flushdb()


def test_a_job_runs_end_to_end_through_an_rq_worker(rq_backend, start_greeting):
    job = start_greeting()
    queue = django_rq.get_queue("default")
    assert queue.count == 1
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED

    worker = SimpleWorker([queue], connection=queue.connection, job_class="django_tasks_rq.Job")
    worker.work(burst=True)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result_file.read() == b"Hello, owner"
    assert default_task_backend.get_result(job.task_id).status == "SUCCESSFUL"
    assert queue.count == 0
