"""Canonical form of the YAML a contributor writes, so that diffs show content, not layout.

`canonical_text` rewrites an annotation file (or an article's front matter) as described under
"Canonical form" in annotations/README.md: keys in the order of the models in `schema`, two-space
indentation, ids and vocabulary terms plain, free text double-quoted. Comments are kept, in their
column; a comment on a line of its own stays with the key above it when keys are reordered.

Values are never changed: each string is written back exactly as the strict loader reads it, and
the result is parsed again and compared before anything is written. ruamel.yaml (round-trip
mode) is used because it keeps comments; PyYAML, which the build reads with, drops them.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, PlainScalarString

from build_scripts import kinds, load, schema, yamlstrict
from build_scripts.diagnostics import Position, Report

HINT = "Run `archive fmt {path}` to rewrite it; see \"Canonical form\" in annotations/README.md."
_FRONT_OPEN = re.compile(r"\A---\r?\n")
_FRONT_CLOSE = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_STR = "tag:yaml.org,2002:str"


class CannotFormat(Exception):
    """The file cannot be put in canonical form safely; the message says why."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


# What each key holds, read from the models: how its value is written. ---------------------

@dataclass(frozen=True)
class Spec:
    kind: Literal["model", "list", "plain", "text", "number", "bool", "any"]
    model: type[BaseModel] | None = None
    item: Spec | None = None


ANY = Spec("any")


def _spec(annotation: Any, metadata: tuple = (), name: str = "") -> Spec:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _spec(annotation.__origin__, metadata + annotation.__metadata__, name)
    if origin is typing.Union:
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _spec(options[0], metadata, name) if len(options) == 1 else ANY
    if origin is list:
        return Spec("list", item=_spec(typing.get_args(annotation)[0]))
    if origin is Literal:
        return Spec("plain")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Spec("model", model=annotation)
    if annotation is bool:
        return Spec("bool")
    if annotation in (int, float):
        return Spec("number")
    if annotation is str:
        patterns = {getattr(m, "pattern", None) for m in metadata}
        return Spec("plain") if schema.ID_PATTERN in patterns or name == "language" else Spec("text")
    return ANY


def _field_spec(model: type[BaseModel], key: str) -> Spec:
    field = model.model_fields.get(key)
    if field is None:
        return ANY
    return _spec(field.annotation, tuple(field.metadata), key)


# Writing values ------------------------------------------------------------------------------

_RESOLVER_12 = VersionedResolver()
_RESOLVER_11 = yaml.resolver.Resolver()


def _reads_as_text(value: str) -> bool:
    """True if a plain scalar `value` is a string for YAML 1.1 readers and 1.2 editors alike."""
    return (_RESOLVER_12.resolve(ScalarNode, value, (True, False)) == _STR
            and _RESOLVER_11.resolve(yaml.ScalarNode, value, (True, False)) == _STR)


def _scalar(node: Any, strict: str, spec: Spec) -> Any:
    if spec.kind == "plain":
        plain = re.fullmatch(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*", strict) and _reads_as_text(strict)
        return PlainScalarString(strict) if plain else DoubleQuotedScalarString(strict)
    if spec.kind == "text":
        return DoubleQuotedScalarString(strict)
    return node  # numbers, booleans and unknown keys: as written


def _canonical(node: Any, strict: Any, spec: Spec) -> Any:
    if strict is None:
        return None
    if isinstance(node, CommentedMap) and isinstance(strict, dict):
        model = spec.model if spec.kind == "model" else None
        order = [k for k in (model.model_fields if model else ()) if k in node]
        for key in order + [k for k in list(node) if k not in order]:
            node.move_to_end(key)
        for key in list(node):
            node[key] = _canonical(node[key], strict.get(key), _field_spec(model, key) if model else ANY)
        node.fa.set_block_style()
        return node
    if isinstance(node, CommentedSeq) and isinstance(strict, list):
        item = spec.item if spec.kind == "list" and spec.item else ANY
        for i, value in enumerate(strict):
            node[i] = _canonical(node[i], value, item)
        if not node or (item.kind == "plain" and not node.ca.items):
            node.fa.set_flow_style()
        else:
            node.fa.set_block_style()
        return node
    if isinstance(strict, str) and not isinstance(node, (CommentedMap, CommentedSeq)):
        return _scalar(node, strict, spec)
    return node


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 1_000_000_000  # never fold a line
    rt.allow_unicode = True
    rt.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return rt


def _same(a: Any, b: Any) -> bool:
    """Equal as the build reads them; `True` and `true` are the same boolean."""
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str) and isinstance(b, str) and a.lower() in ("true", "false"):
        return a.lower() == b.lower()
    return a == b


def canonical_yaml(text: str, model: type[BaseModel]) -> str:
    """One YAML document in canonical form; raises CannotFormat if it cannot be done safely."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    strict, _, problems = yamlstrict.parse(text)
    if problems:
        p = problems[0]
        raise CannotFormat(p.line, f"{p.code} {p.message}; fix it before formatting")
    if not isinstance(strict, dict):
        raise CannotFormat(1, "the file is not a mapping of keys to values; fix it before formatting")
    rt = _yaml()
    try:
        node = rt.load(text)
        out = StringIO()
        rt.dump(_canonical(node, strict, Spec("model", model=model)), out)
    except YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise CannotFormat(mark.line + 1 if mark else 1, f"cannot be read for formatting: {err}") from err
    result = out.getvalue().rstrip("\n") + "\n"
    again, _, problems = yamlstrict.parse(result)
    if problems or not _same(strict, again):
        raise CannotFormat(1, "formatting would change a value; please report this and format the file by hand")
    return result


def canonical_text(text: str, kind: load.Kind) -> str:
    """A whole file in canonical form; for an article only the front matter changes, never the body."""
    declared = kinds.BY_FILE_KIND[kind]
    if not declared.front_matter:
        return canonical_yaml(text, declared.model)
    opening = _FRONT_OPEN.match(text)
    closing = _FRONT_CLOSE.search(text, opening.end()) if opening else None
    if closing is None:
        raise CannotFormat(1, "no front matter between two '---' lines; fix it before formatting")
    try:
        front = canonical_yaml(text[opening.end(): closing.start()], declared.model)
    except CannotFormat as err:
        raise CannotFormat(err.line + 1, str(err)) from err
    return "---\n" + front + text[closing.start():]


# Checking and rewriting files -------------------------------------------------------------------

def _first_difference(actual: str, expected: str) -> tuple[int, int, str]:
    """Line, column and description of where `actual` first departs from canonical form."""
    if actual.startswith("\ufeff"):
        return 1, 1, "the file starts with a byte order mark"
    a, e = actual.split("\n"), expected.split("\n")
    for number, (got, want) in enumerate(zip(a, e, strict=False), 1):
        if got == want:
            continue
        col = next((i for i, (x, y) in enumerate(zip(got, want, strict=False)) if x != y), min(len(got), len(want))) + 1
        if got.rstrip("\r") == want:
            return number, len(want) + 1, "Windows line ending (CRLF); canonical files end lines with '\\n' only"
        if got.strip() == want.strip():
            indent = len(want) - len(want.lstrip(" "))
            return number, col, f"indentation differs from canonical form, which indents this line {indent} spaces"
        shown = want.strip() if len(want.strip()) <= 100 else want.strip()[:99] + "…"
        return number, col, f"not in canonical form from here; the line should read: {shown}"
    if len(a) > len(e):
        return len(e), 1, "the file ends with more than one newline"
    return len(a), len(a[-1]) + 1, "the file does not end with a newline"


@dataclass
class Outcome:
    checked: int = 0
    changed: list[str] | None = None
    failed: int = 0


def run(root: Path, files: list[tuple[load.Kind, Path]], report: Report, write: bool) -> Outcome:
    """Check (and, with `write`, rewrite) each file; every problem becomes a diagnostic."""
    outcome = Outcome(changed=[])
    for kind, path in files:
        rel = path.relative_to(root).as_posix()
        outcome.checked += 1
        if load.read_text(path, rel, kinds.BY_FILE_KIND[kind].max_bytes, report) is None:
            outcome.failed += 1
            continue
        text = path.read_bytes().decode("utf-8")
        try:
            canonical = canonical_text(text, kind)
        except CannotFormat as err:
            report.add(Position(rel, err.line), "FMT002", str(err),
                       "`archive check` shows the problem in full; formatting resumes once it is fixed.")
            outcome.failed += 1
            continue
        if canonical == text:
            continue
        outcome.changed.append(rel)
        if write:
            path.write_text(canonical, encoding="utf-8", newline="")
        else:
            line, col, message = _first_difference(text, canonical)
            report.add(Position(rel, line, col), "FMT001", message, HINT.format(path=rel))
    return outcome


__all__ = ["CannotFormat", "Outcome", "canonical_text", "canonical_yaml", "run"]
