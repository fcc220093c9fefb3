#!/usr/bin/env python
"""Django's command-line utility; `chidao` (config/cli.py) is the same with friendlier names."""

import sys

from config.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
