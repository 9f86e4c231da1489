"""The reader stays small: its JavaScript and CSS within their gzipped budgets."""

from ..conftest import load_bench

budgets = load_bench("budgets")


def test_the_reader_is_within_its_budgets():
    for name, (raw, packed, budget) in budgets.weigh().items():
        assert 0 < packed <= budget, f"{name}: {packed} bytes gzipped, budget {budget}"
