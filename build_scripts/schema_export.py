"""JSON Schema files for editors, generated from the pydantic models in `schema`.

An editor with a YAML language server (VS Code's YAML extension through `.vscode/settings.json`,
others through a `# yaml-language-server: $schema=...` first line) uses them to complete keys,
show each key's description and flag an unknown key or vocabulary term while typing. They are
an aid, not the authority: `archive check` also checks what a schema cannot say, such as quotes
that must occur in the article, ids that must exist and dates that must be real days.
"""

from __future__ import annotations

import json
from pathlib import Path

from build_scripts import kinds

SCHEMA_DIR = Path("annotations/schemas")
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def generate(file_kind: str) -> dict:
    """The JSON Schema of one kind of file (a kind's `file_kind`: "article", "claims", …)."""
    kind = kinds.BY_FILE_KIND[file_kind]
    result = kind.model.model_json_schema(mode="validation")
    result["$schema"] = DIALECT
    # A relative $id resolves to the file's own location, wherever the repository is checked out.
    result["$id"] = kind.schema_file
    applies_to = f"the front matter of {kind.file_pattern}" if kind.front_matter else kind.file_pattern
    result["title"] = f"{kind.schema_title} ({applies_to})"
    result["description"] = (
        f"{(kind.model.__doc__ or '').strip()} Generated from build_scripts/schema.py by `archive schema`; "
        "do not edit. An editor aid: `archive check` is the authority and also checks cross-references, "
        "quotes and dates; see annotations/README.md.")
    return result


def render(file_kind: str) -> str:
    """The schema as committed: sorted keys, two-space indent, one trailing newline."""
    return json.dumps(generate(file_kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(out: Path) -> list[tuple[Path, bool]]:
    """Write every schema into `out`; returns each path and whether it changed."""
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for kind in kinds.KINDS:
        path = out / kind.schema_file
        text = render(kind.file_kind)
        changed = not path.is_file() or path.read_text(encoding="utf-8") != text
        if changed:
            path.write_text(text, encoding="utf-8", newline="\n")
        results.append((path, changed))
    return results


__all__ = ["SCHEMA_DIR", "generate", "render", "write_all"]
