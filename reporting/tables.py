from dataclasses import dataclass


@dataclass
class Table:
    """A titled table of plain values, for the XLSX sheets and the frozen figures."""

    title: str
    columns: list
    rows: list

    def as_dict(self):
        return {"title": self.title, "columns": self.columns, "rows": self.rows}
