"""Benchmarks of Zukunftsstadt: run with `make bench` (never part of `make test`).

See bench/README.md for what is measured and how to read the figures.
"""
