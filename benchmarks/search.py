"""What a reader's first search costs: Material's lunr search against Pagefind.

    python benchmarks/search.py --sizes 200,2000 --seed 1 [--queries ceasefire,...] [--json out.json]

For each size N: a synthetic archive of N articles (benchmarks/synthetic.py) is built twice with
`mkdocs build --strict`, in a temporary project made as tests/sitebuild.py makes one: once as
configured (`extra: archive_search: material`, the default), once with
`extra: archive_search: pagefind`. Then, in Debian's Chromium served from 127.0.0.1:

- Material: the size of search/search_index.json, which the theme downloads whole before it can
  show a first result (measured from the file; its gzip size too, for a server that compresses);
- Pagefind: a fresh browser context opens the articles index, types each query into the header
  box, and the bytes of every response from the moment the box is focused until the results are
  shown and the network is idle (Pagefind's script, worker, WebAssembly, metadata, the index
  chunks for the query's words, the fragments of the results shown; our own search script is
  loaded with the page, not counted, and is a few kB) are summed: the first query's cost, on a
  cold cache; and the time from typing to the first result shown (on this machine; wall clock).

Bytes are as served by Python's http.server: no compression (Pagefind's files are already
gzip-compressed; Material's JSON index is not).

    python benchmarks/search.py --approx-sizes 10000 --seed 1

estimates Pagefind at sizes where a full MkDocs build is too slow to run (about 13 minutes of
CPU at 10,000 articles): the generator writes the Markdown pages, and each page that the site
would index becomes a bare HTML page (its title, its kind filter, and its Markdown source with
the HTML blocks as they are, unrendered) for `pagefind --site`. Page count, kinds and words are
those of the real site, so the metadata and chunk sizes are close; the query then runs on
Pagefind's JavaScript API from a bare page (no header box, no theme).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

import browser_support  # noqa: E402
import sitebuild  # noqa: E402

DEFAULT_QUERIES = ["ceasefire", "convoy", "militants"]


def build(archive: Path, dest: Path, engine: str) -> tuple[Path, float]:
    project = sitebuild.make_project(archive, dest)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nextra:\n  archive_search: {engine}\n",
                      encoding="utf-8")
    started = time.perf_counter()
    run = sitebuild.mkdocs_build(project)
    if run.returncode != 0:
        raise SystemExit(f"mkdocs build ({engine}) failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return project / "site", time.perf_counter() - started


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def first_query(browser, base: str, query: str, path: str = "/articles/") -> dict:
    """Bytes fetched and time taken by one query typed into the header box of a fresh context."""
    run = browser_support.first_query(browser, base, query, path)
    kinds: dict[str, int] = {}
    for url, size in run.fetched:
        name = url.rsplit("/", 1)[-1].split("?")[0]
        kind = name.rsplit(".", 1)[-1] if "." in name else name
        kinds[kind] = kinds.get(kind, 0) + size
    return {"query": query, "bytes": sum(size for _, size in run.fetched), "requests": len(run.fetched),
            "by_type": kinds, "seconds_to_results": round(run.seconds, 3), "results": run.results,
            "errors": run.errors, "external": run.external}


def measure(n: int, seed: int, queries: list[str], work: Path, browser) -> dict:
    archive = work / f"archive-{n}"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synthetic.py"), "--articles", str(n), "--seed",
                    str(seed), str(archive), "--force"], check=True, capture_output=True)
    row: dict = {"articles": n}
    site, seconds = build(archive, work / f"material-{n}", "material")
    index = site / "search" / "search_index.json"
    data = index.read_bytes()
    row["material"] = {"build_s": round(seconds, 1), "index_bytes": len(data),
                       "index_gzip_bytes": len(gzip.compress(data, 6))}
    shutil.rmtree(site.parent)
    site, seconds = build(archive, work / f"pagefind-{n}", "pagefind")
    total, files = folder_size(site / "pagefind")
    meta = next((site / "pagefind").glob("*.pf_meta"))
    row["pagefind"] = {"build_s": round(seconds, 1), "folder_bytes": total, "files": files,
                       "meta_bytes": meta.stat().st_size, "queries": []}
    with browser_support.serve_directory(site) as base:
        for query in queries:
            row["pagefind"]["queries"].append(first_query(browser, base, query))
    shutil.rmtree(site.parent)
    return row


_TAG = re.compile(r"<[^>]+>")


def approx_site(archive: Path, site: Path) -> int:
    """Bare HTML pages for Pagefind from the generated Markdown (see the module's docstring)."""
    from build_scripts import pipeline
    from build_scripts.publish.search import search_kind

    result = pipeline.generate(archive, force=True)
    if result.written is None:
        raise SystemExit(f"generate failed: {result.report.summary()}")
    generated = archive / pipeline.GENERATED
    count = 0
    for path in sorted(generated.rglob("*.md")):
        rel = path.relative_to(generated).as_posix()
        kind = search_kind(rel)
        if kind is None:
            continue
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        title = next((line[2:] for line in body.splitlines() if line.startswith("# ")), rel)
        url = rel.removesuffix(".md").removesuffix("index").rstrip("/")
        out = site / url / "index.html" if url else site / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        title_text = html.escape(_TAG.sub("", html.unescape(title)))
        kind_filter = f'<span data-pagefind-filter="kind:{kind}"></span>' if kind else ""
        out.write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title_text}</title>'
                       f'</head><body><main data-pagefind-body>{kind_filter}'
                       f'<span data-pagefind-meta="title:{title_text}"></span>{body}</main></body></html>',
                       encoding="utf-8")
        count += 1
    shutil.rmtree(generated)
    (site / "probe.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body>'
        '<input id="q"><ol id="r"></ol><script type="module">'
        'const pf = await import("/pagefind/pagefind.js"); await pf.init();'
        'window.runQuery = async (q) => { const found = await pf.search(q);'
        ' const pages = await Promise.all(found.results.slice(0, 10).map(r => r.data()));'
        ' document.getElementById("r").replaceChildren(...pages.map(p => {'
        ' const li = document.createElement("li"); li.className = "hit"; li.textContent = p.meta.title; return li; }));'
        ' return found.results.length; };'
        '</script></body></html>', encoding="utf-8")
    return count


def approx_query(browser, base: str, query: str) -> dict:
    """Bytes fetched by a fresh page that loads Pagefind (script, worker, WebAssembly: as the
    header box does on focus) and runs one query; the probe page itself is not counted."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[int] = []

    def on_response(response) -> None:
        if response.url.endswith("/probe.html"):
            return
        try:
            fetched.append(len(response.body()))
        except Exception:  # a redirect or an aborted request has no body
            fetched.append(0)

    page.on("response", on_response)
    page.goto(base + "/probe.html")
    page.wait_for_function("() => typeof window.runQuery === 'function'", timeout=60_000)
    started = time.perf_counter()
    results = page.evaluate("(q) => window.runQuery(q)", query)
    shown = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    context.close()
    return {"query": query, "bytes": sum(fetched), "requests": len(fetched),
            "seconds_to_results": round(shown, 3), "results": results}


def measure_approx(n: int, seed: int, queries: list[str], work: Path, browser) -> dict:
    archive = work / f"archive-{n}"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synthetic.py"), "--articles", str(n), "--seed",
                    str(seed), str(archive), "--force"], check=True, capture_output=True)
    site = work / f"approx-{n}"
    pages = approx_site(archive, site)
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(run.stdout[-3000:] + run.stderr[-3000:])
    total, files = folder_size(site / "pagefind")
    meta = next((site / "pagefind").glob("*.pf_meta"))
    row = {"articles": n, "approx": True, "pages_indexed": pages,
           "pagefind": {"index_s": round(seconds, 1), "folder_bytes": total, "files": files,
                        "meta_bytes": meta.stat().st_size, "queries": []}}
    with browser_support.serve_directory(site) as base:
        for query in queries:
            row["pagefind"]["queries"].append(approx_query(browser, base, query))
    shutil.rmtree(site)
    shutil.rmtree(archive)
    return row


def report(rows: list[dict]) -> str:
    lines = ["| articles | Material: search_index.json (gzip) | Pagefind: first query (bytes, requests, "
             "time to results) | Pagefind folder | Pagefind metadata |",
             "|---|---|---|---|---|"]
    for row in rows:
        m, p = row.get("material"), row["pagefind"]
        queries = "; ".join(f"{q['query']}: {q['bytes'] / 1000:,.0f} kB, {q['requests']} req, "
                            f"{q['seconds_to_results']:.2f} s" for q in p["queries"])
        material = f"{m['index_bytes'] / 1e6:,.1f} MB ({m['index_gzip_bytes'] / 1e6:,.1f} MB)" if m else "not built"
        label = f"{row['articles']:,}" + (" (estimated)" if row.get("approx") else "")
        lines.append(f"| {label} | {material} | {queries} | "
                     f"{p['folder_bytes'] / 1e6:,.1f} MB in {p['files']:,} files | {p['meta_bytes'] / 1000:,.0f} kB |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200", help="comma-separated article counts, built with MkDocs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", default=",".join(DEFAULT_QUERIES))
    parser.add_argument("--approx-sizes", default="",
                        help="comma-separated article counts to estimate without MkDocs (see above)")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args(argv)
    chromium = browser_support.chromium_path()
    if chromium is None:
        raise SystemExit(browser_support.MISSING_CHROMIUM)
    from playwright.sync_api import sync_playwright

    rows = []
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp, sync_playwright() as playwright:
        browser = browser_support.launch_chromium(playwright, chromium)
        try:
            for n in [int(s) for s in args.sizes.split(",") if s]:
                print(f"[{time.strftime('%H:%M:%S')}] {n} articles", file=sys.stderr, flush=True)
                rows.append(measure(n, args.seed, args.queries.split(","), Path(tmp), browser))
                print(json.dumps(rows[-1], indent=1), file=sys.stderr, flush=True)
            for n in [int(s) for s in args.approx_sizes.split(",") if s]:
                print(f"[{time.strftime('%H:%M:%S')}] {n} articles, estimated", file=sys.stderr, flush=True)
                rows.append(measure_approx(n, args.seed, args.queries.split(","), Path(tmp), browser))
                print(json.dumps(rows[-1], indent=1), file=sys.stderr, flush=True)
        finally:
            browser.close()
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
