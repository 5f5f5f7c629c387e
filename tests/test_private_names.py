"""A name starting with an underscore is private to its module: no other module of the project imports it or calls it
on an object (`report._partner(…)`, `figures._partner_labels(…)`); what another module needs gets a public name."""

import ast
from pathlib import Path

from django.conf import settings

PACKAGES = ["score_mis", "partners", "enterprises", "trainings", "improvements", "reporting", "dataexchange", "demo"]


def project_modules():
    for package in PACKAGES:
        for path in sorted((Path(settings.BASE_DIR) / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text())


def is_private(name):
    return name.startswith("_") and not name.startswith("__")


def private_functions(tree):
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and is_private(node.name)
    }


def own_object(node):
    """self._x(), cls._x(), super()._x(): a class using its own private names."""
    if isinstance(node, ast.Name):
        return node.id in ("self", "cls")
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) == "super"


def foreign_private_uses(path, tree, defined_elsewhere):
    own = private_functions(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in PACKAGES:
            for alias in node.names:
                if is_private(alias.name):
                    yield f"{path.name}:{node.lineno} imports {node.module}.{alias.name}"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in defined_elsewhere
            and node.func.attr not in own
            and not own_object(node.func.value)
        ):
            yield f"{path.name}:{node.lineno} calls {ast.unparse(node.func)}"


def test_no_module_uses_another_modules_private_functions():
    modules = list(project_modules())
    defined = set().union(*(private_functions(tree) for _path, tree in modules))
    uses = [use for path, tree in modules for use in foreign_private_uses(path, tree, defined)]
    assert uses == []


def test_the_check_catches_a_private_call_and_import(tmp_path):
    tree = ast.parse(
        "from reporting.views import _download\n"
        "def rates(report):\n"
        "    return report._partner(1), report.partner_seen(1)\n"
    )
    uses = list(foreign_private_uses(tmp_path / "rates.py", tree, {"_partner", "_download"}))
    assert uses == ["rates.py:1 imports reporting.views._download", "rates.py:3 calls report._partner"]
