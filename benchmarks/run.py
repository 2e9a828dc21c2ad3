"""The scale benchmark: how the generator and the site build grow with the archive.

    python benchmarks/run.py [--sizes 200,2000,10000] [--seed 1] [--skip-mkdocs] [--jobs N] [--work DIR]
                             [--search pagefind] [--skip-bare] [--keep-site DIR]

For each size N it makes a synthetic archive (benchmarks/synthetic.py, same seed → same files)
and measures, each step in its own process, wall time and peak memory (the largest process's
maximum resident set size, from wait4, and the peak of the whole process tree's proportional
set size, sampled: what a build with worker processes takes from the machine):

- generate, cold: `pipeline.generate` (load → validate → link → render → write) into an empty
  folder; its stages are timed inside the process as well;
- generate, no-op: the same again with nothing changed, which must write 0 files;
- full build: `mkdocs build` of a temporary project made as tests/sitebuild.py makes one (our
  mkdocs.yml and hook, docs/, overrides/, the archive);
- bare build: `mkdocs build` of the same generated Markdown copied into docs/ of a project
  whose mkdocs.yml has no hooks: what MkDocs + Material cost on their own.

Both builds get `--strict` with --strict. Every step but the full build is single-threaded, so
its CPU time (user + system) is what its wall time would be on an idle machine; targets are
judged on CPU time, and wall times and the load average are recorded too. The full build builds
its pages in worker processes (build_scripts/publish/parallel.py; `--jobs N` sets
ARCHIVE_BUILD_JOBS for it, 1 for one page at a time): its CPU time counts every process, and its
log gives each worker's CPU time and the main process's, from which `parallel_estimate` gives
the wall time on an idle machine with 1, 2 and 4 cores.

It writes benchmarks/results.json and benchmarks/results.md (targets with PASS/MISS and by how
much, the machine, the command to reproduce). It is not a test; tests/test_benchmark_smoke.py
runs it at a tiny size with --skip-mkdocs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(HERE)]

GB = 1024 ** 3
TARGETS = {  # name: (description, limit, unit)
    "generate_10k": ("generate step (load → write), cold, at 10,000", 15.0, "s"),
    "generate_share": ("generate step as a share of the full build, at 10,000", 0.05, "ratio"),
    "noop_files": ("no-op regenerate writes nothing, at 10,000", 0, "files"),
    "noop_10k": ("no-op regenerate, at 10,000", 2.0, "s"),
    "full_vs_bare": ("full build ÷ bare MkDocs build of the same Markdown", 1.15, "ratio"),
    "per_page_growth": ("full build per page: 2,000 ÷ 200", 1.25, "ratio"),
    "generate_memory": ("peak memory of the generate step, at 10,000", 1.0 * GB, "bytes"),
}


# Measuring a child process ------------------------------------------------------------------

def _descendants(root: int) -> list[int]:
    """`root` and every process under it (from /proc/*/stat)."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, ()))
    return found


def tree_memory(root: int) -> int | None:
    """The proportional set size (PSS, bytes) of `root` and its descendants, summed: the memory
    the process tree takes from the machine, each page shared between forks counted once in all.
    None where /proc has no smaps_rollup (not Linux)."""
    total, seen = 0, False
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        seen = True
                        break
        except OSError:
            continue  # ended meanwhile
    return total if seen else None


def measure(cmd: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None,
            timeout: float = 3600) -> dict:
    """Run `cmd`; its wall time, peak RSS (bytes, from wait4: the largest single process, the
    command's or a child's), the peak of its process tree's summed PSS (sampled every 0.5 s, or
    less often for large processes; a shorter peak may be missed) and exit code. Output goes to
    `log`."""
    environment = {**os.environ, **(env or {})}
    environment.pop("ARCHIVE_REPO_URL", None)  # as tests/sitebuild.py: no repository address, no edit links
    load_before = round(os.getloadavg()[0], 2)
    tree_peak, next_sample = 0, 0.0
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=environment, stdout=out, stderr=subprocess.STDOUT)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if now > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            if now >= next_sample:
                tree_peak = max(tree_peak, tree_memory(proc.pid) or 0)
                # Reading smaps_rollup costs the kernel time in proportion to the memory mapped
                # (70 ms for 2.3 GB in 3 processes): at most 2% of a core goes to sampling.
                next_sample = now + max(0.5, 50 * (time.perf_counter() - now))
            time.sleep(0.02)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return {"wall_s": round(wall, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3), "peak_rss_bytes": peak,
            "tree_peak_pss_bytes": tree_peak or None,
            "exit_code": proc.returncode, "timed_out": wall > timeout, "load_before": load_before,
            "load_after": round(os.getloadavg()[0], 2)}


def _generate_in_process(root: Path, out: Path, result_file: Path, profile: Path | None) -> int:
    """The child side of the generate step: time pipeline.generate and each of its stages."""
    started = time.perf_counter()
    from build_scripts import fingerprint, pipeline
    imported = time.perf_counter() - started
    stages: dict[str, float] = {}
    stages_cpu: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            t, c = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - t
                stages_cpu[name] = stages_cpu.get(name, 0.0) + time.process_time() - c
        return wrapper

    def timed_pages(function):
        """The pages are rendered one at a time as the writer asks for them: each step of the
        generator is render time, and is taken out of the writer's time below."""
        def wrapper(*args, **kwargs):
            pages = function(*args, **kwargs)
            while True:
                t, c = time.perf_counter(), time.process_time()
                try:
                    entry = next(pages)
                except StopIteration:
                    return
                finally:
                    stages["render_site"] = stages.get("render_site", 0.0) + time.perf_counter() - t
                    stages_cpu["render_site"] = stages_cpu.get("render_site", 0.0) + time.process_time() - c
                yield entry
        return wrapper

    for stage in ("load_all", "validate", "link", "write_tree", "write_parallel"):
        if hasattr(pipeline, stage):
            setattr(pipeline, stage, timed(stage, getattr(pipeline, stage)))
    pipeline.iter_site = timed_pages(pipeline.iter_site)
    for name in ("unchanged", "save"):
        setattr(fingerprint, name, timed("fingerprint", getattr(fingerprint, name)))
    profiler = None
    if profile is not None:
        import cProfile
        profiler = cProfile.Profile(time.process_time)  # CPU time: true shares when the machine is shared
        profiler.enable()
    t, c, before = time.perf_counter(), time.process_time(), os.times()
    result = pipeline.generate(root, out)
    total, total_cpu, after = time.perf_counter() - t, time.process_time() - c, os.times()
    # The worker processes, if any (ARCHIVE_BUILD_JOBS; see build_scripts/fork.py), are waited for,
    # so their CPU time is in the children's clock.
    workers_cpu = (after.children_user + after.children_system) - (before.children_user + before.children_system)
    if profiler is not None:
        profiler.disable()
        import io
        import pstats
        for order in ("cumulative", "tottime"):
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(40)
            profile.with_suffix(f".{order}.txt").write_text(text.getvalue(), encoding="utf-8")
    for clock in (stages, stages_cpu):  # the writer's own time, without the rendering it waited for
        if "write_tree" in clock:
            clock["write_tree"] -= clock.get("render_site", 0.0)
    w = result.written
    report = {
        "import_s": round(imported, 3), "generate_s": round(total, 3),
        "generate_cpu_s": round(total_cpu + workers_cpu, 3), "parent_cpu_s": round(total_cpu, 3),
        "parent_peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        * (1 if sys.platform == "darwin" else 1024),
        "workers": [{"cpu_s": wk.cpu_s, "peak_rss_bytes": wk.peak_rss_bytes} for wk in (w.workers if w else ())],
        "stages_s": {k: round(v, 3) for k, v in stages.items()},
        "stages_cpu_s": {k: round(v, 3) for k, v in stages_cpu.items()},
        "pages": result.pages, "errors": len(result.report.errors),
        "written": w.written if w else None, "unchanged": w.unchanged if w else None,
        "removed": w.removed if w else None,
    }
    result_file.write_text(json.dumps(report), encoding="utf-8")
    return 0 if w is not None else 1


# The steps ------------------------------------------------------------------------------------

def _mkdocs_env() -> dict[str, str]:
    # PYTHONPATH: the hook imports build_scripts from this script's tree, not from wherever the
    # environment's (editable) install of the project points, so a run from a copy measures the copy.
    env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", "PYTHONHASHSEED": "0",
           "PYTHONPATH": str(REPO)}
    return env


def _mkdocs() -> str:
    return str(Path(sys.executable).parent / "mkdocs")


def generate_step(archive: Path, out: Path, work: Path, name: str, profile: bool, jobs: int | None = None) -> dict:
    """One generate in a process of its own; with `jobs`, that many render and write processes
    (ARCHIVE_BUILD_JOBS), else the generator's default (one per core)."""
    result_file = work / f"{name}.json"
    cmd = [sys.executable, str(HERE / "run.py"), "_generate", str(archive), str(out), str(result_file),
           str(work / f"{name}.profile") if profile else "-"]
    run = measure(cmd, REPO, work / f"{name}.log", env={"ARCHIVE_BUILD_JOBS": str(jobs)} if jobs else None)
    run["jobs"] = jobs
    if result_file.exists():
        run.update(json.loads(result_file.read_text(encoding="utf-8")))
    return run


def bare_project(full: Path, dest: Path) -> Path:
    """The full build's project without our hook: generated pages copied into docs/."""
    dest.mkdir(parents=True)
    config = (full / "mkdocs.yml").read_text(encoding="utf-8")
    config, count = re.subn(r"(?m)^hooks:\n(?:[ \t]+- .*\n)+", "", config)
    assert count == 1, "mkdocs.yml has no hooks block to remove"
    # What the hook's on_config does without a repository address: no edit links.
    config = re.sub(r"(?m)^edit_uri:.*\n", "", config)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(full / "docs", dest / "docs")
    from build_scripts import pipeline
    shutil.copytree(full / pipeline.GENERATED, dest / "docs", dirs_exist_ok=True)
    shutil.copytree(full / "overrides", dest / "overrides")
    return dest


def _warnings(log: Path) -> list[str]:
    """The build's warnings (at most 20 shown; the count is exact)."""
    found = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
             if line.startswith("WARNING")]
    return found[:20] + ([f"… and {len(found) - 20} more"] if len(found) > 20 else [])


_WORKERS = re.compile(r"archive: (\d+) pages built in (\d+) worker processes \(CPU time ([^)]*)\); the main process "
                      r"read the \d+ pages of the navigation and did the rest \(CPU time ([\d.]+) s before the "
                      r"workers, ([\d.]+) s beside them\)")


def workers_from_log(log: Path) -> dict | None:
    """What the full build's log says of its worker processes (build_scripts/publish/parallel.py);
    None when it built its pages one at a time."""
    found = _WORKERS.search(log.read_text(encoding="utf-8", errors="replace"))
    if not found:
        return None
    return {"pages": int(found.group(1)), "cpu_s": [float(t.removesuffix(" s")) for t in found.group(3).split(", ")],
            "main_before_s": float(found.group(4)), "main_beside_s": float(found.group(5))}


_PAGEFIND_RUN = re.compile(r"Pagefind indexed (\d+) pages into (\S+)/ in ([\d.]+) s, peak memory ([\d,]+) MB")


def pagefind_runs(log: str) -> list[dict]:
    """Each Pagefind run a build's log reports (build_scripts/publish/search.py)."""
    return [{"bundle": m.group(2), "pages": int(m.group(1)), "seconds": float(m.group(3)),
             "peak_mb": int(m.group(4).replace(",", ""))} for m in _PAGEFIND_RUN.finditer(log)]


def parallel_estimate(build: dict, cores: int) -> float | None:
    """The full build's wall time on an idle machine of `cores` cores with as many workers, from
    its CPU times: the main process's time (all of it, as if it overlapped nothing) plus the
    slowest worker's (as measured, with that many workers; else the workers' time shared out
    evenly); with 1 core, the whole CPU time."""
    workers = build.get("workers")
    if not workers or build.get("exit_code") != 0:
        return None
    total = build["cpu_s"]
    work = sum(workers["cpu_s"])
    if cores == 1:
        return total
    main = total - work
    return main + (max(workers["cpu_s"]) if cores == len(workers["cpu_s"]) else work / cores)


def _count(folder: Path, pattern: str) -> int:
    return sum(1 for _ in folder.rglob(pattern))


def run_size(n: int, seed: int, work: Path, skip_mkdocs: bool, profile: bool, timeout: float,
             strict: bool = False, jobs: int | None = None, search: str = "material", skip_bare: bool = False,
             keep_site: Path | None = None) -> dict:
    import sitebuild
    import synthetic

    row: dict = {"articles": n}
    base = work / f"n{n}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    archive = base / "archive"
    t = time.perf_counter()
    files = synthetic.generate(n, seed)
    synthetic.write(files, archive)
    row["synthetic"] = {
        "seconds": round(time.perf_counter() - t, 2), "files": len(files),
        "actors": sum(p.startswith("annotations/actors/") for p in files),
        "claims": sum(t.count("\n  - id: ") for p, t in files.items() if p.startswith("annotations/claims/")),
        "disputes": sum(p.startswith("annotations/disputes/") for p in files),
        "article_bytes": sum(len(t.encode()) for p, t in files.items() if p.startswith("articles/")),
    }
    del files
    # Files changed in the last 2 s are not trusted by the no-op check (build_scripts/fingerprint.py:
    # "racily clean" inputs); a contributor's files are older than that, so wait as long.
    time.sleep(2.5)
    say(f"N={n}: synthetic archive {row['synthetic']}")

    out = base / "generated"
    row["generate_cold"] = generate_step(archive, out, base, "generate-cold", profile, jobs)
    say(f"N={n}: generate cold {row['generate_cold'].get('generate_s')} s (CPU {row['generate_cold'].get('generate_cpu_s')} s), "
        f"{row['generate_cold']['peak_rss_bytes'] / 2**20:.0f} MB, stages {row['generate_cold'].get('stages_s')}")
    row["generate_noop"] = generate_step(archive, out, base, "generate-noop", False, jobs)
    say(f"N={n}: generate no-op {row['generate_noop'].get('generate_s')} s, written {row['generate_noop'].get('written')}")
    row["pages"] = row["generate_cold"].get("pages")
    if skip_mkdocs:
        return row

    build = [_mkdocs(), "build"] + (["--strict"] if strict else [])
    project = sitebuild.make_project(archive, base / "full")
    if search != "material":
        sitebuild.with_extra(project, archive_search=search)
    env = _mkdocs_env() | ({"ARCHIVE_BUILD_JOBS": str(jobs)} if jobs else {})
    row["full_build"] = measure(build, project, base / "full-build.log", env=env, timeout=timeout)
    row["full_build"]["jobs"] = jobs or "auto"
    row["full_build"]["search"] = search
    row["full_build"]["pagefind_runs"] = pagefind_runs(
        (base / "full-build.log").read_text(encoding="utf-8", errors="replace"))
    row["full_build"]["workers"] = workers_from_log(base / "full-build.log")
    row["full_build"]["html_pages"] = _count(project / "site", "index.html") if (project / "site").is_dir() else 0
    row["full_build"]["warnings"] = _warnings(base / "full-build.log")
    say(f"N={n}: full build {row['full_build']}")
    if keep_site and (project / "site").is_dir():
        shutil.rmtree(keep_site, ignore_errors=True)
        keep_site.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(project / "site", keep_site)
    if row["full_build"]["exit_code"] == 0 and not skip_bare:
        bare = bare_project(project, base / "bare")
        row["bare_build"] = measure(build, bare, base / "bare-build.log", env=_mkdocs_env(), timeout=timeout)
        row["bare_build"]["warnings"] = _warnings(base / "bare-build.log")
        row["bare_build"]["html_pages"] = _count(bare / "site", "index.html") if (bare / "site").is_dir() else 0
        row["bare_build"]["markdown_pages"] = _count(bare / "docs", "*.md")
        say(f"N={n}: bare build {row['bare_build']}")
        shutil.rmtree(bare / "site", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    return row


def say(text: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {text}", file=sys.stderr, flush=True)


# Targets and the report -----------------------------------------------------------------------------

def _seconds(step: dict | None, clock: str) -> float | None:
    """A step's time on one clock: "cpu" (user + system time of the process: what the wall time
    is on an idle machine, since every step is single-threaded) or "wall"."""
    if not step or step.get("exit_code") != 0:
        return None
    if "generate_s" in step:  # a generate step: the in-process time of pipeline.generate
        return step.get("generate_cpu_s" if clock == "cpu" else "generate_s")
    return step.get("cpu_s" if clock == "cpu" else "wall_s")


def _per_page(row: dict, step: str, clock: str = "cpu") -> float | None:
    build = row.get(step)
    pages = (build or {}).get("html_pages") or row.get("pages")
    seconds = _seconds(build, clock)
    return seconds / pages if seconds and pages else None


def evaluate(rows: list[dict]) -> list[dict]:
    """Each target, on CPU time (robust when other work shares the machine) and on wall time."""
    by_n = {r["articles"]: r for r in rows}
    big = by_n.get(10_000)
    checks = []

    def add(key: str, values: dict[str, float | None], at: str) -> None:
        description, limit, unit = TARGETS[key]
        value = values.get("cpu")
        check = {"target": key, "description": description, "limit": limit, "unit": unit, "value": value,
                 "wall_value": values.get("wall"), "at": at}
        if value is None:
            check.update(status="NOT RUN", margin=f"not measured ({at})")
        else:
            ok = value <= limit
            if unit == "files":
                margin = f"{value} files written"
            elif value > 2 * limit:
                margin = f"{value / limit:.1f}× the limit"
            else:
                margin = f"{value / limit:.2f}× the limit ({'under' if ok else 'over'} by {abs(limit - value) / limit:.0%})"
            check.update(status="PASS" if ok else "MISS", margin=margin)
        checks.append(check)

    def both(function) -> dict[str, float | None]:
        return {clock: function(clock) for clock in ("cpu", "wall")}

    def ratio(a, b):
        return a / b if a is not None and b else None

    cold = big["generate_cold"] if big else None
    noop = big["generate_noop"] if big else None
    full = big.get("full_build") if big else None
    add("generate_10k", both(lambda c: _seconds(cold, c)), "N=10,000")
    add("generate_share", both(lambda c: ratio(_seconds(cold, c), _seconds(full, c))), "N=10,000")
    files = noop.get("written") if noop else None
    add("noop_files", {"cpu": files, "wall": files}, "N=10,000")
    add("noop_10k", both(lambda c: _seconds(noop, c)), "N=10,000")
    measured = [n for n, r in by_n.items() if _seconds(r.get("full_build"), "cpu") and _seconds(r.get("bare_build"), "cpu")]
    at = max(measured) if measured else max(by_n)
    add("full_vs_bare", both(lambda c: ratio(_seconds(by_n[at].get("full_build"), c),
                                             _seconds(by_n[at].get("bare_build"), c))), f"N={at:,}")
    add("per_page_growth", both(lambda c: ratio(_per_page(by_n.get(2000, {}), "full_build", c),
                                                _per_page(by_n.get(200, {}), "full_build", c))), "N=2,000 vs 200")
    memory = cold["peak_rss_bytes"] if cold and cold.get("exit_code") == 0 else None
    add("generate_memory", {"cpu": memory, "wall": memory}, "N=10,000")
    return checks


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = 0
    if Path("/proc/meminfo").exists():
        mem = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)) * 1024
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "pydantic", "PyYAML"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10).stdout.strip()
        except OSError:
            return ""

    return {"cpu": cpu, "cores": os.cpu_count(), "ram_bytes": mem, "os": platform.platform(),
            "python": platform.python_version(), "packages": versions,
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": git("rev-parse", "--short", "HEAD"),
            "work_tree_modified": bool(git("status", "--porcelain", "--untracked-files=no"))}


def _fmt_value(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "bytes":
        return f"{value / 2**20:,.0f} MB"
    if unit == "ratio":
        return f"{value:.1%}" if value < 0.5 else f"{value:.2f}×"
    return str(value)


def _limit(limit, unit: str) -> str:
    if unit == "bytes":
        return f"≤ {limit / GB:.0f} GB"
    if unit == "ratio":
        return f"≤ {limit:.0%}" if limit < 0.5 else f"≤ {limit:.2f}×"
    if unit == "files":
        return "0 files"
    return f"≤ {limit:g} s"


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = ["# Scale benchmark results", "",
             f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores, {m['ram_bytes'] / GB:.0f} GB RAM), "
             f"{m['os']}, Python {m['python']}, MkDocs {m['packages']['mkdocs']}, Material "
             f"{m['packages']['mkdocs-material']}; commit {m['commit']}"
             f"{' with uncommitted changes' if m['work_tree_modified'] else ''}.", "",
             "Reproduce with:", "", "```", results["command"], "```", "",
             "Each step runs in its own process; peak memory is that process's maximum resident set size. "
             "\"Generate\" is `pipeline.generate` (load → validate → link → render → write) timed inside the "
             "process; \"full build\" is `mkdocs build` of a temporary project with our hook (which "
             "runs the generator itself); \"bare build\" is `mkdocs build` of the same generated "
             "Markdown copied into docs/ of a project without the hook" + (" (both with `--strict`)." if
             "--strict" in results["command"] else "."), "",
             "Times are given on two clocks. **CPU** is the user + system time of the step's process: every "
             "step is single-threaded, so this is what its wall time is on an idle machine, and it stays "
             "true when other work shares the machine. **Wall** is elapsed time as measured; when the load "
             "average (shown per step in results.json) was above the core count, wall times are inflated. "
             "Targets are judged on CPU time.", "",
             "## Targets", "", "| target | limit | measured (CPU) | measured (wall) | at | result |",
             "|---|---|---|---|---|---|"]
    for c in results["targets"]:
        lines.append(f"| {c['description']} | {_limit(c['limit'], c['unit'])} | {_fmt_value(c['value'], c['unit'])} "
                     f"| {_fmt_value(c.get('wall_value'), c['unit'])} | {c['at']} | **{c['status']}** {c['margin']} |")
    lines += ["", "## Measurements", "",
              "Times as CPU / wall seconds. Stages are CPU seconds inside the generate step.", "",
              "| articles | actors | claims | disputes | pages | generate cold | stages: load / validate / link / "
              "render / write / fingerprint | generate peak RSS | no-op | no-op files written | full build | full peak RSS | "
              "bare build | bare peak RSS | full ÷ bare (CPU) | full per page (CPU) | bare per page (CPU) |",
              "|" + "---|" * 17]

    def pair(step: dict | None, row: dict | None = None) -> str:
        if step is None:
            return "not run (see notes)" if row and row.get("not_run") else "skipped"
        if step.get("exit_code") != 0:
            return f"failed (exit {step.get('exit_code')}) after {step.get('wall_s', 0):.0f} s"
        return f"{_seconds(step, 'cpu'):.1f} / {_seconds(step, 'wall'):.1f} s"

    for r in results["rows"]:
        g, z = r["generate_cold"], r["generate_noop"]
        s = g.get("stages_cpu_s", {})
        stages = " / ".join(f"{s.get(k, 0):.1f}" for k in ("load_all", "validate", "link", "render_site", "write_tree", "fingerprint"))
        f, b = r.get("full_build"), r.get("bare_build")
        full_bare = _seconds(f, "cpu") / _seconds(b, "cpu") if _seconds(f, "cpu") and _seconds(b, "cpu") else None
        cells = [f"{r['articles']:,}", f"{r['synthetic']['actors']:,}", f"{r['synthetic']['claims']:,}",
                 f"{r['synthetic']['disputes']:,}", f"{r.get('pages') or 0:,}", pair(g), stages,
                 f"{g['peak_rss_bytes'] / 2**20:,.0f} MB", pair(z), str(z.get("written")),
                 pair(f, r), f"{f['peak_rss_bytes'] / 2**20:,.0f} MB" if f else "—",
                 pair(b, r), f"{b['peak_rss_bytes'] / 2**20:,.0f} MB" if b else "—",
                 f"{full_bare:.2f}×" if full_bare else "—"]
        for step in ("full_build", "bare_build"):
            per = _per_page(r, step)
            cells.append(f"{per * 1000:.1f} ms" if per else "—")
        lines.append("| " + " | ".join(cells) + " |")
    if results.get("notes"):
        lines += ["", "## Notes", ""] + [f"- {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_generate"]:
        root, out, result = map(Path, argv[1:4])
        profile = Path(argv[4]) if len(argv) > 4 and argv[4] != "-" else None
        return _generate_in_process(root, out, result, profile)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,2000,10000", help="comma-separated article counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-mkdocs", action="store_true", help="only the generate steps (quick mode)")
    parser.add_argument("--profile", action="store_true", help="also write cProfile listings of each cold generate")
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one, removed)")
    parser.add_argument("--results", type=Path, default=HERE, help="folder for results.md and results.json")
    parser.add_argument("--timeout", type=float, default=3600, help="limit for one MkDocs build, in seconds")
    parser.add_argument("--strict", action="store_true", help="build with `mkdocs build --strict`, as CI does "
                        "(off by default, so that a stray warning does not void an hour of measuring; the "
                        "warnings are counted either way)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes for each generate step's render and write and for the full build's pages "
                             "(ARCHIVE_BUILD_JOBS; default: the project's setting, one per core; 1: one at a time); "
                             "--profile sees the first process only")
    parser.add_argument("--search", choices=("material", "pagefind"), default="material",
                        help="the full build's search (`extra: archive_search`); pagefind: each run's pages and peak "
                             "memory are read from its log")
    parser.add_argument("--skip-bare", action="store_true",
                        help="no bare MkDocs build (at 10,000 it is about 15 minutes that an earlier run measured)")
    parser.add_argument("--keep-site", type=Path, default=None,
                        help="move each full build's site to DIR/n<N> (for benchmarks/search.py --site)")
    parser.add_argument("--note", action="append", default=[], help="a line for the Notes section")
    parser.add_argument("--combine", nargs="+", type=Path, metavar="RESULTS_JSON",
                        help="measure nothing: merge the rows of earlier results.json files (one size per run, "
                             "say, when a run cannot be done in one go) into --results")
    args = parser.parse_args(argv)
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be 1 or more (leave it out for the project's setting, one per core)")
    if args.combine:
        return combine(args.combine, args.results, args.note)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="archive-bench-"))
    rows = []
    try:
        for n in sizes:
            rows.append(run_size(n, args.seed, work, args.skip_mkdocs, args.profile, args.timeout, args.strict,
                                 args.jobs, args.search, args.skip_bare,
                                 args.keep_site / f"n{n}" if args.keep_site else None))
            write_results(rows, args)  # after every size, so a long run leaves what it finished
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    failed = [r for r in rows if r["generate_cold"]["exit_code"] != 0 or r["generate_noop"].get("written") != 0]
    return 1 if failed else 0


def combine(files: list[Path], out: Path, notes: list[str]) -> int:
    runs = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    rows = {}
    for run in runs:
        for row in run["rows"]:
            row.setdefault("measured", run["machine"]["date"])
            row.setdefault("command", run["command"])
            rows[row["articles"]] = row
    ordered = [rows[n] for n in sorted(rows)]
    results = {
        "command": "\n".join(dict.fromkeys(run["command"] for run in runs)),
        "machine": runs[-1]["machine"], "rows": ordered, "targets": evaluate(ordered),
        "notes": list(dict.fromkeys(n for run in runs for n in run.get("notes", []))) + notes
        + [f"Combined from {len(runs)} runs: " + "; ".join(f"{run['command']} ({run['machine']['date']})" for run in runs)],
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "results.md").write_text(markdown(results) + _kept_sections(out / "results.md"), encoding="utf-8")
    return 0


KEPT_SECTIONS = ("## Issue 16: targets, before and after", "## Search at scale")


def _kept_sections(path: Path) -> str:
    """The sections written by hand (from the first of `KEPT_SECTIONS` to the end of results.md:
    the issue-16 summary, then the search, preview and issue measurements): kept when this
    script rewrites the file."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    found = [i for i in (text.find("\n" + heading + "\n") for heading in KEPT_SECTIONS) if i >= 0]
    return "" if not found else "\n" + text[min(found) + 1:].rstrip("\n") + "\n"


def write_results(rows: list[dict], args) -> None:
    command = "python benchmarks/run.py --sizes " + ",".join(str(r["articles"]) for r in rows) + \
        f" --seed {args.seed}" + (" --skip-mkdocs" if args.skip_mkdocs else "") + (" --strict" if args.strict else "") \
        + (f" --jobs {args.jobs}" if args.jobs else "") \
        + (f" --search {args.search}" if args.search != "material" else "") + (" --skip-bare" if args.skip_bare else "")

    notes = list(args.note)
    results = {"command": command, "machine": machine(), "rows": rows,
               "targets": evaluate(rows), "notes": notes}
    args.results.mkdir(parents=True, exist_ok=True)
    (args.results / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
    (args.results / "results.md").write_text(markdown(results) + _kept_sections(args.results / "results.md"),
                                             encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
