"""The hostile fixture set (tests/fixtures/hostile-cases/): every file may come from a stranger.

Each case is a copy of tests/fixtures/small with some files edited, and one expectation:

- diagnostic cases: `pipeline.check` reports exactly the expected diagnostics (code, path and
  the line found by a marker in the edited file); `archive check` in a
  subprocess prints each as `path:line:col: CODE ` on a line of its own, with no traceback and no
  other line; and a generation that fails leaves the pages already written untouched;
- inert cases: the archive is clean, and its pages carry every payload as visible text without
  gaining an element, an attribute, a link target or a script that the neutral twin (the same
  archive with every payload replaced by plain text of the same shape) does not have; checked on
  the generated Markdown of each case, and on ONE real `mkdocs build --strict` of the combined
  hostile archive (all inert cases at once) including its search index;
- atomicity and determinism cases: faults injected while the hostile archive is published, and
  builds in different environments.

The browser half is test_hostile_browser.py; the figures are printed by tests/hostile_report.py.
"""

from __future__ import annotations

import base64
import concurrent.futures
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import hostile_support as hs
from archive_support import copy_in_order
from build_scripts import fork, pipeline
from build_scripts.publish import csp
from build_scripts.swap import staging_folders

ALL_CASES = hs.load_cases()
CASES = [c for c in ALL_CASES if c.suite]  # `suite: false`: too slow for every run; hostile_report.py runs it
DIAGNOSTIC = [c for c in CASES if c.kind == "diagnostic"]
INERT = [c for c in CASES if c.kind == "inert"]
ATOMICITY = [c for c in CASES if c.kind == "atomicity"]
DETERMINISM = [c for c in CASES if c.kind == "determinism"]
CLI_WORKERS = max(2, min(4, (os.cpu_count() or 2)))


def _ids(cases):
    return [c.name for c in cases]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def contents(folder: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _) in snapshot(folder).items()}


# --- the fixture set itself ----------------------------------------------------------------------


def test_the_fixture_set_covers_every_category_and_every_free_text_field():
    assert len(CASES) >= 34
    categories = Counter(c.category for c in ALL_CASES)
    for category in ("xss", "injection", "yaml", "ids-paths", "unicode", "references", "many-errors",
                     "resources", "atomicity", "determinism"):
        assert categories[category] >= 1, category
    assert {c.vector_field for c in INERT if c.vector_field} == set(hs.FIELDS)
    assert len(hs.VECTORS) >= 80 and len(set(hs.VECTORS)) == len(hs.VECTORS)
    print(f"\nhostile cases: {len(ALL_CASES)} ({dict(sorted(categories.items()))}); vectors: {len(hs.VECTORS)} "
          f"in {len(hs.FIELDS)} field kinds")


def test_every_error_case_names_its_lines_by_marker():
    for case in DIAGNOSTIC:
        specs = list(case.expect or []) + ([case.expect_each] if case.expect_each else [])
        for spec in specs:
            assert spec["line"] == "whole-file" or "marker" in spec["line"], case.name


# --- diagnostic cases: pipeline -----------------------------------------------------------------


_master: dict[str, Path] = {}


def base_with_pages(tmp_path_factory) -> Path:
    """The small fixture with its generated pages, made once; copied (pages hard-linked) per case."""
    if "root" not in _master:
        root = hs.copy_base(tmp_path_factory.mktemp("master") / "archive")
        assert pipeline.generate(root).written is not None
        _master["root"] = root
    return _master["root"]


class Run:
    """One diagnostic case: `pipeline.check` on the edited archive, then, except for the
    resource-heavy cases, `pipeline.generate` over the pages of the untouched fixture."""

    def __init__(self, case: hs.Case, dest: Path, master: Path):
        self.root = dest / "archive"
        pages = pipeline.GENERATED.parts[0]
        shutil.copytree(master, self.root, ignore=shutil.ignore_patterns(pages))
        shutil.copytree(master / pages, self.root / pages, copy_function=os.link)
        out = self.root / pipeline.GENERATED
        self.before = snapshot(out)
        hs.apply_case(case, self.root)
        self.expected = hs.expected_diagnostics(case, self.root)
        self.result = pipeline.check(self.root)
        self.generated = None
        if self.result.report.ok or not case.resources:
            self.generated = pipeline.generate(self.root)
        self.after = snapshot(out)
        self.staging_left = bool(staging_folders(out))


_runs: dict[str, Run] = {}


@pytest.fixture
def run_of(tmp_path_factory):
    def get(case: hs.Case) -> Run:
        missing = hs.unmet_requirements(case, tmp_path_factory.mktemp("probe"))
        if missing:
            pytest.skip(f"needs {', '.join(missing)}")
        if case.name not in _runs:
            _runs[case.name] = Run(case, tmp_path_factory.mktemp(case.name[:40]), base_with_pages(tmp_path_factory))
        return _runs[case.name]
    return get


@pytest.mark.parametrize("case", DIAGNOSTIC, ids=_ids(DIAGNOSTIC))
def test_check_reports_exactly_the_expected_diagnostics(case, run_of):
    run = run_of(case)
    problems = hs.compare(run.expected, run.result.report)
    assert not problems, (f"{case.name}: {case.title}\n" + "\n".join(problems) +
                          "\n--- report ---\n" + run.result.report.format()[:4000])


GENERATED_CASES = [c for c in DIAGNOSTIC if not c.resources]


@pytest.mark.parametrize("case", GENERATED_CASES, ids=_ids(GENERATED_CASES))
def test_a_failed_generation_leaves_the_published_pages_untouched(case, run_of):
    run = run_of(case)
    if run.result.report.ok:
        assert run.generated.written is not None
        return  # a valid archive: its pages were written, which is what generation is for
    assert run.generated.written is None
    assert run.after == run.before, f"{case.name}: pages changed although the generation failed"
    assert not run.staging_left


# Time and memory per fixture are measured by tests/hostile_report.py (CPU seconds and peak memory
# in a fresh process per case, against each case's `max_seconds`) and recorded in
# tests/hostile-figures.md; they are not asserted here, where a busy machine, not slow code,
# would fail the test.


# --- diagnostic cases: the command line ------------------------------------------------------------


cli_check = hs.cli_check
cli_check_many = hs.cli_check_many


# Cases whose output format is most at risk also run in a process of their own.
OWN_PROCESS = {c.name for c in DIAGNOSTIC if "line-break" in c.name or "encoded-newline" in c.name
               or (c.category == "many-errors" and not c.resources)}


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory) -> dict[str, tuple[list[hs.Expected], subprocess.CompletedProcess]]:
    """`archive check` on every diagnostic case."""
    prepared = {}
    for case in CLI_CASES:
        dest = tmp_path_factory.mktemp(f"cli-{case.name[:40]}")
        if hs.unmet_requirements(case, dest / "probe"):
            continue
        root = hs.prepare(case, dest)
        prepared[case.name] = (root, hs.expected_diagnostics(case, root), case.resources)
    names = sorted(prepared, key=lambda n: (prepared[n][2], n))
    batches = [names[i::CLI_WORKERS] for i in range(CLI_WORKERS)]
    with concurrent.futures.ThreadPoolExecutor(CLI_WORKERS + 2) as pool:
        batch_futures = [pool.submit(cli_check_many, [prepared[n][0] for n in batch]) for batch in batches]
        own = {name: pool.submit(cli_check, prepared[name][0]) for name in OWN_PROCESS if name in prepared}
        runs = {}
        for batch, future in zip(batches, batch_futures):
            runs.update(zip(batch, future.result()))
        for name, future in own.items():
            alone = future.result()
            assert (alone.stdout, alone.returncode) == (runs[name].stdout, runs[name].returncode), name
            runs[name] = alone
    return {name: (prepared[name][1], runs[name]) for name in prepared}


CLI_CASES = [c for c in DIAGNOSTIC if c.cli]


@pytest.mark.parametrize("case", CLI_CASES, ids=_ids(CLI_CASES))
def test_cli_prints_each_diagnostic_as_path_line_col_code_and_nothing_else(case, cli_runs):
    if case.name not in cli_runs:
        pytest.skip("requirements not met")
    expected, run = cli_runs[case.name]
    problems = hs.cli_problems(expected, run.stdout, run.stderr, run.returncode)
    problems += [f"output contains {word!r}" for word in case.forbid_output if word in run.stdout + run.stderr]
    assert not problems, f"{case.name}:\n" + "\n".join(problems) + f"\n--- stdout ---\n{run.stdout[:3000]}" \
                                                                   f"\n--- stderr ---\n{run.stderr[-2000:]}"


def test_k_planted_errors_give_k_diagnostics_each_at_its_line(run_of):
    many = [c for c in DIAGNOSTIC if c.category == "many-errors" or (c.expect_each and c.expect_each["count"] > 1)]
    assert many
    for case in many:
        run = run_of(case)
        k = len(run.expected)
        assert len(run.result.report.sorted()) == k, f"{case.name}: {k} planted, " \
                                                     f"{len(run.result.report.sorted())} reported"
        assert not hs.compare(run.expected, run.result.report), case.name


# --- inert cases: each on its own, through the generated Markdown --------------------------------


def _inert_pages(case: hs.Case, dest: Path, twin: bool, urls: set[str] | None):
    from build_scripts.render import render_site

    root = hs.prepare(case, dest / ("twin" if twin else "hostile"), twin=twin)
    result = pipeline.check(root)
    pages = hs.rendered_pages(render_site(result.archive), urls) if result.archive is not None else {}
    return pages, result


@pytest.mark.parametrize("case", INERT, ids=_ids(INERT))
def test_inert_case_is_clean_and_its_payload_renders_as_text_only(case, tmp_path):
    wanted = [(v["page"], v["text"]) for v in case.visible]
    if case.vector_field:
        wanted += hs.expected_texts(case.vector_field, single=True)
    urls = {page for page, _ in wanted} if case.vector_field else None
    pages, result = _inert_pages(case, tmp_path, False, urls)
    assert result.report.items == [], f"{case.name}: expected no diagnostic:\n{result.report.format()}"
    twin_pages, twin_result = _inert_pages(case, tmp_path, True, urls)
    assert twin_result.report.ok, twin_result.report.format()
    problems = []
    for url in sorted(pages):
        problems += hs.page_problems(pages[url], twin_pages.get(url, ""), url)
    problems += hs.missing_texts(pages, wanted)
    assert not problems, f"{case.name}:\n" + "\n".join(problems[:30])


# --- inert cases: all at once, through one real MkDocs build --------------------------------------


@pytest.fixture(scope="module")
def combined(tmp_path_factory) -> tuple[Path, Path]:
    return hs.built_combined_sites(tmp_path_factory.mktemp("combined"))


def test_every_page_of_the_built_hostile_site_is_inert(combined):
    hostile, twin = combined
    pages, twins = hs.site_pages(hostile), hs.site_pages(twin)
    assert pages.keys() == twins.keys()
    assert len(pages) > 40
    problems = []
    for url in pages:
        problems += hs.page_problems(pages[url], twins[url], url or "(home)")
    assert not problems, "\n".join(problems[:40])


def test_the_search_index_of_the_hostile_site_carries_payloads_only_as_text(combined):
    hostile, twin = combined
    index = json.loads((hostile / "search" / "search_index.json").read_text(encoding="utf-8"))
    twin_index = json.loads((twin / "search" / "search_index.json").read_text(encoding="utf-8"))
    problems = hs.search_index_problems(index, twin_index)
    assert not problems, "\n".join(problems[:40])
    text = " ".join(hs.visible_text(d.get("text", "")) for d in index["docs"])
    for vector in ("<script>alert(1)</script>", "<img src=x onerror=alert(3)>", "{{ config }}"):
        assert vector in text, f"{vector!r} is not searchable as text"


def test_the_built_hostile_site_shows_every_payload_as_visible_text(combined):
    hostile, _ = combined
    pages = hs.site_pages(hostile)
    wanted = []
    for case in hs.inert_cases():
        wanted += [(v["page"], v["text"]) for v in case.visible]
        if case.vector_field:
            wanted += hs.expected_texts(case.vector_field)
    assert len(wanted) >= len(hs.VECTORS) * len(hs.FIELDS)
    missing = hs.missing_texts(pages, wanted)
    assert not missing, "\n".join(missing[:40])


def test_the_built_hostile_site_loads_nothing_from_another_host(combined):
    import site_check

    hostile, _ = combined
    assert site_check.external_resources(hostile) == []


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_data_downloads_never_start_a_contributor_cell_with_a_spreadsheet_formula(combined):
    """A cell that starts with = + - @ is run as a formula by spreadsheet programs (CSV
    injection): `=HYPERLINK("http://…"&A1)` sends a cell to another host when clicked."""
    hostile, _ = combined
    tables = sorted((hostile / "data").glob("*.csv")) if (hostile / "data").is_dir() else []
    if not tables:
        pytest.skip("the site publishes no CSV downloads")
    formulas = []
    for path in tables:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            formulas += [f"{path.name}: {cell[:60]!r}" for cell in row
                         if cell.startswith(FORMULA_START) and any(v in cell for v in ("HYPERLINK", "cmd|"))]
    assert not formulas, "\n".join(formulas[:20])


def test_the_policy_does_not_allow_an_inline_script_that_content_smuggled_into_a_page(combined):
    """Defence in depth: should a payload ever become markup, the Content-Security-Policy must
    not list its hash. The policy is computed from the final page, so it must hash only the
    theme's own scripts, not every <script> it finds."""
    hostile, _ = combined
    html = (hostile / "articles" / "xss-1" / "index.html").read_text(encoding="utf-8")
    injected = html.replace('<div class="article-text"', "<script>alert(document.domain)</script>"
                                                          '<div class="article-text"', 1)
    assert injected != html
    policy = csp.content_security_policy(injected)
    digest = base64.b64encode(hashlib.sha256(b"alert(document.domain)").digest()).decode("ascii")
    assert f"'sha256-{digest}'" not in policy, "the policy allows a script that came from page content"


# --- atomicity -------------------------------------------------------------------------------------


def _archive_for(case: hs.Case, dest: Path) -> Path:
    spec = case.raw.get("archive", "combined")
    if spec == "combined":
        return hs.combined_archive(dest)
    return hs.prepare(hs.case_named(spec["from_case"]), dest.parent / f"{dest.name}-src")


class _Faults:
    """Raise an injected OSError at the n-th call of one operation the writer uses."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.calls: Counter = Counter()

    def install(self, kind: str | None, at: int) -> None:
        import build_scripts.write as writer

        self.calls = Counter()
        targets = {"create": (writer, "_create"), "mkdir": (Path, "mkdir"),
                   "link": (writer.os, "link"), "replace_dir": (writer, "replace_dir")}
        for name, (owner, attribute) in targets.items():
            original = getattr(owner, attribute)

            def wrapper(*args, _name=name, _original=original, **kwargs):
                self.calls[_name] += 1
                if _name == kind and self.calls[_name] == at:
                    raise OSError(28, f"No space left on device (injected at {_name} #{at})")
                return _original(*args, **kwargs)

            self.monkeypatch.setattr(owner, attribute, wrapper)

    def remove(self) -> None:
        self.monkeypatch.undo()


fault_runs: list[str] = []


@pytest.mark.parametrize("case", ATOMICITY, ids=_ids(ATOMICITY))
def test_publishing_the_hostile_archive_is_all_or_nothing(case, tmp_path, monkeypatch):
    # One process: the faults are counted, and injected at the n-th call, in this one (a fault in a
    # worker process is tested in tests/test_parallel_generate.py).
    monkeypatch.setenv(fork.ENV, "1")
    root = _archive_for(case, tmp_path / "archive")
    out = root / pipeline.GENERATED
    original = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and pipeline.GENERATED.parts[0] not in
                p.relative_to(root).parts}
    assert pipeline.generate(root).written is not None
    for edit in case.edits:
        hs.apply_edit(root, edit)
    edited = {p: p.read_bytes() for p in original}

    if case.raw.get("expect_error"):
        before = snapshot(out)
        result = pipeline.generate(root)
        assert result.written is None
        assert case.raw["expect_error"] in {d.code for d in result.report.errors}
        assert snapshot(out) == before and not staging_folders(out)
        fault_runs.append(case.name)
        return

    reference = tmp_path / "reference"
    shutil.copytree(root, reference, symlinks=True)  # with the previous pages, as the real run has
    faults = _Faults(monkeypatch)
    faults.install(None, 0)
    assert pipeline.generate(reference).written is not None
    totals = dict(faults.calls)
    faults.remove()
    expected = contents(reference / pipeline.GENERATED)

    def reset() -> None:
        for path, data in original.items():
            path.write_bytes(data)
        assert pipeline.generate(root).written is not None
        for path, data in edited.items():
            path.write_bytes(data)

    runs = 0
    for kind in case.raw["faults"]:
        total = totals.get(kind, 0)
        assert total >= 1, f"the writer never calls {kind}"
        points = sorted({1, 2, total // 3 or 1, total // 2 or 1, (2 * total) // 3 or 1, total})
        for at in points:
            before = snapshot(out)
            faults.install(kind, at)
            try:
                pipeline.generate(root)
            except OSError as error:
                faults.remove()
                assert "injected" in str(error)
                assert snapshot(out) == before, f"pages changed after a fault at {kind} #{at}"
                assert not staging_folders(out), f"staging folder left after a fault at {kind} #{at}"
            else:
                faults.remove()
                assert contents(out) == expected, f"incomplete pages after a tolerated fault at {kind} #{at}"
                reset()
            runs += 1
            fault_runs.append(f"{case.name}:{kind}#{at}")
    assert pipeline.generate(root).written is not None and contents(out) == expected
    print(f"\n{case.name}: {runs} fault-injection runs, published output unchanged by every failed one")


# --- determinism -----------------------------------------------------------------------------------


ENVIRONMENTS = [
    {"PYTHONHASHSEED": "1", "TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C"},
]


@pytest.mark.parametrize("case", DETERMINISM, ids=_ids(DETERMINISM))
def test_hostile_input_gives_the_same_bytes_in_every_environment(case, tmp_path):
    source = _archive_for(case, tmp_path / "source")
    outputs = []
    for i, env in enumerate(ENVIRONMENTS):
        root = copy_in_order(tmp_path / f"copy-{i}", source, reverse=bool(i))
        if case.raw["compare"] == "generated":
            run = subprocess.run([sys.executable, "-m", "build_scripts", "--root", str(root), "build", "--out",
                                  str(tmp_path / f"out-{i}")], cwd=hs.REPO, capture_output=True, text=True,
                                 timeout=300, env={**os.environ, **env})
            assert run.returncode == 0, run.stderr
            outputs.append(contents(tmp_path / f"out-{i}"))
        else:
            run = cli_check(root, env=env)
            assert "Traceback" not in run.stderr
            outputs.append({"stdout": run.stdout.replace(str(root), "ROOT").encode(), "code": bytes([run.returncode])})
    first, second = outputs
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert len(first) >= 2
