"""The one error base: every user-facing failure is a TypolintError that knows its exit status."""

from __future__ import annotations


class TypolintError(Exception):
    """A failure reported as one ``error:`` line; ``status`` is the exit status it implies."""

    status: int = 2


class UsageError(TypolintError):
    """Flags or arguments that cannot be used together or at all."""


class ConfigError(TypolintError):
    """A configuration file that cannot be used: ``path: key: what is wrong``."""


class InputError(TypolintError):
    """A path that cannot be read or decoded; the message is one line for the user."""


class EngineError(TypolintError):
    """An engine could not check everything it was given (LanguageTool down, a rule that failed)."""

    status = 3
