"""The examples in crm.names docstrings run and stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "normalize", "romanization", "surnames", "keys", "organization", "similarity", "match",
    "cantonese", "minnan", "hakka", "teochew", "spelling", "syllables", "sources",
]  # fmt: skip


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"crm.names.{module}"))
    assert result.failed == 0
