"""JSON Schema files for editors, generated from the pydantic models in `schema`.

An editor with a YAML language server (VS Code's YAML extension through `.vscode/settings.json`,
others through a `# yaml-language-server: $schema=...` first line) uses them to complete keys,
show each key's description and flag an unknown key or vocabulary term while typing. They are
an aid, not the authority: `archive check` also checks what a schema cannot say, such as quotes
that must occur in the article, ids that must exist and dates that must be real days.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from build_scripts import schema
from build_scripts.load import Kind

SCHEMA_DIR = Path("annotations/schemas")
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class EditorSchema:
    file_name: str
    model: type[BaseModel]
    title: str
    applies_to: str


SCHEMAS: dict[Kind, EditorSchema] = {
    "actor": EditorSchema("actor.schema.json", schema.Actor, "Actor", "annotations/actors/<actor-id>.yml"),
    "claims": EditorSchema("claims.schema.json", schema.ClaimsFile, "Claims of one article",
                           "annotations/claims/<article-id>.yml"),
    "dispute": EditorSchema("dispute.schema.json", schema.Dispute, "Dispute", "annotations/disputes/<dispute-id>.yml"),
    "article": EditorSchema("article-front-matter.schema.json", schema.ArticleMeta, "Article front matter",
                            "the front matter of articles/<article-id>.md"),
}


def generate(kind: Kind) -> dict:
    """The JSON Schema of one kind of file."""
    spec = SCHEMAS[kind]
    result = spec.model.model_json_schema(mode="validation")
    result["$schema"] = DIALECT
    # A relative $id resolves to the file's own location, wherever the repository is checked out.
    result["$id"] = spec.file_name
    result["title"] = f"{spec.title} ({spec.applies_to})"
    result["description"] = (
        f"{(spec.model.__doc__ or '').strip()} Generated from build_scripts/schema.py by `archive schema`; "
        "do not edit. An editor aid: `archive check` is the authority and also checks cross-references, "
        "quotes and dates; see annotations/README.md.")
    return result


def render(kind: Kind) -> str:
    """The schema as committed: sorted keys, two-space indent, one trailing newline."""
    return json.dumps(generate(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(out: Path) -> list[tuple[Path, bool]]:
    """Write every schema into `out`; returns each path and whether it changed."""
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for kind, spec in SCHEMAS.items():
        path = out / spec.file_name
        text = render(kind)
        changed = not path.is_file() or path.read_text(encoding="utf-8") != text
        if changed:
            path.write_text(text, encoding="utf-8", newline="\n")
        results.append((path, changed))
    return results
