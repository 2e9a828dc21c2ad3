"""One place that turns any problem into `path:line:col: CODE message` plus a hint."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

from build_scripts.codes import ALLOWED

# What each severity does is said in codes.SEVERITIES; each code's severities are in codes.CODES.
Severity = Literal["error", "warning", "advisory"]
LOG_LEVELS: dict[str, int] = {"error": logging.ERROR, "warning": logging.WARNING, "advisory": logging.INFO}


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(character: str) -> str:
    code = ord(character)
    if character in _SHORT:
        return _SHORT[character]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str, also: str = "") -> str:
    """`text` with every character that is not printable (control characters, line and paragraph
    separators, format characters such as bidi controls, spaces other than ' ') written as a
    Python-style escape (\\n, \\x85, \\u2028), and each character of `also` as \\xNN: text
    from a contributor's files can then never start a new output line or forge a diagnostic."""
    if text.isprintable() and not any(c in text for c in also):
        return text
    return "".join(c if c.isprintable() and c not in also else _escape(c) for c in text)


def printable_path(path: str) -> str:
    """A path as printed before `:line:col:`: `printable`, with ':' and '\\' escaped too, so the
    first `:line:col: ` of a diagnostic line is always the real one."""
    return printable(path, also=":\\")


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

    @property
    def log_level(self) -> int:
        """The level a build logs this diagnostic at (see `Severity`)."""
        return LOG_LEVELS[self.severity]

    def format(self) -> str:
        """`path:line:col: CODE message` and, when there is a hint, a second line `    hint: …`;
        nothing taken from a contributor's files can add a line (see `printable`)."""
        p = self.position
        where = f"{printable_path(p.path)}:{p.line}:{p.col}: {self.code}"
        warning = "warning: " if self.severity != "error" else ""
        text = f"{where} {warning}{printable(self.message)}"
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
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
        """Collect one diagnostic. A code not in build_scripts/codes.py, or a severity it does not
        record for the code, is a mistake in the generator: ValueError, so that a test using it fails."""
        if severity not in ALLOWED.get(code, ()):
            raise ValueError(_uncatalogued(code, severity))
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


def _uncatalogued(code: str, severity: str) -> str:
    fix = "; then run `archive codes --markdown > DIAGNOSTICS.md`"
    if code not in ALLOWED:
        return (f"diagnostic code {code!r} is not catalogued: add it to build_scripts/codes.py, with its meaning, "
                f"severity and hint{fix}")
    return (f"diagnostic code {code!r} is catalogued as {', '.join(sorted(ALLOWED[code]))}, not {severity!r}: "
            f"record the severity in build_scripts/codes.py{fix}")


__all__ = ["LOG_LEVELS", "Diagnostic", "Position", "Report", "Severity", "printable", "printable_path"]
