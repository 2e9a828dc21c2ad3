"""One place that turns any problem into `path:line:col: CODE message` plus a hint."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Position:
    """A place in a contributor's file; line and column count from 1."""

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Diagnostic:
    position: Position
    code: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def sort_key(self) -> tuple:
        return (self.position, self.code, self.message)

    def format(self) -> str:
        p = self.position
        text = f"{p.path}:{p.line}:{p.col}: {self.code} {self.message}"
        if self.severity == "warning":
            text = f"{p.path}:{p.line}:{p.col}: {self.code} warning: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass
class Report:
    """Collects every diagnostic of a run, so a contributor sees all problems at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        position: Position,
        code: str,
        message: str,
        hint: str = "",
        severity: Severity = "error",
    ) -> None:
        self.items.append(Diagnostic(position, code, message, hint, severity))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Diagnostic]:
        unique = {(d.sort_key(), d.hint, d.severity): d for d in self.items}
        return [unique[k] for k in sorted(unique)]

    def format(self) -> str:
        return "\n".join(d.format() for d in self.sorted())

    def summary(self) -> str:
        errors = len(self.errors)
        warnings = len(self.items) - errors
        return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
