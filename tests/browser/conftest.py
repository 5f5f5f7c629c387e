"""Browser tests: a live server on the test database, driven by Debian's headless Chromium through Playwright.

Without Chromium or axe-core (`npm ci`) the tests are skipped with one clear reason, unless
SCORE_BROWSER_TESTS=required (as in CI), where a missing browser fails the run.
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import sync_playwright

from tests.browser.helpers import AXE_SCRIPT, DESKTOP, Journey

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SKIP_PREFIX = "browser tests skipped"
REQUIRED_VALUES = {"": False, "optional": False, "required": True}


def browser_tests_required():
    value = os.environ.get("SCORE_BROWSER_TESTS", "")
    if value not in REQUIRED_VALUES:
        raise pytest.UsageError(f"SCORE_BROWSER_TESTS must be 'required', 'optional' or unset, not {value!r}")
    return REQUIRED_VALUES[value]


def missing_requirement():
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found"
    if not AXE_SCRIPT.exists():
        return f"{AXE_SCRIPT.relative_to(AXE_SCRIPT.parents[2])} not found (run npm ci)"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = missing_requirement()
    if missing and browser_tests_required():
        pytest.fail(f"browser tests required (SCORE_BROWSER_TESTS=required) but {missing}", pytrace=False)
    if missing:
        pytest.skip(f"{SKIP_PREFIX}: {missing} (set SCORE_BROWSER_TESTS=required to fail instead)")
    # Playwright's sync API keeps an asyncio loop running in this thread. Django then keeps its database connections
    # in a separate per-context store and refuses synchronous queries; the tests' database work stays sequential, so
    # allow it, and hand the store the thread's own connections (which hold the data for serialized rollback).
    thread_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo(live_server, settings):
    """The demo data set (SCORE China, summer 2015) with its demo users, loaded into the live server's database.
    DEBUG stays off so that the server answers like production (its own 404 page); hence --force."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", "--force", stdout=StringIO())


@pytest.fixture
def open_journey(browser, live_server):
    """open_journey(name, viewport=..., locale=...): a fresh browser context (own cookies) on the live server."""
    contexts = []

    def open_journey(name, *, viewport=DESKTOP, locale="en-GB"):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Journey(name, context.new_page())

    yield open_journey
    for context in contexts:
        context.close()


def pytest_terminal_summary(terminalreporter):
    """Say once, in plain words, that the browser tests did not run (pytest hides skip reasons without -rs)."""
    reasons = set()
    for report in terminalreporter.stats.get("skipped", []):
        if isinstance(report.longrepr, tuple) and SKIP_PREFIX in report.longrepr[2]:
            reasons.add(report.longrepr[2].removeprefix("Skipped: "))
    for reason in sorted(reasons):
        terminalreporter.write_line(reason, yellow=True, bold=True)
