"""kith's exceptions. Every message names the input and says what to do next.

KithError                     base; the CLI prints "Error: <message>" and exits 1
 +-- UsageError               a bad option value (date, enum, number) -> exit 2
 +-- NotFoundError            a named thing does not exist -> exit 3
 |    +-- PersonNotFoundError
 +-- AmbiguousError           a name matches several people -> exit 4
 +-- ConflictError            the change would contradict existing data -> exit 5
 +-- ImportFormatError        an input file cannot be read -> exit 6
 +-- DatabaseError            storage missing, too old or unreachable -> exit 7
"""

from __future__ import annotations

from collections.abc import Sequence


class KithError(Exception):
    """Base class: a problem the user can fix. ``hint`` is the next step."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if not self.hint:
            return self.message
        joint = "" if self.message.endswith((".", "!", "?", ":")) else "."
        return f"{self.message}{joint} {self.hint}"


class UsageError(KithError):
    exit_code = 2


class SelfReferenceError(UsageError):
    """You named yourself where only other people fit (the people you met)."""


class NotFoundError(KithError):
    exit_code = 3


class PersonNotFoundError(NotFoundError):
    """``similar``: names close to the query ("Ana Lima (id 4)"), offered as a guess."""

    def __init__(self, query: str, similar: Sequence[str] = ()) -> None:
        guess = f"Did you mean {' or '.join(similar)}? " if similar else ""
        super().__init__(
            f"No person matches '{query}'.",
            hint=f"{guess}Check the spelling, or list people with `kith people list`.",
        )
        self.query = query
        self.similar = list(similar)


class AmbiguousError(KithError):
    exit_code = 4

    def __init__(self, query: str, candidates: Sequence[str]) -> None:
        listed = "; ".join(candidates)
        super().__init__(
            f"'{query}' matches {len(candidates)} people: {listed}.",
            hint="Use more of the name, an email or the id.",
        )
        self.query = query
        self.candidates = list(candidates)


class ConflictError(KithError):
    exit_code = 5


class ImportFormatError(KithError):
    exit_code = 6

    def __init__(
        self, message: str, *, file: str, line: int | None = None, hint: str | None = None
    ) -> None:
        where = f"`{file}`" if line is None else f"`{file}` line {line}"
        super().__init__(f"Could not read {where}: {message}", hint=hint)
        self.file = file
        self.line = line
        self.reason = message


class DatabaseError(KithError):
    exit_code = 7
