"""A YAML reader that refuses everything plain data does not need, and remembers positions.

PyYAML's `safe_load` silently keeps the last of two duplicate keys, turns `NO` into False and
`1.10` into 1.1, and expands alias bombs. Here every scalar stays the string the contributor
typed (only `null`, `~` and an empty value mean null); anchors, aliases, tags, duplicate and
non-string keys, several documents and deep nesting are problems reported with line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

MAX_DEPTH = 32
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"

Path = tuple[Any, ...]


@dataclass(frozen=True)
class YamlProblem:
    line: int
    col: int
    code: str
    message: str
    hint: str


class YamlError(Exception):
    def __init__(self, problem: YamlProblem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Positions:
    """Where each value (and each mapping key) of a document starts, by its path."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def of(self, path: Path) -> tuple[int, int]:
        """The position of a path, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def of_key(self, path: Path) -> tuple[int, int]:
        return self.keys.get(tuple(path)) or self.of(path)


class _StrictLoader(yaml.SafeLoader):
    """Composes nodes only; constructs nothing, resolves nothing but null."""

    yaml_implicit_resolvers: dict = {}

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise YamlError(_problem(event.start_mark, "YAML003", f"alias '*{event.anchor}' is not allowed",
                                     "Write the value out in full; anchors and aliases are refused."))
        if getattr(event, "anchor", None):
            raise YamlError(_problem(event.start_mark, "YAML003", f"anchor '&{event.anchor}' is not allowed",
                                     "Remove the anchor and write each value out in full."))
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise YamlError(_problem(event.start_mark, "YAML004", f"tag '{tag}' is not allowed",
                                     "Remove the tag; quote the value if it must stay text."))
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise YamlError(_problem(event.start_mark, "YAML007", f"nesting deeper than {MAX_DEPTH} levels",
                                     "Annotation files are shallow; flatten this structure."))
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_StrictLoader.add_implicit_resolver(NULL_TAG, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def _problem(mark, code: str, message: str, hint: str) -> YamlProblem:
    return YamlProblem(mark.line + 1, mark.column + 1, code, message, hint)


def _code_point(character: int | str) -> int:
    return character if isinstance(character, int) else ord(character)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def parse(text: str, line_offset: int = 0) -> tuple[Any, Positions, list[YamlProblem]]:
    """Parse one YAML document into plain dicts, lists, strings and None.

    Returns the data, the positions of its values, and the problems found; when a problem
    stops parsing, the data is None. `line_offset` is where the document starts in its file
    (front matter), used only in messages that cite another line.
    """
    positions = Positions()
    problems: list[YamlProblem] = []
    loader = None
    try:
        loader = _StrictLoader(text)
        node = loader.get_single_node()
    except YamlError as err:
        return None, positions, [err.problem]
    except yaml.composer.ComposerError as err:
        mark = err.problem_mark or err.context_mark
        return None, positions, [_problem(mark, "YAML006", "a file holds one YAML document only",
                                          "Remove the second '---' and what follows it, or split the file.")]
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        code = "YAML001"
        message = (err.problem or str(err)).strip()
        return None, positions, [_problem(mark, code, f"YAML syntax: {message}",
                                          "Check indentation, colons and quotes on this line and the one before.")]
    except yaml.reader.ReaderError as err:
        line, col = _line_col(text, err.position)
        return None, positions, [YamlProblem(line, col, "YAML008",
                                             f"character U+{_code_point(err.character):04X} is not allowed in YAML",
                                             "Remove control characters; save the file as UTF-8 text.")]
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return None, positions, problems
    data = _to_python(node, (), positions, problems, line_offset)
    return data, positions, problems


def _to_python(node, path: Path, positions: Positions, problems: list[YamlProblem], line_offset: int = 0) -> Any:
    positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, ScalarNode):
        return None if node.tag == NULL_TAG else node.value
    if isinstance(node, SequenceNode):
        return [_to_python(item, path + (i,), positions, problems, line_offset) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag != STR_TAG:
            problems.append(_problem(key_node.start_mark, "YAML005", "mapping keys must be plain text",
                                     "Use a simple word as the key, such as 'id' or 'quote'."))
            continue
        key = key_node.value
        where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key in first_seen:
            line, col = first_seen[key]
            problems.append(YamlProblem(*where, "YAML002",
                                        f"duplicate key '{key}' (first at line {line + line_offset}, column {col})",
                                        "Keep one of the two; YAML would silently drop the first."))
            continue
        first_seen[key] = where
        positions.keys[path + (key,)] = where
        result[key] = _to_python(value_node, path + (key,), positions, problems, line_offset)
    return result
