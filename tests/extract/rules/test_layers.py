"""The relation rules read the predicate-argument layer (graphbuild.extract.predicates), never a
dependency label: no rule module reads `.dep_` or imports graphbuild.extract.syntax."""

from __future__ import annotations

import ast
from pathlib import Path

import graphbuild.extract.rules as rules_package

RULES_DIR = Path(rules_package.__file__).resolve().parent


_SYNTAX = "graphbuild.extract.syntax"


def _imported(node: ast.AST) -> set[str]:
    if isinstance(node, ast.ImportFrom):
        return {node.module or ""}
    return {a.name for a in node.names} if isinstance(node, ast.Import) else set()


def _label_reads(path: Path) -> list[str]:
    """Where a module reads a dependency label or imports the label helpers."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"dep_", "dep"}:
            found.append(f"{path.name}:{node.lineno}: .{node.attr}")
        elif _SYNTAX in _imported(node):
            found.append(f"{path.name}:{node.lineno}: imports {_SYNTAX}")
    return found


def test_rule_modules_read_roles_not_dependency_labels() -> None:
    modules = sorted(RULES_DIR.glob("*.py"))
    assert len(modules) > 5
    reads = [r for p in modules for r in _label_reads(p)]
    assert not reads, "rule modules must ask graphbuild.extract.predicates:\n" + "\n".join(reads)


def test_the_guard_sees_a_label_read(tmp_path: Path) -> None:
    module = tmp_path / "rule.py"
    module.write_text(
        "from graphbuild.extract.syntax import children\ndef f(t):\n    return t.dep_ == 'nsubj'\n",
        encoding="utf-8",
    )
    assert _label_reads(module) == [
        "rule.py:1: imports graphbuild.extract.syntax",
        "rule.py:3: .dep_",
    ]


def test_only_the_role_layer_and_coreference_read_the_label_helpers() -> None:
    package = RULES_DIR.parent.parent
    readers = {
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if any(_SYNTAX in _imported(n) for n in ast.walk(ast.parse(p.read_text("utf-8"))))
    }
    assert readers == {"extract/predicates.py", "extract/coref.py"}
