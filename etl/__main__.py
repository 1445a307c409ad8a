"""`python -m etl …` — same as the `ua-gas` console script."""

import sys

from etl.cli import main

sys.exit(main())
