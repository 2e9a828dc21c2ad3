"""Fast preview benchmark: how long after saving one claims file the preview shows the change.

    python benchmarks/preview.py --articles 2000 --seed 1 [--work DIR] [--profile PREFIX]

Runs what `mkdocs serve --dirty` runs (the hook's fast preview, build_scripts/preview.py, and
MkDocs' dirty build of the pages whose Markdown changed) in this process, on a synthetic
archive (benchmarks/synthetic.py) in a temporary project: one first build, then two edits of one
claims file, each followed by one build, timed (wall and CPU). After each, the built HTML page of
the edited claim is read back to check that it shows the edit. Live-reload's own delay (the
file watcher, the browser reload) is not included; it is well under a second. With `--profile`,
each edit's build is also profiled (cProfile), to PREFIX-1.prof and PREFIX-2.prof.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import json
import logging
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests"), str(HERE.parent)]

import sitebuild  # noqa: E402
import synthetic  # noqa: E402

from build_scripts import preview  # noqa: E402


def _timed(step) -> dict:
    """Wall and CPU time of `step`, and the part of it the cycle collector's full collections took."""
    full: list[float] = []

    def collector(phase: str, info: dict) -> None:
        if info["generation"] == 2:
            full.append(time.perf_counter() if phase == "start" else time.perf_counter() - full.pop())

    gc.callbacks.append(collector)
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        step()
    finally:
        gc.callbacks.remove(collector)
    return {"wall_s": round(time.perf_counter() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2),
            "full_gc_s": round(sum(full), 2)}


def _claim_in_dispute(project: Path) -> tuple[Path, str, str]:
    """A claims file, and the id and role of one of its claims that a dispute names."""
    named = set()
    for dispute in sorted((project / "annotations" / "disputes").glob("*.yml")):
        named.update(re.findall(r"[a-z0-9-]+", " ".join(re.findall(r"claims: \[(.*?)\]", dispute.read_text()))))
    for path in sorted((project / "annotations" / "claims").glob("*.yml")):
        for ident, role in re.findall(r"^  - id: (\S+)\n(?:    .*\n)*?    role: (\S+)$", path.read_text(), re.MULTILINE):
            if ident in named:
                return path, ident, role
    raise SystemExit("no claim in a dispute")


def _set_in_claim(path: Path, ident: str, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {ident}\n")
    at = text.index(f"    {key}: ", start)
    end = text.index("\n", at)
    path.write_text(text[:at] + f"    {key}: {value}" + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="folder for the project (default: a temporary one)")
    parser.add_argument("--profile", type=Path, default=None, help="profile each edit's build to PREFIX-<n>.prof")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    work = args.work or Path(tempfile.mkdtemp(prefix="preview-bench-"))
    archive = work / "archive"
    synthetic.write(synthetic.generate(args.articles, args.seed), archive, force=True)
    project = sitebuild.make_project(archive, work / "project")
    site = work / "site"
    os.chdir(project)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def config():  # as `mkdocs serve` does: the configuration is read again for every build
        c = load_config(config_file="mkdocs.yml", site_dir=str(site))
        c.site_url = "http://127.0.0.1:8000/"
        return c

    config().plugins.on_startup(command="serve", dirty=True)
    refresh_times: list[dict] = []
    original = preview.Preview.refresh

    def timed_refresh(self):
        out: dict = {}
        holder = {}
        out.update(_timed(lambda: holder.setdefault("r", original(self))))
        refresh_times.append({**out, "pages_written": holder["r"].written.written if holder["r"].written else None})
        return holder["r"]

    preview.Preview.refresh = timed_refresh
    results: dict = {"articles": args.articles, "seed": args.seed}
    results["first_build"] = _timed(lambda: build(config(), serve_url="http://127.0.0.1:8000/", dirty=True))
    print("first build", results["first_build"], flush=True)
    path, ident, role = _claim_in_dispute(project)
    page = site / "claims" / ident / "index.html"
    edits = [("note", '"Edited to time the preview."', "Edited to time the preview."),
             ("role", "reports" if role != "reports" else "asserts", None)]
    results["edits"] = []
    for n, (key, value, expect) in enumerate(edits, 1):
        time.sleep(2.5)
        _set_in_claim(path, ident, key, value)
        rebuild = lambda: build(config(), serve_url="http://127.0.0.1:8000/", dirty=True)  # noqa: E731
        if args.profile:
            profiler = cProfile.Profile()
            rebuild = functools.partial(profiler.runcall, rebuild)
        timing = _timed(rebuild)
        if args.profile:
            profiler.dump_stats(f"{args.profile}-{n}.prof")
        html = page.read_text(encoding="utf-8")
        shown = (expect in html) if expect else (f">{value} <" in html or f">{value}<" in html)
        entry = {"edit": f"{path.relative_to(project).as_posix()}: claim {ident}: {key} → {value}", **timing,
                 "generate": refresh_times[-1], "page_shows_edit": shown}
        results["edits"].append(entry)
        print(entry, flush=True)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(results, indent=2))
    return 0 if all(e["page_shows_edit"] for e in results["edits"]) else 1


if __name__ == "__main__":
    sys.exit(main())
