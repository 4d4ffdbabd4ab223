"""Errors that map to the CONTRACT's exit codes.

Library code raises these; only the CLI turns them into a message on stderr and an exit code.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_REJECTS = 1  # done, but some input records were rejected
EXIT_USAGE = 2  # unusable invocation, config or input file


class AsnwatchError(Exception):
    """Base class; ``exit_code`` is what the CLI exits with.

    ``option`` names the input a caller gave wrongly (``"role"``, ``"lease"``): the library's message says
    ``role: ...``, and the CLI shows it as its flag (``--role: ...``), so library code names no CLI flag.
    """

    exit_code = EXIT_USAGE
    option: str | None = None
    detail: str = ""

    def for_cli(self) -> str:
        """The message as the command line shows it: the option as its ``--flag``."""
        if self.option and self.detail:
            return f"--{self.option.replace('_', '-')}: {self.detail}"
        return str(self)


class OptionError(AsnwatchError):
    """A value given for one option that the library cannot use (``OptionError("must be positive", option="lease")``)."""

    def __init__(self, message: str, *, option: str | None = None) -> None:
        self.option = option
        self.detail = message
        super().__init__(f"{option}: {message}" if option else message)


class InputError(AsnwatchError):
    """An input or config file that cannot be used. The message names the file (and line or key)."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        key: str | None = None,
        option: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.key = key or option
        if option and path is None:
            self.option, self.detail = option, message
        where = ""
        if self.path:
            where = self.path
            if line is not None:
                where += f":{line}"
            where += ": "
        if self.key:
            message = f"{self.key}: {message}"
        super().__init__(f"{where}{message}")


class ConfigError(InputError):
    """An election, training or mapping config that breaks its schema."""


class OutputError(AsnwatchError):
    """An output file that cannot be written (disk full, quota, read-only file system); nothing was written."""

    def __init__(self, message: str, *, path: str | Path) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {message}")


class StoreError(AsnwatchError):
    """The database cannot be reached or is in an unexpected state."""


class ModelError(AsnwatchError):
    """A model directory or name that cannot be loaded."""
