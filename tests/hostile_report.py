"""Figures of the hostile fixture suite, printed and written to tests/hostile-figures.md.

    .venv/bin/python tests/hostile_report.py [--no-browser] [--out tests/hostile-figures.md]

Not a test: it runs every case of tests/fixtures/hostile-cases/ and measures what the issue asks:

- XSS vectors tried, and executed in Chromium (the canary of test_hostile_browser.py, on the
  combined hostile site: every page, search, ?q= and ?h=; with and without the CSP);
- the share of error fixtures whose `archive check` output is exactly `path:line:col: CODE `
  per expected diagnostic and nothing else;
- k planted errors → k diagnostics, for the many-errors fixtures;
- the worst time and peak memory of one hostile fixture, each checked (and, when valid, generated)
  in a fresh process: wall and CPU seconds from the start of `pipeline.generate`, and the
  process's peak resident memory (`resource.getrusage` ru_maxrss, imports included);
- fault-injection runs whose published output stayed unchanged (tests/test_atomic.py and the
  hostile atomicity cases), and failed hostile generations that left the pages untouched.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS))

import hostile_support as hs  # noqa: E402

MEASURE = """
import json, re, resource, sys, time
from pathlib import Path
from build_scripts import pipeline

def status(field):
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return None
    match = re.search(field + r":\\s+(\\d+) kB", text)
    return int(match.group(1)) / 1024 if match else None

baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:  # Linux: reset the high-water mark, so that VmHWM is the peak while the fixture is processed
    Path("/proc/self/clear_refs").write_text("5")
except OSError:
    pass
before = status("VmRSS")
root, out = Path(sys.argv[1]), Path(sys.argv[2])
wall, cpu = time.perf_counter(), time.process_time()
result = pipeline.generate(root, out)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "peak_mb": usage.ru_maxrss / 1024, "baseline_mb": baseline / 1024,
                  "run_peak_mb": status("VmHWM"), "rss_before_mb": before,
                  "diagnostics": len(result.report.items), "written": result.written is not None}))
"""


def measure(root: Path, out: Path) -> dict:
    run = subprocess.run([sys.executable, "-c", MEASURE, str(root), str(out)], cwd=hs.REPO, capture_output=True,
                         text=True, timeout=900)
    if run.returncode != 0:
        return {"error": run.stderr[-2000:]}
    return json.loads(run.stdout)


def diagnostic_figures(scratch: Path) -> dict:
    from build_scripts import pipeline

    cases = [c for c in hs.load_cases() if c.kind == "diagnostic"]
    prepared, skipped = {}, []
    for case in cases:
        dest = scratch / "diag" / case.name
        if hs.unmet_requirements(case, dest / "probe"):
            skipped.append(case.name)
            continue
        root = hs.prepare(case, dest)
        prepared[case.name] = (case, root, hs.expected_diagnostics(case, root))
    names = sorted(prepared)
    # `archive check` output, through the command line's entry point (see test_hostile.py).
    cli = {}
    cli_names = [n for n in names if prepared[n][0].cli]
    batches = [cli_names[i::2] for i in range(2)]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for batch, runs in zip(batches, pool.map(lambda b: hs.cli_check_many([prepared[n][1] for n in b]), batches)):
            cli.update(zip(batch, runs))
    rows = []
    for name in names:
        case, root, expected = prepared[name]
        report = pipeline.check(root).report
        exact = not hs.compare(expected, report)
        cli_ok = None
        if name in cli:
            run = cli[name]
            cli_ok = not hs.cli_problems(expected, run.stdout, run.stderr, run.returncode) and \
                not any(w in run.stdout + run.stderr for w in case.forbid_output)
        rows.append({"case": name, "category": case.category, "expected": len(expected),
                     "reported": len(report.sorted()), "exact": exact, "cli_exact": cli_ok,
                     "error_fixture": case.is_error_fixture, "many": case.category == "many-errors" or bool(
                         case.expect_each and case.expect_each["count"] > 1)})
    return {"rows": rows, "skipped": skipped}


def resource_figures(scratch: Path) -> list[dict]:
    """Every diagnostic and inert case in a fresh process, two at a time."""
    jobs = []
    for case in hs.load_cases():
        if case.kind not in ("diagnostic", "inert"):
            continue
        dest = scratch / "res" / case.name
        if hs.unmet_requirements(case, dest / "probe"):
            continue
        jobs.append((case, hs.prepare(case, dest), dest / "out"))
    combined = hs.combined_archive(scratch / "res" / "combined-archive")
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda job: (job[0].name, measure(job[1], job[2])), jobs))
        results.append(("(all inert cases combined)", measure(combined, scratch / "res" / "combined-out")))
    return [{"case": name, **data} for name, data in results]


def fault_figures(scratch: Path) -> dict:
    import pytest

    import test_atomic
    import test_hostile
    from build_scripts import pipeline

    counts = {"test_atomic": 0}
    real = pipeline.generate

    def counting(*args, **kwargs):
        try:
            return real(*args, **kwargs)
        except OSError as error:
            if "injected" in str(error):
                counts["test_atomic"] += 1
            raise

    mp = pytest.MonkeyPatch()
    mp.setattr(test_atomic.pipeline, "generate", counting)
    try:
        test_atomic.test_a_fault_at_any_write_leaves_the_previous_pages_and_no_staging_folder(
            scratch / "atomic", pytest.MonkeyPatch())
    finally:
        mp.undo()
    test_hostile.fault_runs.clear()
    for case in test_hostile.ATOMICITY:
        path = scratch / f"atomicity-{case.name}"
        path.mkdir(parents=True)
        inner = pytest.MonkeyPatch()
        try:
            test_hostile.test_publishing_the_hostile_archive_is_all_or_nothing(case, path, inner)
        finally:
            inner.undo()
    counts["hostile"] = len(test_hostile.fault_runs)
    return counts


def untouched_figures(scratch: Path) -> tuple[int, int]:
    """Failed generations of the error fixtures over existing pages: how many left them untouched."""
    import test_hostile
    from build_scripts import pipeline

    master = hs.copy_base(scratch / "untouched-master" / "archive")
    pipeline.generate(master)
    good = total = 0
    for case in test_hostile.GENERATED_CASES:
        if hs.unmet_requirements(case, scratch / "probe"):
            continue
        run = test_hostile.Run(case, scratch / "untouched" / case.name, master)
        if run.result.report.ok:
            continue
        total += 1
        good += run.after == run.before and not run.staging_left and run.generated.written is None
    return good, total


# Hostile inputs that are not an archive of their own (the fixture format above) but the
# repository around it: what the site publishes, builds that overlap, the workflows, real
# scripts' characters in a strict build, search after punctuation. Each file's tests, run here.
SITE_LEVEL = {
    "tests/test_docs_tree.py": "symbolic links (to /etc/passwd, /proc/self/environ, a folder, nowhere) under docs/, "
                               "overrides/ and the generated folder; a hand-written page at a generated page's address",
    "tests/test_overlap.py": "two builds publishing to one site folder at once; a killed build's staging folder",
    "tests/test_workflows.py": "a pull request that commits a symbolic link; workflows that could hand a pull "
                               "request a secret or a token",
    "tests/test_publishable_text.py": "Arabic and Persian text with RLM and ZWNJ, a soft hyphen, in a strict build",
    "tests/test_browser_site.py": "the built site in Chromium, among them search for a word printed after a "
                                  "straight quote ('\"Deterring')",
}


def site_level_figures(scratch: Path) -> dict[str, tuple[int, int, int]]:
    """(passed, failed, skipped) of each file of SITE_LEVEL, from one pytest run's JUnit report."""
    import xml.etree.ElementTree as ET

    report = scratch / "site-level.xml"
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
                    *SITE_LEVEL], cwd=TESTS.parent, capture_output=True, text=True, timeout=1800)
    counts = {name: [0, 0, 0] for name in SITE_LEVEL}
    for case in ET.parse(report).iter("testcase"):
        name = "tests/" + case.get("classname", "").split(".")[-1] + ".py"
        if name not in counts:
            continue
        outcome = 2 if case.find("skipped") is not None else 1 if (
            case.find("failure") is not None or case.find("error") is not None) else 0
        counts[name][outcome] += 1
    return {name: tuple(c) for name, c in counts.items()}


def browser_figures(scratch: Path) -> dict:
    import browser_support
    from playwright.sync_api import sync_playwright

    import test_hostile_browser as tb

    hostile, _ = hs.built_combined_sites(scratch / "combined")
    urls = sorted(hs.site_pages(hostile))
    canary = hs.Canary()
    without = hs.Canary()
    no_csp = scratch / "no-csp"
    import shutil

    shutil.copytree(hostile, no_csp)
    for path in no_csp.rglob("*.html"):
        path.write_text(tb.CSP_META.sub("", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    groups = len(hs.vector_groups())
    with sync_playwright() as playwright:
        browser = browser_support.launch_chromium(playwright, browser_support.CHROMIUM_PATH)
        try:
            for watcher, site in ((canary, hostile), (without, no_csp)):
                with browser_support.serve_directory(site) as base:
                    context = browser.new_context(viewport=browser_support.DESKTOP)
                    watcher.attach(context)
                    pages = [context.new_page() for _ in range(tb.PARALLEL_PAGES)]
                    for page in pages:
                        watcher.watch(page)
                    watcher.visit_many(pages, [f"{base}/{u}" for u in urls] + tb._parameter_urls(base, groups))
                    tb._search_everything(watcher, tb._only_first(pages)[0], base, hs.SEARCH_WORDS)
                    context.close()
        finally:
            browser.close()
    return {"with_csp": canary, "without_csp": without, "pages": len(urls)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium canary")
    parser.add_argument("--out", type=Path, default=TESTS / "hostile-figures.md")
    args = parser.parse_args()
    started = time.perf_counter()
    cases = hs.load_cases()
    with tempfile.TemporaryDirectory(prefix="hostile-report-") as tmp:
        scratch = Path(tmp)
        # First, while this process is small: on Linux a child inherits its parent's peak
        # resident memory in ru_maxrss, across fork and exec.
        resources = resource_figures(scratch)
        diag = diagnostic_figures(scratch)
        faults = fault_figures(scratch)
        untouched = untouched_figures(scratch)
        browser = None if args.no_browser or not browser_support_ok() else browser_figures(scratch)
        site_level = site_level_figures(scratch)

    rows = diag["rows"]
    errors = [r for r in rows if r["error_fixture"]]
    exact = [r for r in errors if r["exact"]]
    cli_rows = [r for r in errors if r["cli_exact"] is not None]
    cli_exact = [r for r in cli_rows if r["cli_exact"]]
    many = [r for r in rows if r["many"]]
    measured = [r for r in resources if "error" not in r]
    worst_time = max(measured, key=lambda r: r["wall"])
    worst_cpu = max(measured, key=lambda r: r["cpu"])
    worst_mem = max(measured, key=lambda r: r["peak_mb"])
    worst_run = max(measured, key=lambda r: (r.get("run_peak_mb") or 0) - (r.get("rss_before_mb") or 0))
    over = [r for r in measured if r["cpu"] >= hs.MAX_SECONDS or r["peak_mb"] >= hs.MAX_MB]
    categories: dict[str, int] = {}
    for c in cases:
        categories[c.category] = categories.get(c.category, 0) + 1

    lines = [
        "# Hostile fixture suite: figures",
        "",
        f"Generated by `tests/hostile_report.py` on {datetime.date.today().isoformat()} "
        f"({time.perf_counter() - started:.0f} s; {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f} at the end — times are wall and CPU seconds of one process).",
        "",
        "## Cases",
        "",
        f"- {len(cases)} cases in tests/fixtures/hostile-cases/: " +
        ", ".join(f"{k} {v}" for k, v in sorted(categories.items())),
        f"- {sum(1 for c in cases if c.kind == 'diagnostic')} diagnostic (of which {len(errors)} error fixtures), "
        f"{sum(1 for c in cases if c.kind == 'inert')} inert, {sum(1 for c in cases if c.kind == 'atomicity')} "
        f"atomicity, {sum(1 for c in cases if c.kind == 'determinism')} determinism"
        + (f"; skipped here: {', '.join(diag['skipped'])}" if diag["skipped"] else ""),
        "",
        "## XSS vectors",
        "",
        f"- Vectors tried: {len(hs.VECTORS)} distinct, each in all {len(hs.FIELDS)} free-text field kinds "
        f"({len(hs.VECTORS) * len(hs.FIELDS)} placements), {len(hs.PARAM_VECTORS)} also as `?q=` and `?h=` "
        f"parameters, {len(hs.SEARCH_WORDS)} payload words and {len(hs.SEARCH_QUERIES)} whole payloads typed into "
        "search.",
    ]
    if browser:
        for label, key in (("with the published Content-Security-Policy", "with_csp"),
                           ("with the policy removed", "without_csp")):
            c = browser[key]
            lines.append(f"- Executed, {label}: {len(c.executed_vectors())} of {len(hs.VECTORS)} vectors; "
                         f"{len(c.events)} canary events (alerts, dialogs, page errors, CSP violations, requests to "
                         f"other hosts, missing files) in {c.visits} page visits and {c.searches} searches.")
            lines += [f"  - {e}" for e in c.events[:10]]
    else:
        lines.append("- Executed: not measured (run without --no-browser, with Chromium installed)")
    lines += [
        "",
        "## Diagnostics",
        "",
        f"- Error fixtures whose `pipeline.check` report is exactly the expected diagnostics (code, path, line): "
        f"{len(exact)}/{len(errors)} ({100 * len(exact) / max(1, len(errors)):.0f} %)",
        f"- Error fixtures whose `archive check` output is exactly one `path:line:col: CODE ` line per expected "
        f"diagnostic and nothing else: {len(cli_exact)}/{len(cli_rows)} "
        f"({100 * len(cli_exact) / max(1, len(cli_rows)):.0f} %)",
    ]
    lines += [f"  - not exact: {r['case']} (pipeline {'ok' if r['exact'] else 'differs'}, command line "
              f"{'ok' if r['cli_exact'] else 'differs'})" for r in errors if not (r["exact"] and r["cli_exact"] is not False)]
    lines += ["- k planted errors → diagnostics reported:"]
    lines += [f"  - {r['case']}: {r['expected']} → {r['reported']}" + ("" if r["exact"] else " (differs)")
              for r in many]
    lines += [
        "",
        "## Time and memory (one hostile fixture, fresh process)",
        "",
        f"- Worst wall time: {worst_time['wall']:.2f} s ({worst_time['case']}); worst CPU time: "
        f"{worst_cpu['cpu']:.2f} s ({worst_cpu['case']}); goal < {hs.MAX_SECONDS:.0f} s",
        f"- Worst peak memory (ru_maxrss of the whole process): {worst_mem['peak_mb']:.0f} MB ({worst_mem['case']}; "
        f"after the imports alone: {worst_mem['baseline_mb']:.0f} MB); goal < {hs.MAX_MB} MB",
        f"- Worst growth while processing one fixture (VmHWM after a reset, minus VmRSS before): "
        f"{(worst_run.get('run_peak_mb') or 0) - (worst_run.get('rss_before_mb') or 0):.0f} MB ({worst_run['case']}; "
        f"peak {worst_run.get('run_peak_mb') or 0:.0f} MB)",
        f"- Over a goal: {len(over)} of {len(measured)}" + "".join(
            f"\n  - {r['case']}: {r['wall']:.2f} s wall, {r['cpu']:.2f} s CPU, {r['peak_mb']:.0f} MB" for r in
            sorted(over, key=lambda r: -r["cpu"])),
        "",
        "## Atomicity",
        "",
        f"- Fault-injection runs with the published output unchanged: {faults['test_atomic']} "
        f"(tests/test_atomic.py, a fault at each write) + {faults['hostile']} (hostile atomicity cases: faults at "
        "writes, folder creation, hard links and the swap, and a late error)",
        f"- Failed generations of error fixtures over existing pages that left them untouched: "
        f"{untouched[0]}/{untouched[1]}",
        "",
        "## The repository around the archive",
        "",
        "Hostile inputs that are not an archive of their own, tested by these files (passed / failed / skipped):",
        "",
    ]
    lines += [f"- `{name}` ({what}): {site_level[name][0]} / {site_level[name][1]} / {site_level[name][2]}"
              for name, what in SITE_LEVEL.items()]
    lines.append("")
    text = "\n".join(lines)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


def browser_support_ok() -> bool:
    import browser_support

    return browser_support.chromium_path() is not None


if __name__ == "__main__":
    sys.exit(main())
