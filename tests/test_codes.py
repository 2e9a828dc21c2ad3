"""The catalogue of diagnostic codes (build_scripts/codes.py) is complete, honest and published.

Every code the generator can report is found by reading build_scripts/ (every string literal
that looks like a code), so a new code fails here before any archive ever shows it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from archive_support import REPO
from build_scripts import cli, codes
from build_scripts.diagnostics import LOG_LEVELS, Position, Report

CODE = re.compile(r"[A-Z]{2,6}[0-9]{3}")
SOURCES = REPO / "build_scripts"
REFERENCE = REPO / "DIAGNOSTICS.md"
REGENERATE = "regenerate it: .venv/bin/archive codes --markdown > DIAGNOSTICS.md"


def _modules() -> list[tuple[str, ast.Module]]:
    return [(path.relative_to(REPO).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(SOURCES.rglob("*.py")) if path != SOURCES / "codes.py"]


def _severity(call: ast.Call, at: int) -> str | None:
    """The severity a call passing a code as argument `at` gives: `severity=`, or the argument
    after code, message and hint (as `report.add` and `Diagnostic` take them); "error" when it
    gives none, as they default to; None when it is not a literal."""
    after = at + 3
    given = next((k.value for k in call.keywords if k.arg == "severity"),
                 call.args[after] if len(call.args) > after else None)
    if given is None:
        return "error"
    return given.value if isinstance(given, ast.Constant) else None


def used() -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Where each code occurs (`file:line`), and the severities of the calls that pass it literally."""
    places: dict[str, list[str]] = {}
    severities: dict[str, set[str]] = {}
    for rel, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.fullmatch(node.value):
                places.setdefault(node.value, []).append(f"{rel}:{node.lineno}")
            if isinstance(node, ast.Call):
                for at, arg in enumerate(node.args):
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and CODE.fullmatch(arg.value):
                        severity = _severity(node, at)
                        if severity is not None:
                            severities.setdefault(arg.value, set()).add(severity)
    return places, severities


def test_every_code_used_in_build_scripts_is_catalogued():
    places, _ = used()
    missing = {code: where for code, where in places.items() if code not in codes.BY_CODE}
    listed = "\n".join(f"{code}: {', '.join(where)}" for code, where in sorted(missing.items()))
    assert not missing, ("used but not in build_scripts/codes.py (add each with its meaning, severity and hint, "
                         f"then {REGENERATE}):\n{listed}")


def test_every_catalogued_code_is_used():
    places, _ = used()
    unused = sorted(set(codes.BY_CODE) - set(places))
    assert not unused, f"catalogued in build_scripts/codes.py but reported nowhere in build_scripts/: {unused}"


def test_each_code_records_exactly_the_severities_it_is_reported_at():
    _, severities = used()
    wrong = [f"{code}: catalogued {sorted(codes.ALLOWED[code])}, reported {sorted(found)}"
             for code, found in sorted(severities.items()) if code in codes.ALLOWED and found != codes.ALLOWED[code]]
    assert not wrong, "\n".join(wrong)


def test_the_catalogue_is_well_formed():
    assert len(codes.BY_CODE) == len(codes.CODES), "a code is defined twice"
    assert [c.code for c in codes.CODES] == [c.code for _, group in codes._grouped() for c in group], \
        "codes are listed family by family, in the order of FAMILIES"
    for c in codes.CODES:
        assert CODE.fullmatch(c.code) and c.family in codes.FAMILIES, c.code
        assert c.severities and set(c.severities) <= set(LOG_LEVELS) == set(codes.SEVERITIES), c.code
        assert len(set(c.severities)) == len(c.severities), c.code
        for text in (c.title, c.meaning, c.hint):
            assert text.strip() == text and text, c.code
        assert c.meaning.endswith(".") and c.hint.endswith("."), c.code
    numbers = {}
    for c in codes.CODES:
        numbers.setdefault(c.family, []).append(int(c.code[len(c.family):]))
    assert all(found == list(range(1, len(found) + 1)) for found in numbers.values()), numbers


def test_report_add_refuses_a_code_not_in_the_catalogue():
    with pytest.raises(ValueError, match=re.escape("'NEW001' is not catalogued: add it to build_scripts/codes.py")):
        Report().add(Position("articles/x.md"), "NEW001", "something new")


def test_report_add_refuses_a_severity_the_catalogue_does_not_record():
    with pytest.raises(ValueError, match=re.escape("'REF001' is catalogued as error, not 'warning'")):
        Report().add(Position("articles/x.md"), "REF001", "unknown actor 'x'", severity="warning")
    report = Report()
    report.add(Position("articles/x.md"), "CONS001", "a claim's status", severity="warning")
    assert [d.severity for d in report.items] == ["warning"]


def test_the_committed_reference_is_the_one_the_catalogue_generates():
    assert REFERENCE.read_text(encoding="utf-8") == codes.markdown(), f"DIAGNOSTICS.md is out of date: {REGENERATE}"


def test_contributing_points_to_the_reference():
    assert "(DIAGNOSTICS.md)" in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_the_reference_links_each_family_to_its_section():
    text = codes.markdown()
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    anchors = re.findall(r"\]\(#([^)]+)\)", text)
    assert len(headings) == len(anchors) == len(codes.FAMILIES)
    for heading, anchor in zip(headings, anchors, strict=True):
        assert anchor == re.sub(r"[^a-z0-9 _-]", "", heading.lower()).replace(" ", "-")


def run_codes(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["--root", str(REPO), "codes", *args])
    return code, capsys.readouterr().out


def test_archive_codes_prints_every_code_with_its_meaning_and_fix(capsys):
    code, out = run_codes(capsys)
    assert code == 0
    assert re.findall(r"^([A-Z]+[0-9]{3}) ", out, re.MULTILINE) == [c.code for c in codes.CODES]
    assert out.count("\n    fix: ") == len(codes.CODES)


def test_archive_codes_with_codes_or_families_prints_only_those(capsys):
    code, out = run_codes(capsys, "QUOTE002", "SEG")
    assert code == 0
    assert re.findall(r"^([A-Z]+[0-9]{3}) ", out, re.MULTILINE) == ["QUOTE002", "SEG001", "SEG002", "SEG003",
                                                                    "SEG004", "SEG005"]
    assert out.startswith("QUOTE002 Quote found more than once (error)\n    The quote")


def test_archive_codes_with_an_unknown_code_is_a_usage_error(capsys):
    code = cli.main(["--root", str(REPO), "codes", "QUOTE009"])
    assert code == 2
    assert "no such code or family: QUOTE009" in capsys.readouterr().err


def test_archive_codes_markdown_prints_the_reference(capsys):
    code, out = run_codes(capsys, "--markdown")
    assert (code, out) == (0, codes.markdown())


def test_codes_is_low_in_the_import_graph():
    """diagnostics imports it, and nearly every module imports diagnostics."""
    tree = ast.parse((SOURCES / "codes.py").read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in imported if m.startswith("build_scripts")}, imported


def test_the_scan_sees_codes_however_they_are_passed():
    """A code passed to report.add, to Diagnostic, to a YAML problem or chosen in a conditional."""
    places, severities = used()
    assert any(p.startswith("build_scripts/yamlstrict.py:") for p in places["YAML002"])
    assert any(p.startswith("build_scripts/docs_tree.py:") for p in places["SITE001"])
    assert any(p.startswith("build_scripts/validate.py:") for p in places["DATE001"])
    assert severities["UNI002"] == {"advisory"} and severities["CONS001"] == {"error", "warning"}


def test_every_module_is_read():
    assert {Path(rel).name for rel, _ in _modules()} >= {"load.py", "link.py", "yamlstrict.py", "fmt.py"}
