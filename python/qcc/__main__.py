"""python3 -m qcc: the command line (see qcc.cli)."""
import sys

from qcc.cli import main

sys.exit(main())
