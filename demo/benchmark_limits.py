"""The limit the benchmark compares pages with: the figures of the dashboard and of the committee report for a
period, programme-wide, worked out by hand-written SQL over the indexes and the summary tables (PostgreSQL).

Each statement returns what the page shows, aggregated in the database; Python only fetches the rows. No
rendering, no scoping, no labels: what is left is the least work any page showing these figures must do.
"""

import datetime

from django.db import connection

from improvements.models import Improvement
from trainings.models import Certification, Enrollment, TrainingRound

RUNNING = "r.starts_on <= %(end)s AND (r.ends_on IS NULL OR r.ends_on >= %(start)s)"
ENROLLED = f"""
    SELECT DISTINCT e.enterprise_id FROM trainings_enrollment e JOIN trainings_traininground r ON r.id = e.round_id
    WHERE {RUNNING} AND r.status <> %(cancelled)s AND e.status <> %(withdrawn)s"""
PARTICIPANTS_PER_ROUND_AND_ENTERPRISE = """
    SELECT a.round_id, t.enterprise_id, MAX(t.female_managers) AS fm, MAX(t.male_managers) AS mm,
           MAX(t.female_workers) AS fw, MAX(t.male_workers) AS mw
    FROM trainings_attendance t JOIN trainings_activity a ON a.id = t.activity_id
    WHERE a.date BETWEEN %(start)s AND %(end)s GROUP BY a.round_id, t.enterprise_id"""

DASHBOARD = {
    "rounds by status, module, city and partner": f"""
        SELECT status, module_id, city_id, partner_id, COUNT(*), SUM(cost_total), SUM(cost_non_ilo)
        FROM trainings_traininground r WHERE {RUNNING} GROUP BY 1, 2, 3, 4""",
    "enterprises and their workers": f"""
        SELECT COUNT(*), SUM(workforce_total), SUM(workforce_female) FROM enterprises_enterprise
        WHERE id IN ({ENROLLED})""",
    "enterprises by module and by city": f"""
        SELECT r.module_id, r.city_id, COUNT(DISTINCT e.enterprise_id) FROM trainings_enrollment e
        JOIN trainings_traininground r ON r.id = e.round_id
        WHERE {RUNNING} AND r.status <> %(cancelled)s AND e.status <> %(withdrawn)s GROUP BY ROLLUP (1, 2)""",
    "improvement teams": f"""
        SELECT COUNT(*), SUM(female_managers), SUM(male_managers), SUM(female_workers), SUM(male_workers)
        FROM enterprises_improvementteam WHERE established_on <= %(end)s AND enterprise_id IN ({ENROLLED})""",
    "participants by module, city and partner": f"""
        SELECT r.module_id, r.city_id, r.partner_id, SUM(p.fm), SUM(p.mm), SUM(p.fw), SUM(p.mw)
        FROM ({PARTICIPANTS_PER_ROUND_AND_ENTERPRISE}) p JOIN trainings_traininground r ON r.id = p.round_id
        GROUP BY 1, 2, 3""",
    "participants and rounds started by month": """
        SELECT date_trunc('month', a.date), SUM(t.female_managers + t.male_managers + t.female_workers
               + t.male_workers)
        FROM trainings_attendance t JOIN trainings_activity a ON a.id = t.activity_id
        WHERE a.date BETWEEN %(start)s AND %(end)s GROUP BY 1
        UNION ALL
        SELECT date_trunc('month', starts_on), COUNT(*) FROM trainings_traininground r
        WHERE starts_on BETWEEN %(start)s AND %(end)s GROUP BY 1""",
    "trainers by level and sex, newly certified": """
        SELECT level, sex, COUNT(*) FROM trainings_trainer GROUP BY 1, 2
        UNION ALL
        SELECT 'certified', t.sex, COUNT(DISTINCT c.trainer_id) FROM trainings_certification c
        JOIN trainings_trainer t ON t.id = c.trainer_id
        WHERE c.status = %(certified)s AND c.certified_on BETWEEN %(start)s AND %(end)s GROUP BY 2""",
    "verified improvements and savings by module and city": """
        SELECT module_id, city_id, SUM(improvements), SUM(annual_saving_rmb) FROM improvements_improvementday
        WHERE status = %(verified)s AND day BETWEEN %(start)s AND %(end)s GROUP BY 1, 2""",
    "latest verified improvements": """
        SELECT id, title_en, title_zh_hans, annual_saving_rmb FROM improvements_improvement
        WHERE status = %(verified)s AND implemented_on BETWEEN %(start)s AND %(end)s
        ORDER BY verified_at DESC, id LIMIT 6""",
    "indicators: enterprises reporting, median change": f"""
        SELECT indicator_id, COUNT(baseline_value), COUNT(follow_up_value),
               PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY follow_up_value - baseline_value)
        FROM enterprises_measurementseries WHERE enterprise_id IN ({ENROLLED}) GROUP BY 1""",
    "active partners, agreements in force": f"""
        SELECT COUNT(DISTINCT partner_id) FROM (
            SELECT partner_id FROM trainings_traininground r
            WHERE {RUNNING} AND r.status IN (%(ongoing)s, %(completed)s)
            UNION SELECT partner_id FROM partners_agreement WHERE signed_on BETWEEN %(start)s AND %(end)s) p
        UNION ALL
        SELECT COUNT(*) FROM partners_agreement WHERE starts_on <= %(end)s AND (ends_on IS NULL OR ends_on >= %(end)s)
    """,
}

# The headline figures alone: the committee report gives them for the previous period too.
HEADLINE = {
    name: DASHBOARD[name]
    for name in (
        "rounds by status, module, city and partner",
        "enterprises and their workers",
        "improvement teams",
        "participants by module, city and partner",
        "trainers by level and sex, newly certified",
        "verified improvements and savings by module and city",
        "active partners, agreements in force",
    )
}

# The report adds the stories of the rounds (ten per city) and the events of the period to the dashboard's figures,
# and the previous period's headline figures (`run_report`).
COMMITTEE_REPORT = {
    **DASHBOARD,
    "rounds told per city": f"""
        SELECT * FROM (
            SELECT r.id, r.city_id, r.title_en, ROW_NUMBER() OVER (PARTITION BY r.city_id ORDER BY r.starts_on DESC)
            AS place FROM trainings_traininground r WHERE {RUNNING}) told
        WHERE place <= 10""",
    "events per city": """
        SELECT * FROM (
            SELECT id, city_id, title_en, ROW_NUMBER() OVER (PARTITION BY city_id ORDER BY starts_on) AS place
            FROM trainings_event WHERE starts_on BETWEEN %(start)s AND %(end)s) told
        WHERE place <= 10""",
}


def run(statements, start, end):
    """Run every statement for the period `start`–`end`; the number of rows they returned."""
    parameters = {
        "start": start,
        "end": end,
        "cancelled": TrainingRound.Status.CANCELLED,
        "withdrawn": Enrollment.Status.WITHDRAWN,
        "verified": Improvement.Status.VERIFIED,
        "certified": Certification.Status.CERTIFIED,
        "ongoing": TrainingRound.Status.ONGOING,
        "completed": TrainingRound.Status.COMPLETED,
    }
    rows = 0
    with connection.cursor() as cursor:
        for statement in statements.values():
            cursor.execute(statement, parameters)
            rows += len(cursor.fetchall())
    return rows


def run_report(start, end):
    """The committee report's statements for the period, and its headline's for the period of the same length before
    it (as `reporting.figures.ReportFilters.previous`)."""
    previous_end = start - datetime.timedelta(days=1)
    return run(COMMITTEE_REPORT, start, end) + run(HEADLINE, previous_end - (end - start), previous_end)
