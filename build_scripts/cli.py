"""`archive`: check the archive and build its pages from the command line.

Exit codes: 0 no errors (warnings allowed), 1 the archive has errors, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from build_scripts import pipeline


def _print_report(result: pipeline.Result, fmt: str) -> None:
    for d in result.report.sorted():
        if fmt == "github":
            level = "error" if d.severity == "error" else "warning"
            message = f"{d.code} {d.message}" + (f" — hint: {d.hint}" if d.hint else "")
            message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::{level} file={d.position.path},line={d.position.line},col={d.position.col}::{message}")
        else:
            print(d.format())


def _counts(result: pipeline.Result) -> str:
    a = result.archive
    if a is None:
        return ""
    return (f"{len(a.articles)} articles, {len(a.actors)} actors, {len(a.claims)} claims, "
            f"{len(a.disputes)} disputes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="archive", description=__doc__.splitlines()[0],
                                     epilog="Exit codes: 0 no errors, 1 the archive has errors, 2 wrong usage.")
    parser.add_argument("--root", type=Path, default=Path("."), help="archive root (default: current folder)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate every article and annotation; print all problems")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="'github' prints GitHub Actions annotations")
    build = sub.add_parser("build", help="check, then write the generated Markdown pages")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: docs/generated)")
    args = parser.parse_args(argv)

    root = args.root
    if not (root / "articles").is_dir():
        print(f"archive: {root.resolve()} has no articles/ folder; run from the archive root or pass --root",
              file=sys.stderr)
        return 2
    if args.command == "check":
        result = pipeline.check(root)
        _print_report(result, args.format)
        print(f"checked: {_counts(result) or 'archive not linked'}; {result.report.summary()}", file=sys.stderr)
        return 0 if result.report.ok else 1
    result = pipeline.generate(root, args.out)
    _print_report(result, "text")
    if result.written is None:
        print(f"build failed: {result.report.summary()}; nothing was written", file=sys.stderr)
        return 1
    w = result.written
    print(f"built {result.pages} pages ({_counts(result)}): {w.written} written, {w.unchanged} unchanged, "
          f"{w.removed} removed; {result.report.summary()}", file=sys.stderr)
    return 0
