"""Live feeds: every API list, and the figures, as CSV that Excel ("From Web") and Power BI can refresh.

The columns are the serializer's field names (stable English words): scalar fields as they are, a nested
record (an enterprise's improvement team) as `<field>_<subfield>` columns, a list of codes joined with commas;
lists of records (attendance, photos …) are left to the JSON API. Text that a spreadsheet would run as a
formula is neutralised.
"""

import csv
import io

from rest_framework import renderers, serializers

from score_mis.formulas import neutralise


def _is_list_of_records(field):
    return isinstance(field, serializers.ListSerializer | serializers.ListField)


def csv_columns(serializer):
    """The CSV columns for rows of `serializer`: [(column name, path of keys into a serialized row)]."""
    columns = []
    for name, field in serializer.fields.items():
        if _is_list_of_records(field):
            continue
        if isinstance(field, serializers.Serializer):
            columns.extend(
                (f"{name}_{sub_name}", (name, sub_name))
                for sub_name, sub_field in field.fields.items()
                if not _is_list_of_records(sub_field)
            )
        else:
            columns.append((name, (name,)))
    return columns


def _cell(row, path):
    value = row
    for key in path:
        value = value.get(key) if value is not None else None
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    return "" if value is None else neutralise(value)


class CsvRenderer(renderers.BaseRenderer):
    """Rows as UTF-8 CSV with a byte order mark, so that Excel reads Chinese names right. The view says which
    columns (`csv_columns()`); an error (a dict) becomes a one-row table of its messages."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        if isinstance(data, dict):
            columns, rows = [(key, (key,)) for key in data], [data]
        else:
            columns, rows = view.csv_columns(), data
        output = io.StringIO()
        output.write("\ufeff")
        writer = csv.writer(output, lineterminator="\r\n")
        writer.writerow([name for name, _ in columns])
        writer.writerows([_cell(row, path) for _, path in columns] for row in rows)
        return output.getvalue().encode("utf-8")
