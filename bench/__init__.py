"""Benchmarks for the township store: `python -m bench` runs them all and reports ratios to same-run baselines."""
