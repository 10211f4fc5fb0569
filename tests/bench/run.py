"""Run the connector benchmarks (see README.md, "Benchmarks").

    python tests/bench/run.py -c odoo.conf -d bench_db [--quick] [--only orders,stock]

Needs Odoo's Python and a database where ``test_ecommerce_base`` is
installed; ``bash .ci/bench`` prepares both. The database gets committed bench
data: use a scratch database.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
