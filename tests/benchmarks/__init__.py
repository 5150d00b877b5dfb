"""Benchmarks printed by `make bench`: each `bench_*.py` module here has `run() -> dict`."""
