"""Totals over per-group figures, which the ORM cannot nest: e.g. participants, where each enterprise's people are
the most it sent to one activity of a round, summed over rounds and enterprises by module."""

import datetime

from django.db import connection


def _plain(value):
    """Dates as dates: PostgreSQL truncates a date to a timestamp, SQLite hands raw rows' dates over as text."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        return datetime.date.fromisoformat(value[:10])
    return value


def regrouped(queryset, keys, sums):
    """The rows of `queryset` (a `values(...).annotate(...)` query) grouped again by its columns `keys`, with the
    sums of its columns `sums`: one query, a dict per group, summed in the database."""
    quote = connection.ops.quote_name
    sql, params = queryset.query.sql_with_params()
    columns = [quote(key) for key in keys] + [f"SUM({quote(name)})" for name in sums]
    grouping = f" GROUP BY {', '.join(quote(key) for key in keys)}" if keys else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM ({sql}) AS per_group{grouping}", params)
        return [
            {
                name: _plain(value) if name in keys else value or 0
                for name, value in zip([*keys, *sums], row, strict=True)
            }
            for row in cursor.fetchall()
        ]
