"""Errors a coordinator can act on: which file, which row and column, what was expected."""

from __future__ import annotations


class RosterError(Exception):
    """Base of every error the CLI turns into a message and exit code 2."""


class InputError(RosterError):
    """Bad input: names the file, row (1-based, as a spreadsheet shows it) and column."""

    def __init__(
        self, file: str, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class PushFailed(RosterError):
    """A calendar server could not be reached or refused; the message says what was pushed
    before (the CLI's exit code 4)."""
