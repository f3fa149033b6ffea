"""crm.names is a pure library: it imports neither the database layer nor strawberry."""

from __future__ import annotations

import subprocess
import sys

CHECK = """
import sys
import crm.names
loaded = [m for m in sys.modules if m.split(".")[0] in {"strawberry", "sqlalchemy", "sqlmodel"}
          or m.startswith("crm.db") or m.startswith("crm.schema")]
print(",".join(loaded))
"""


def test_names_package_imports_no_database_or_graphql() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
