"""Build the site: `python build.py [build|check|serve] [options]` (see README)."""

import sys

from glossator.cli import main

if __name__ == "__main__":
    sys.exit(main())
