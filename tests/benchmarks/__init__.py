"""Benchmarks: `make bench` (python -m tests.benchmarks) prints one `name: value` a line.

Each `bench_*.py` module here exposes `run() -> dict[str, float]`. Where a baseline exists
(a bare ffmpeg command, the search engine queried directly) the figure is a ratio against it,
measured in the same run.
"""
