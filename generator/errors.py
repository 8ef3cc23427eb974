"""Problems a user can cause, reported as ``path:line: message`` and never as a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one content file."""

    path: str
    """The file, relative to the project when possible."""
    line: int
    """1-based line number; 0 when the problem concerns the whole file."""
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class UserError(Exception):
    """A mistake a user can cause and fix: its message is the whole report, never a traceback.
    The command line prints it and exits 1; the MkDocs plugin fails the build with it."""


class ContentError(UserError):
    """Raised with every problem found in a run, sorted by file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))


class Problems:
    """Collects problems so that one run reports all of them, then fails once."""

    def __init__(self) -> None:
        self._found: list[Problem] = []

    def add(self, path: str | Path, line: int, message: str) -> None:
        self._found.append(Problem(str(path), line, message))

    def __iter__(self):
        return iter(sorted(self._found))

    def __len__(self) -> int:
        return len(self._found)

    def raise_if_any(self) -> None:
        if self._found:
            raise ContentError(self._found)
