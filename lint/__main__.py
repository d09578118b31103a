"""Entry point for ``python -m lint``."""

from lint.cli import main

main()
