"""The one error base: every user-facing failure is a TypolintError that knows its exit status."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NoReturn


class TypolintError(Exception):
    """A failure reported as one ``error:`` line; ``status`` is the exit status it implies.

    The command line catches it in one place (``lint.cli``), prints it and exits with ``status``.
    """

    status: int = 2

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


class UsageError(TypolintError):
    """Flags or arguments that cannot be used together or at all."""


class ConfigError(TypolintError):
    """A configuration file that cannot be used: ``path: key: what is wrong``."""


class InputError(TypolintError):
    """A path that cannot be read or decoded; the message is one line for the user."""


class EngineError(TypolintError):
    """An engine could not check everything it was given (LanguageTool down, a rule that failed)."""

    status = 3


def fail(message: str, status: int = 2) -> NoReturn:
    """Stop the command with one ``error: message`` line and exit ``status``."""
    raise TypolintError(message, status)


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` naming the choice closest to a misspelt ``name``, or ``""``."""
    import difflib  # only on the way to an error (2 ms of start-up otherwise)

    close = difflib.get_close_matches(name, sorted(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
