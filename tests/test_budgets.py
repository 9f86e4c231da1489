"""The reader stays small: its JavaScript and CSS within their gzipped budgets."""

import importlib.util

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("budgets", ROOT / "bench" / "budgets.py")
budgets = importlib.util.module_from_spec(spec)
spec.loader.exec_module(budgets)


def test_the_reader_is_within_its_budgets():
    for name, (raw, packed, budget) in budgets.weigh().items():
        assert 0 < packed <= budget, f"{name}: {packed} bytes gzipped, budget {budget}"
