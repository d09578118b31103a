"""typolint: a text-quality and typo linter.

The Python API (``check_text``, ``Linter``, ``Finding`` in ``lint.api``; ``check_records`` in
``lint.corpus``) is imported on first use, so that ``import lint`` (and ``typolint --version``)
stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Finding", "Linter", "check_records", "check_text", "__version__"]

if TYPE_CHECKING:
    from lint.api import Finding, Linter, check_text
    from lint.corpus import check_records


def __getattr__(name: str) -> Any:
    """Load the API lazily (PEP 562): ``lint.check_text`` imports ``lint.api`` when first used."""
    if name in ("Finding", "Linter", "check_text"):
        from lint import api

        return getattr(api, name)
    if name == "check_records":
        from lint.corpus import check_records

        return check_records
    raise AttributeError(f"module 'lint' has no attribute {name!r}")
