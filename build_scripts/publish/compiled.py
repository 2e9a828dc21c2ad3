"""The theme's templates compiled once per `mkdocs serve` process, not once per rebuild.

MkDocs makes a new Jinja environment for every build, and so compiled Material's templates (about
forty) again on every rebuild of the preview. `Compiled` is a Jinja bytecode cache held in memory
for the process: Jinja keys each template by its name and file and checks a checksum of its
source, so a template that was edited is compiled again.
"""

from __future__ import annotations

import jinja2

__all__ = ["Compiled"]


class Compiled(jinja2.BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
