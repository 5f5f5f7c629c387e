"""The load test of `make bench`: signed-in users (sessions made beforehand by `manage.py prepare_load_test`, read
from the file named by SCORE_SESSIONS) open the pages people use most. Only against a benchmark server on
loopback."""

import itertools
import os

from locust import HttpUser, between, task

with open(os.environ["SCORE_SESSIONS"], encoding="utf-8") as sessions_file:
    SESSIONS = itertools.cycle([line.split() for line in sessions_file if line.strip()])
PERIOD = {"start": "2015-01-01", "end": "2015-12-31"}


class SignedInUser(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        self.role, cookie = next(SESSIONS)
        self.client.headers["Cookie"] = cookie

    def page(self, url, name=None, **params):
        with self.client.get(url, params=params, name=name or url, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    @task(3)
    def home(self):
        self.page("/")

    @task(3)
    def improvement_list(self):
        self.page("/improvements/")

    @task(2)
    def enterprise_list(self):
        self.page("/enterprises/")

    @task(2)
    def round_list(self):
        self.page("/trainings/rounds/")

    @task(2)
    def dashboard(self):
        self.page("/dashboard/", **PERIOD)

    @task(1)
    def committee_report(self):
        if self.role == "staff":
            self.page("/reports/committee/", **PERIOD)

    @task(1)
    def admin_improvements(self):
        if self.role == "staff":
            self.page("/admin/improvements/improvement/")
