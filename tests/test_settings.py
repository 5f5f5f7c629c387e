import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The browser tests allow synchronous queries beside Playwright's event loop; no real deployment does.
TEST_ONLY_VARIABLES = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run(command, **env):
    clean_env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=clean_env, capture_output=True, text=True, check=False
    )


def run_check(**env):
    return run(["manage.py", "check"], **env)


@pytest.mark.parametrize("server_module", ["score_mis.wsgi", "score_mis.asgi"])
def test_missing_secret_key_with_debug_off_stops_start_up_with_clear_message(server_module):
    result = run(["-c", f"import {server_module}"], DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_management_commands_need_no_secret_key():
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"])

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_malformed_boolean_setting_is_refused():
    result = run_check(DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_deploy_check_is_clean_with_production_variables():
    clean_env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    clean_env.update(
        DEBUG="false",
        SECRET_KEY="a-long-production-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="score.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr + result.stdout


def test_request_size_limit_is_read_from_max_request_mb():
    result = run(
        ["-c", "import django; django.setup(); from django.conf import settings; print(settings.MAX_REQUEST_BYTES)"],
        DEBUG="true",
        DJANGO_SETTINGS_MODULE="score_mis.settings",
        MAX_REQUEST_MB="40",
    )

    assert result.stdout.split() == [str(40 * 1024 * 1024)], result.stderr


def test_malformed_request_size_limit_is_refused():
    result = run_check(DEBUG="true", MAX_REQUEST_MB="25MB")

    assert result.returncode != 0
    assert "MAX_REQUEST_MB must be a whole number" in result.stderr


def test_storage_url_photos_without_the_storage_origin_for_the_content_security_policy_are_refused():
    result = run_check(DEBUG="true", PHOTO_SERVE_MODE="storage-url")

    assert result.returncode != 0
    assert "PHOTO_SERVE_MODE=storage-url needs PHOTO_STORAGE_ORIGIN" in result.stderr


def test_storage_origin_is_an_allowed_image_source():
    result = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(*settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        ],
        DEBUG="true",
        DJANGO_SETTINGS_MODULE="score_mis.settings",
        PHOTO_SERVE_MODE="storage-url",
        PHOTO_STORAGE_ORIGIN="https://score-photos.example.com",
    )

    assert result.stdout.split() == ["'self'", "data:", "https://score-photos.example.com"], result.stderr
