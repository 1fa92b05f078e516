"""No translated text is frozen when a module is imported.

`gettext` called at import time (a module constant, a class attribute, a default
argument) translates once, in whatever language is active then, and every later page shows
that text whatever its own language: English pages showed French consent descriptions so.
The walk parses every module of the project and reports each call of a non-lazy
translation function that does not run inside a function.
"""

import ast
from pathlib import Path

from django.conf import settings

APPS = ["cluster_portal", "core", "members", "events", "communications", "surveys"]
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def _eager_names(tree: ast.Module) -> set[str]:
    """The local names of django.utils.translation's non-lazy functions in a module."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {alias.asname or alias.name for alias in node.names if alias.name in EAGER}
    return names


def _import_time_calls(tree: ast.Module, names: set[str]) -> list[int]:
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            # Default values and decorators are evaluated when the function is defined.
            defaults = [*node.args.defaults, *node.args.kw_defaults]
            for child in [*defaults, *getattr(node, "decorator_list", [])]:
                if child is not None:
                    visit(child, in_function)
            for child in node.body if isinstance(node.body, list) else [node.body]:
                visit(child, True)
            return
        if (
            not in_function
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in names
        ):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, in_function)

    visit(tree, False)
    return found


def _project_modules() -> list[Path]:
    paths = []
    for app in APPS:
        for path in (settings.BASE_DIR / app).rglob("*.py"):
            if "migrations" not in path.parts and "tests" not in path.parts:
                paths.append(path)
    return paths


def test_the_walk_sees_a_frozen_translation():
    tree = ast.parse(
        "from django.utils.translation import gettext as _\n"
        "HELP = {'a': _('Frozen')}\n"
        "def view():\n    return _('Fine')\n"
        "class Form:\n    label = _('Frozen too')\n"
    )
    assert _import_time_calls(tree, _eager_names(tree)) == [2, 6]


def test_no_module_translates_text_when_it_is_imported():
    frozen = []
    for path in _project_modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        names = _eager_names(tree)
        if names:
            relative = path.relative_to(settings.BASE_DIR)
            frozen += [f"{relative}:{line}" for line in _import_time_calls(tree, names)]
    assert not frozen, "gettext at import time (use gettext_lazy): " + ", ".join(frozen)
