"""``python -m purenn``: the teaching calculator (see purenn/calculator.py)."""
import sys

from .calculator import main

if __name__ == "__main__":
    sys.exit(main())
