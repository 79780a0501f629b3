"""The project's documented errors.

`InputError` is a problem with one input file; the run reports it as a CC9xx
finding and goes on with the other files. `ConfigError` and `PackError` are
problems with configuration or rule packs: they stop the run with exit code 2
and name the file, position and key.
"""

from __future__ import annotations


class ClaimcheckError(Exception):
    """Base class of every error claimcheck raises on purpose."""


class InputError(ClaimcheckError):
    """An input file could not be read or parsed (reported as a CC9xx finding)."""

    def __init__(self, code: str, path: str, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(f"{path}:{line}:{col}: {code} {message}")
        self.code = code
        self.path = path
        self.message = message
        self.line = line
        self.col = col


class PackError(ClaimcheckError):
    """A rule pack is malformed; the message names the file, line and key."""


class ConfigError(ClaimcheckError):
    """A configuration file or option is invalid; the message names the file and key."""


class FactsError(ClaimcheckError):
    """A fact file or fact store is malformed or unreachable; the message names the file, line and key."""
