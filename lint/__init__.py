"""typolint: a text-quality and typo linter."""

__version__ = "0.1.0"
