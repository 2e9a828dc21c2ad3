"""`archive`: check, format and build the archive; start new articles and events; export editor schemas.

Run it from the archive root (the folder that holds articles/ and annotations/), or pass
`--root DIR` before the command. Paths given as FILES are relative to the current folder.

archive check [FILES...] [--format text|github] [--progress | --no-progress]
    Check every article and annotation file: YAML, keys and values, ids and cross-references,
    quotes against the article text; and that docs/ and overrides/, which the site publishes,
    hold no symbolic link (FILE005). Each problem is printed as `path:line:col: CODE message`
    followed by a `hint:` line; a summary goes to standard error. A character of a path or
    message that could start a line or hide (a line break, a control or format character) is
    printed as an escape such as \\n or \\u2028, and so are ':' and '\\' in a path (\\x3a,
    \\x5c): each problem is one line, whatever the files hold. The whole archive is always
    checked, since a reference in one file can break in another; with FILES (files or folders)
    only their problems are printed, and problems elsewhere are counted but not shown. The
    exit code still covers the whole archive. `--format github` prints GitHub Actions
    annotations instead. Progress per stage (loaded, validated, linked) goes to standard error
    when it is a terminal, or with `--progress`; `--no-progress` silences it.

archive fmt [--check] [--format text|github] [FILES...]
    Put annotation files (actors, claims, disputes) and the front matter of articles in the
    canonical form described in annotations/README.md, keeping comments; an article's text is
    never touched. Without FILES, every such file. With `--check`, nothing is rewritten: each
    file not in canonical form is reported as `path:line:col: FMT001 message` with a hint.
    A file whose YAML is broken is reported as FMT002 and left alone.

archive new article [--id ID] [--title TITLE] [FILE | -]
    Create articles/<id>.md from the plain text in FILE (or standard input, `-`, the default),
    kept verbatim except that line endings become "\\n", and an empty claims file
    annotations/claims/<id>.yml. The front matter has every key the text has not yet given as
    `null`, with a comment saying what belongs there. The id is ID, or made from TITLE or the
    first line of the text (lowercase ASCII and hyphens, at most 80 characters); an existing
    file is never overwritten. `--title` sets the headline as printed in the text. The pair
    passes `archive check` as created.

archive new event ID --title TITLE --type TYPE
    Create annotations/events/<ID>.yml: an incident that claims of any article can describe
    (`event: ID` in a claims file). The file has the title and type given, every date null with
    a basis saying it is not dated yet, and every other key empty, each with a comment saying
    what belongs there; an existing file is never overwritten. TYPE is one of the event types
    (annotations/README.md). The record passes `archive check` as created, with a warning
    (CONS009) until a claim points to it.

archive new place ID --name NAME --kind KIND [--parent PARENT]
    Create annotations/places/<ID>.yml: a place of the gazetteer named NAME, of the kind KIND
    (annotations/README.md lists the place kinds), lying in the place PARENT if given. Every
    key is written, commented; the coordinates stay null, with location_unknown saying that no
    source has been looked up yet, until a citable source gives them (the file's comments show
    how to write them with their basis). The file is checked with the archive's other places
    before it is written (the parent must exist, the name must be no other place's) and is
    never overwritten.

archive schema [--out DIR]
    Write the JSON Schema of each kind of file, generated from build_scripts/schema.py, into
    DIR (default: annotations/schemas/), for editors: actor.schema.json, claims.schema.json,
    dispute.schema.json, place.schema.json, event.schema.json, article-front-matter.schema.json.
    Run it after changing schema.py.

archive build [--out DIR] [--force]
    Check, then write the generated Markdown pages into DIR (default: generated/). On
    any error nothing is written. When no article, annotation, generator file or output file
    changed since the last build, nothing is redone (the fingerprint next to DIR, e.g.
    .generated.stamp); --force redoes everything.

archive codes [CODES...] [--markdown]
    Print the catalogue of diagnostic codes (build_scripts/codes.py): each code's title,
    severities, meaning and fix. CODES (codes or families, e.g. QUOTE002 or SEG) print only
    those. `--markdown` prints the whole reference as Markdown, the text of DIAGNOSTICS.md.

Exit codes (every command):
    0  success: no errors (warnings allowed), files canonical or formatted, files created
    1  errors: the archive has errors, a file is not in canonical form or cannot be formatted,
       `new` refused (the id is taken, the text is empty or cannot be read), nothing built
    2  wrong usage: unknown command or option, an invalid --id, a path that does not exist or
       lies outside the archive, no articles/ folder under the root
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from build_scripts import docs_tree, fmt, fork, kinds, pipeline, scaffold, schema, schema_export, vocabulary
from build_scripts.diagnostics import Diagnostic, Report, printable
from build_scripts.load import discover

EXIT_CODES = __doc__[__doc__.index("Exit codes"):]


class UsageError(Exception):
    """A mistake in how the command was called; exit code 2."""


def _sections() -> dict[str, str]:
    """The docstring's paragraph about each command, for its --help."""
    found: dict[str, str] = {}
    for block in __doc__.split("\n\narchive ")[1:]:
        words = block.split()
        text = "archive " + block.split("\n\nExit codes")[0].rstrip()
        if words[0] == "new":  # `archive new KIND`: one paragraph per kind, all of them for `new`
            found[f"new {words[1]}"] = text
            found["new"] = f"{found['new']}\n\n{text}" if "new" in found else text
        else:
            found[words[0]] = text
    return found


# Choosing files -----------------------------------------------------------------------------

def _selection(root: Path, files: list[str]) -> list[str]:
    """FILES as paths relative to the archive root ('' for the root itself)."""
    base = os.path.abspath(root)
    chosen = []
    for name in files:
        if not os.path.lexists(name):
            raise UsageError(f"{name}: no such file or folder")
        full = os.path.abspath(name)
        if os.path.commonpath([base, full]) != base:
            raise UsageError(f"{name} is outside the archive at {base}")
        rel = Path(os.path.relpath(full, base)).as_posix()
        chosen.append("" if rel == "." else rel)
    return chosen


def _in(path: str, chosen: list[str]) -> bool:
    return any(c == "" or path == c or path.startswith(c + "/") for c in chosen)


# Printing -------------------------------------------------------------------------------------

def _print_diagnostics(items: list[Diagnostic], fmt_name: str) -> None:
    for d in items:
        if fmt_name == "github":
            level = "error" if d.severity == "error" else "warning"
            message = printable(f"{d.code} {d.message}" + (f" — hint: {d.hint}" if d.hint else ""))
            message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            # A property value is escaped as GitHub's runner reads it back: the real path.
            path = d.position.path
            for raw, code in (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C")):
                path = path.replace(raw, code)
            print(f"::{level} file={path},line={d.position.line},col={d.position.col}::{message}")
        else:
            print(d.format())


def _counts(result: pipeline.Result) -> str:
    a = result.archive
    if a is None:
        return ""
    return a.counts()


def _summary(items: list[Diagnostic]) -> str:
    return Report(list(items)).summary()


# Commands -------------------------------------------------------------------------------------

def _cmd_check(args: argparse.Namespace) -> int:
    chosen = _selection(args.root, args.files) if args.files else None
    show_progress = sys.stderr.isatty() if args.progress is None else args.progress
    say = (lambda text: print(f"archive: {text}", file=sys.stderr, flush=True)) if show_progress else (lambda _: None)
    result = pipeline.check(args.root, on_stage=say)
    result.report.items += docs_tree.links(args.root)  # what the site build would refuse to publish
    everything = result.report.sorted()
    shown = everything if chosen is None else [d for d in everything if _in(d.position.path, chosen)]
    _print_diagnostics(shown, args.format)
    summary = f"checked: {_counts(result) or 'archive not linked'}; {_summary(shown)}"
    if chosen is not None:
        summary += " in the given files"
        hidden = [d for d in everything if not _in(d.position.path, chosen)]
        if hidden:
            files = len({d.position.path for d in hidden})
            summary += (f"; {_summary(hidden)} in {files} other file{'s' if files != 1 else ''} not shown "
                        "(run `archive check` without FILES to see them)")
    print(summary, file=sys.stderr)
    return 0 if result.report.ok else 1


def _cmd_fmt(args: argparse.Namespace) -> int:
    root = args.root
    files = discover(root, Report())
    if args.files:
        chosen = _selection(root, args.files)
        matched = [(kind, path) for kind, path in files if _in(path.relative_to(root).as_posix(), chosen)]
        for name, rel in zip(args.files, chosen, strict=True):  # _selection: one path per name
            if not any(_in(path.relative_to(root).as_posix(), [rel]) for _, path in matched):
                print(f"archive fmt: skipped {name}: not an article or annotation file", file=sys.stderr)
        files = matched
    report = Report()
    outcome = fmt.run(root, files, report, write=not args.check)
    _print_diagnostics(report.sorted(), args.format)
    changed = len(outcome.changed or [])
    if args.check:
        print(f"fmt --check: {changed} of {outcome.checked} files not in canonical form"
              + (f", {outcome.failed} could not be read" if outcome.failed else ""), file=sys.stderr)
        return 1 if changed or outcome.failed else 0
    for rel in outcome.changed or []:
        print(f"formatted {rel}", file=sys.stderr)
    print(f"fmt: {changed} formatted, {outcome.checked - changed - outcome.failed} already canonical"
          + (f", {outcome.failed} could not be formatted" if outcome.failed else ""), file=sys.stderr)
    return 1 if outcome.failed else 0


def _cmd_new_article(args: argparse.Namespace) -> int:
    if args.file == "-":
        if sys.stdin.isatty():
            print("archive new article: reading the article text from standard input; end it with Ctrl-D",
                  file=sys.stderr)
        raw, name = sys.stdin.buffer.read(), "<stdin>"
    else:
        if not os.path.lexists(args.file):
            raise UsageError(f"{args.file}: no such file")
        raw, name = Path(args.file).read_bytes(), args.file
    try:
        created = scaffold.create(args.root, raw, name, args.id, args.title)
    except scaffold.ScaffoldError as err:
        print(f"archive new article: {err}", file=sys.stderr)
        return 1
    for path in (created.article, created.claims):
        print(f"created {path.relative_to(args.root).as_posix()}")
    print(f"next: check the label, fill in what the text gives (unknown stays null), add claims to "
          f"{created.claims.relative_to(args.root).as_posix()}, then run `archive check`", file=sys.stderr)
    return 0


def _cmd_new_event(args: argparse.Namespace) -> int:
    try:
        path = scaffold.create_event(args.root, args.id, args.title, args.type)
    except scaffold.ScaffoldError as err:
        print(f"archive new event: {err}", file=sys.stderr)
        return 1
    print(f"created {path.relative_to(args.root).as_posix()}")
    print(f"next: fill in when, where and who from the texts (unknown stays null), point the claims that report it "
          f"at it with `event: {args.id}`, then run `archive check`", file=sys.stderr)
    return 0


def _cmd_new_place(args: argparse.Namespace) -> int:
    try:
        path = scaffold.create_place(args.root, args.id, args.name, args.kind, args.parent)
    except scaffold.ScaffoldError as err:
        print(f"archive new place: {err}", file=sys.stderr)
        return 1
    print(f"created {path.relative_to(args.root).as_posix()}")
    print("next: add the spellings the texts print as aliases, the coordinates with their basis if a citable "
          "source gives them (else say why not), then run `archive check`", file=sys.stderr)
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    out = args.out if args.out is not None else args.root / schema_export.SCHEMA_DIR
    for path, changed in schema_export.write_all(out):
        print(f"{'wrote' if changed else 'unchanged'} {path}", file=sys.stderr)
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    try:
        jobs = fork.jobs()
    except ValueError as err:
        raise UsageError(str(err)) from None
    result = pipeline.generate(args.root, args.out, force=args.force, jobs=jobs)
    _print_diagnostics(result.report.sorted(), "text")
    if result.written is None:
        print(f"build failed: {result.report.summary()}; nothing was written", file=sys.stderr)
        return 1
    w = result.written
    if result.archive is None:  # the fingerprint matched: nothing was redone
        print(f"unchanged since the last build: {result.pages} pages, nothing written "
              f"(--force redoes everything); {result.report.summary()}", file=sys.stderr)
        return 0
    print(f"built {result.pages} pages ({_counts(result)}): {w.written} written, {w.unchanged} unchanged, "
          f"{w.removed} removed; {result.report.summary()}", file=sys.stderr)
    return 0


# The parser -----------------------------------------------------------------------------------

def _id(value: str) -> str:
    if len(value) > scaffold.MAX_ID or not re.fullmatch(schema.ID_PATTERN, value) or value in schema.RESERVED_IDS:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a valid id: use lowercase a-z, 0-9 and single hyphens, at most {scaffold.MAX_ID} "
            "characters, not 'index' nor a Windows device name (con, nul, com1…), e.g. 2020-01-idlib-attack")
    return value


def build_parser() -> argparse.ArgumentParser:
    sections = _sections()
    raw = argparse.RawDescriptionHelpFormatter

    def command(parent, name: str, key: str, summary: str) -> argparse.ArgumentParser:
        return parent.add_parser(name, help=summary, description=sections[key], epilog=EXIT_CODES,
                                 formatter_class=raw)

    parser = argparse.ArgumentParser(prog="archive", description=__doc__.split("\n\narchive ")[0],
                                     epilog="Run `archive COMMAND --help` for each command in full.\n\n" + EXIT_CODES,
                                     formatter_class=raw)
    parser.add_argument("--root", type=Path, default=Path("."), help="archive root (default: the current folder)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = command(sub, "check", "check", "check every article and annotation; print the problems")
    check.add_argument("files", nargs="*", metavar="FILES", help="only print problems in these files or folders")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="'github' prints GitHub Actions annotations (default: text)")
    check.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                       help="show progress per stage on standard error (default: only on a terminal)")
    check.set_defaults(parser=check, run=_cmd_check)

    fmt_cmd = command(sub, "fmt", "fmt", "put annotation files and front matter in canonical form")
    fmt_cmd.add_argument("files", nargs="*", metavar="FILES", help="only these files or folders (default: all)")
    fmt_cmd.add_argument("--check", action="store_true", help="report files not in canonical form; change nothing")
    fmt_cmd.add_argument("--format", choices=["text", "github"], default="text",
                         help="'github' prints GitHub Actions annotations (default: text)")
    fmt_cmd.set_defaults(parser=fmt_cmd, run=_cmd_fmt)

    new = sub.add_parser("new", help="start a new file from a template", description=sections["new"],
                         epilog=EXIT_CODES, formatter_class=raw)
    new_kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    article = command(new_kinds, kinds.ARTICLE.name, "new article",
                      "an article and its claims file, from the article's plain text")
    article.add_argument("file", nargs="?", default="-", metavar="FILE",
                         help="plain text of the article; '-' or nothing reads standard input")
    article.add_argument("--id", type=_id, default=None, help="the article id (default: made from the title "
                                                              "or the first line)")
    article.add_argument("--title", default=None, help="the headline as printed in the text (default: none)")
    article.set_defaults(parser=article, run=_cmd_new_article)
    event = command(new_kinds, kinds.EVENT.name, "new event", "an event record, which claims of any article can "
                    "describe")
    event.add_argument("id", type=_id, metavar="ID", help="the event id, e.g. trumba-btr-82a-attack-2020-12-29")
    event.add_argument("--title", required=True, help="a short neutral title, in the archive's own voice")
    event.add_argument("--type", required=True, choices=list(vocabulary.EVENT_TYPES), metavar="TYPE",
                       help="the event type: " + ", ".join(vocabulary.EVENT_TYPES))
    event.set_defaults(parser=event, run=_cmd_new_event)
    place = command(new_kinds, kinds.PLACE.name, "new place", "a place of the gazetteer, its coordinates unknown")
    place.add_argument("id", type=_id, metavar="ID", help="the place's id, e.g. ariha")
    place.add_argument("--name", required=True, help="the name the archive shows: a common English spelling")
    place.add_argument("--kind", required=True, choices=list(vocabulary.PLACE_KINDS), metavar="KIND",
                       help=f"the kind of place: {', '.join(vocabulary.PLACE_KINDS)}")
    place.add_argument("--parent", type=_id, default=None, help="id of the place it lies in (default: none)")
    place.set_defaults(parser=place, run=_cmd_new_place)

    schema_cmd = command(sub, "schema", "schema", "write JSON Schema files for editors")
    schema_cmd.add_argument("--out", type=Path, default=None, help="output folder (default: annotations/schemas)")
    schema_cmd.set_defaults(parser=schema_cmd, run=_cmd_schema)

    build = command(sub, "build", "build", "check, then write the generated Markdown pages")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: generated/)")
    build.add_argument("--force", action="store_true",
                       help="redo everything even when nothing changed since the last build (see README: "
                            "the fingerprint in .generated.stamp)")
    build.set_defaults(parser=build, run=_cmd_build)
    _add_codes_command(sub, command)
    return parser


def _add_codes_command(sub, command) -> None:
    """`archive codes`: the catalogue of diagnostic codes, for a terminal or as DIAGNOSTICS.md."""
    from build_scripts import codes

    def run(args: argparse.Namespace) -> int:
        unknown = [name for name in args.codes if name not in codes.BY_CODE and name not in codes.FAMILIES]
        if unknown:
            raise UsageError(f"no such code or family: {', '.join(unknown)} (`archive codes` lists them all)")
        print(codes.markdown() if args.markdown else codes.text(args.codes), end="")
        return 0

    parser = command(sub, "codes", "codes", "list the diagnostic codes: meaning, severity and fix")
    parser.add_argument("codes", nargs="*", metavar="CODES", help="only these codes or families (default: all)")
    parser.add_argument("--markdown", action="store_true", help="print the whole reference as Markdown "
                                                                "(DIAGNOSTICS.md)")
    parser.set_defaults(parser=parser, run=run)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not (args.root / kinds.ARTICLE.folder).is_dir():
        print(f"archive: {args.root.resolve()} has no {kinds.ARTICLE.folder}/ folder; run from the archive root or "
              "pass --root", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except UsageError as err:
        args.parser.print_usage(sys.stderr)
        print(f"archive: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        print(f"archive: {where}{err.strerror or err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


__all__ = ["EXIT_CODES", "UsageError", "build_parser", "main"]
