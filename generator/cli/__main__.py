"""`python -m generator.cli ...` runs the `jejak` command line."""

import sys

from generator.cli.main import main

sys.exit(main())
