"""Performance benchmarks of the connector suite (see README.md, "Benchmarks").

Run ``python tests/bench/run.py --help``; ``bash .ci/bench`` prepares the
database and runs it.
"""
