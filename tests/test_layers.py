"""The one-way layers of crm/ (docs/architecture.md): nothing imports what stands above it,
and the importer reaches the write path only through public names."""

from __future__ import annotations

import ast
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_points_down_the_layers() -> None:
    # The contracts are in pyproject.toml ([tool.importlinter]): an import of a higher
    # layer (a resolver importing crm.schema, say) breaks them, with the line named.
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def private_names_taken(path: Path) -> list[str]:
    """`from crm… import _name` and `module._name` for modules of crm imported by `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()
    taken = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("crm"):
            for alias in node.names:
                if alias.name.startswith("_"):
                    taken.append(f"{node.module}.{alias.name}")
                else:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name.startswith("crm"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            taken.append(f"{node.value.id}.{node.attr}")
    return taken


def test_the_transfer_package_takes_no_private_name() -> None:
    taken = {
        str(path.relative_to(ROOT)): names
        for path in sorted((ROOT / "crm" / "transfer").glob("*.py"))
        if (names := private_names_taken(path))
    }
    assert taken == {}


def test_a_private_name_taken_is_found(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text("from crm.db import name_index\nname_index._replace(1, 2, 3, 4)\n")
    assert private_names_taken(module) == ["name_index._replace"]
