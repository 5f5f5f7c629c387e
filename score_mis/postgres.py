"""Migration operations that run only on PostgreSQL; on SQLite (development, tests) they do nothing."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def trigram_indexes(*indexes):
    """The pg_trgm extension and GIN trigram indexes on UPPER(column), given as (index name, table, column).

    Django's `icontains` is `UPPER(column::text) LIKE UPPER('%text%')` on PostgreSQL: a leading wildcard that a
    B-tree cannot serve and a trigram index on the same expression can. They stay out of the models' state (no
    `Meta.indexes`), as SQLite has no GIN indexes."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for name, table, column in indexes:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} "
                f"USING gin ((UPPER({quote(column)}::text)) gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name, _table, _column in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return [TrigramExtension(), migrations.RunPython(create, drop)]
