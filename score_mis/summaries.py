"""Helpers of the summary tables (improvements.summaries, enterprises.summaries): rows recounted inside the
database from the records they sum, and the differences between a summary and a fresh recount."""

import datetime
from decimal import Decimal

from django.db import connection

# Keys refreshed per statement: bounds the parameters of one query.
KEYS_PER_STATEMENT = 500


def chunks(keys):
    keys = sorted(keys)
    for start in range(0, len(keys), KEYS_PER_STATEMENT):
        yield keys[start : start + KEYS_PER_STATEMENT]


def lock(namespace, keys):
    """On PostgreSQL, hold a lock on each of `keys` (integers) of `namespace` (a name) until the transaction ends, so
    that two writers refreshing the same summary rows take turns: the second then recounts what the first committed
    instead of inserting a duplicate of its rows. Keys in order, so writers never wait on each other in a circle.
    SQLite has one writer at a time anyway."""
    if connection.vendor != "postgresql" or not keys:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s || ':' || key::text, 0)) "
            "FROM unnest(%s::bigint[]) AS key",
            [namespace, sorted(keys)],
        )


def insert_select(model, fields, columns, sql, params):
    """INSERT INTO `model`'s `fields` the `columns` (in the same order) of each row of the query `sql`: one
    statement, whatever the number of rows."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    picked = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) SELECT {picked} FROM ({sql}) AS recounted",
            params,
        )


def _plain(value):
    """Values compared alike whatever the database returns (SQLite: strings for dates, floats for decimals)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float | int | str) and not isinstance(value, bool):
        try:
            return Decimal(str(value)).normalize()
        except ArithmeticError:
            return value
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def differences(name, stored, recounted):
    """Lines naming each key whose stored values differ from the recounted ones ({key: tuple of values})."""
    stored, recounted = _normalised(stored), _normalised(recounted)
    lines = []
    for key in sorted(stored.keys() | recounted.keys(), key=str):
        have, want = stored.get(key), recounted.get(key)
        if have != want:
            lines.append(f"{name} {key}: stored {have}, recounted {want}")
    return lines


def _normalised(rows):
    return {tuple(map(_plain, key)): tuple(map(_plain, values)) for key, values in rows.items()}
