"""No function in crm/ is longer than 80 lines (issue #18): a longer one wants splitting
along its steps."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 80


def function_lengths(path: Path) -> list[tuple[str, int]]:
    """Each function of the file (methods and nested ones too) by its qualified name and
    its length in lines, from `def` to its last line."""
    lengths: list[tuple[str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                lengths.append((name, (child.end_lineno or child.lineno) - child.lineno + 1))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return lengths


def test_no_function_in_crm_is_longer_than_80_lines() -> None:
    too_long = {
        f"{path.relative_to(ROOT)}:{name}": lines
        for path in sorted((ROOT / "crm").rglob("*.py"))
        for name, lines in function_lengths(path)
        if lines > LIMIT
    }
    assert too_long == {}


def test_a_long_method_is_measured_from_def_to_its_last_line(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    body = "".join(f"        x{i} = {i}\n" for i in range(LIMIT))
    module.write_text(f"class A:\n    @property\n    def long(self):\n{body}        return 1\n")
    assert function_lengths(module) == [("A.long", LIMIT + 2)]
