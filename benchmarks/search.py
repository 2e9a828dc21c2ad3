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
  shown and the network is idle (Pagefind's script and WebAssembly, the list of bundles, the
  metadata of pagefind/, the bundle a first query searches (build_scripts/publish/search.py), the
  index chunks for the query's words, the fragments of the results shown, the filters the alias
  lookup reads; our own search script is loaded with the page, not counted, and is a few kB) are
  summed: the first query's cost, on a cold cache; and the time from typing to the first result
  shown (on this machine; wall clock). Then, for the first query word, what the button "More
  results" costs (it merges every other bundle, the claims' included). Each Pagefind run's pages
  and peak memory are read from the build's log.

Bytes are as served by Python's http.server: no compression (Pagefind's files are already
gzip-compressed; Material's JSON index is not).

    python benchmarks/search.py --site 10000=DIR

measures the first queries of a site already built with Pagefind, such as the full build of
`benchmarks/run.py --sizes 10000 --search pagefind --keep-site DIR` (in DIR/n10000), whose log
gave its runs' memory.

    python benchmarks/search.py --approx-sizes 10000 --seed 1

estimates Pagefind at sizes where a full MkDocs build is too slow to run (about 13 minutes of
CPU at 10,000 articles): the generator writes the Markdown pages, and each page that the site
would index becomes a bare HTML page (its title, its kind filter, and its Markdown source with
the HTML blocks as they are, unrendered), indexed as the build indexes the site
(`index_site`: the same bundles, runs and furniture left out). Page count, kinds and words are
those of the real site, so the metadata and chunk sizes are close; the query is typed into a bare
page that has the header box's markup and our real search script (no theme).
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
from run import pagefind_runs  # noqa: E402

DEFAULT_QUERIES = ["ceasefire", "convoy", "militants"]


def build(archive: Path, dest: Path, engine: str) -> tuple[Path, float, str]:
    project = sitebuild.make_project(archive, dest)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nextra:\n  archive_search: {engine}\n",
                      encoding="utf-8")
    started = time.perf_counter()
    run = sitebuild.mkdocs_build(project)
    if run.returncode != 0:
        raise SystemExit(f"mkdocs build ({engine}) failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
    return project / "site", time.perf_counter() - started, run.stdout + run.stderr


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def first_query(browser, base: str, query: str, path: str = "/articles/") -> dict:
    """Bytes fetched and time taken by one query typed into the header box of a fresh context, until
    its result line is shown (a query that pagefind/ does not match shows "No matching documents")."""
    found = browser_support.first_query(browser, base, query, path, timeout_ms=120_000, until_count=True)
    kinds: dict[str, int] = {}
    for url, size in found.fetched:
        name = url.rsplit("/", 1)[-1].split("?")[0]
        kind = name.rsplit(".", 1)[-1] if "." in name else name
        kinds[kind] = kinds.get(kind, 0) + size
    return {"query": query, "bytes": sum(size for _, size in found.fetched), "requests": len(found.fetched),
            "by_type": kinds, "seconds_to_results": round(found.seconds, 3), "results": found.results,
            "errors": found.errors, "external": found.external}


def more_results(browser, base: str, query: str, path: str = "/articles/") -> dict:
    """After a first query, the reader asks for more results (the button that merges every other
    bundle, claims included): the bytes that costs and the result line then shown."""
    context = browser.new_context(viewport=browser_support.DESKTOP)
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    box = page.locator("header .md-search__input")
    box.click()
    box.fill(query)
    page.locator(".archive-search__more:not([hidden])").wait_for(timeout=120_000)
    page.wait_for_load_state("networkidle")
    fetched: list[int] = []
    page.on("response", lambda r: fetched.append(browser_support.body_size(r)))
    started = time.perf_counter()
    page.locator(".archive-search__more").click()
    page.wait_for_function("() => document.querySelector('.archive-search__more').hidden && "
                           "!/not searched/.test(document.querySelector('.md-search-result__meta').textContent)",
                           timeout=120_000)
    seconds = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    shown = page.locator(".md-search-result__meta").inner_text()
    context.close()
    return {"query": query, "bytes": sum(fetched), "requests": len(fetched), "seconds": round(seconds, 3),
            "results": shown}


def measure(n: int, seed: int, queries: list[str], work: Path, browser) -> dict:
    archive = work / f"archive-{n}"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synthetic.py"), "--articles", str(n), "--seed",
                    str(seed), str(archive), "--force"], check=True, capture_output=True)
    row: dict = {"articles": n}
    site, seconds, _ = build(archive, work / f"material-{n}", "material")
    index = site / "search" / "search_index.json"
    data = index.read_bytes()
    row["material"] = {"build_s": round(seconds, 1), "index_bytes": len(data),
                       "index_gzip_bytes": len(gzip.compress(data, 6))}
    shutil.rmtree(site.parent)
    site, seconds, log = build(archive, work / f"pagefind-{n}", "pagefind")
    row["pagefind"] = {"build_s": round(seconds, 1), "runs": pagefind_runs(log), **queried(site, queries, browser)}
    shutil.rmtree(site.parent)
    return row


def queried(site: Path, queries: list[str], browser, path: str = "/articles/") -> dict:
    """A built site's bundles, each query's first search and the "More results" of the first."""
    found = {**bundle_sizes(site), "queries": []}
    with browser_support.serve_directory(site) as base:
        for query in queries:
            found["queries"].append(first_query(browser, base, query, path))
        found["more"] = more_results(browser, base, queries[0], path)
    return found


def measure_site(site: Path, articles: int, queries: list[str], browser) -> dict:
    """A site built with Pagefind elsewhere (`benchmarks/run.py --search pagefind --keep-site`),
    whose build log gave its runs: its first queries only."""
    return {"articles": articles, "site": str(site), "pagefind": {"runs": [], **queried(site, queries, browser)}}


def bundle_sizes(site: Path) -> dict:
    """The bundles' folder sizes, and the metadata a first query loads (pagefind/'s)."""
    from build_scripts.publish.search import BUNDLES_FILE

    listing = json.loads((site / "pagefind" / BUNDLES_FILE).read_text(encoding="utf-8"))
    total = files = 0
    for folder in [site / "pagefind", *(site / b["folder"] for b in listing["more"])]:
        size, count = folder_size(folder)
        total, files = total + size, files + count
    return {"folder_bytes": total, "files": files, "first_kinds": listing["first"],
            "later": [b["folder"] for b in listing["more"]],
            "meta_bytes": next((site / "pagefind").glob("*.pf_meta")).stat().st_size}


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
    script = site / "assets" / "javascripts" / "archive-search.js"
    script.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "overrides" / "search-pagefind" / "assets" / "javascripts" / "archive-search.js", script)
    radios = "".join(f'<input type="radio" name="archive-search-kind" value="{k}"{" checked" if not k else ""}>'
                     for k in ("", "article", "claim", "actor", "dispute", "event", "place"))
    (site / "probe.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body><header>'
        '<div class="md-search archive-search" data-archive-search="/pagefind/"><form class="md-search__form">'
        f'<input type="text" class="md-search__input" name="query"></form><fieldset>{radios}</fieldset>'
        '<div class="md-search-result"><div class="md-search-result__meta"></div><ol class="md-search-result__list">'
        '</ol><button type="button" class="archive-search__more" hidden>More results, claims included</button>'
        '</div></div></header><script src="/assets/javascripts/archive-search.js" defer></script></body></html>',
        encoding="utf-8")
    return count


def measure_approx(n: int, seed: int, queries: list[str], work: Path, browser, keep: bool = False) -> dict:
    archive = work / f"archive-{n}"
    site = work / f"approx-{n}"
    if keep and (site / "probe.html").is_file():  # --work: the site of an earlier run, indexed again
        return approx_row(n, site, sum(1 for _ in site.rglob("index.html")), queries, browser, keep)
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "synthetic.py"), "--articles", str(n), "--seed",
                    str(seed), str(archive), "--force"], check=True, capture_output=True)
    pages = approx_site(archive, site)
    shutil.rmtree(archive)
    return approx_row(n, site, pages, queries, browser, keep)


def approx_row(n: int, site: Path, pages: int, queries: list[str], browser, keep: bool) -> dict:
    from build_scripts.publish.search import index_site

    started = time.perf_counter()
    runs = [{"bundle": r.bundle.folder, "pages": r.indexed, "seconds": round(r.seconds, 1),
             "peak_mb": round(r.peak_bytes / 1e6)} for r in index_site(site)]
    seconds = time.perf_counter() - started
    row = {"articles": n, "approx": True, "pages_indexed": pages,
           "pagefind": {"index_s": round(seconds, 1), "runs": runs, **queried(site, queries, browser, "/probe.html")}}
    if not keep:
        shutil.rmtree(site)
    return row


def report(rows: list[dict]) -> str:
    lines = ["| articles | Material: search_index.json (gzip) | Pagefind: first query (bytes, requests, "
             "time to results) | Pagefind folders | metadata a first query loads | kinds searched first; bundles "
             "merged on demand | "
             "largest Pagefind run (pages, peak memory) |",
             "|---|---|---|---|---|---|---|"]
    for row in rows:
        m, p = row.get("material"), row["pagefind"]
        queries = "; ".join(f"{q['query']}: {q['bytes'] / 1000:,.0f} kB, {q['requests']} req, "
                            f"{q['seconds_to_results']:.2f} s" for q in p["queries"])
        material = f"{m['index_bytes'] / 1e6:,.1f} MB ({m['index_gzip_bytes'] / 1e6:,.1f} MB)" if m else "not built"
        label = f"{row['articles']:,}" + (" (estimated)" if row.get("approx") else "")
        biggest = max(p["runs"], key=lambda r: r["peak_mb"], default=None)
        lines.append(f"| {label} | {material} | {queries} | "
                     f"{p['folder_bytes'] / 1e6:,.1f} MB in {p['files']:,} files | {p['meta_bytes'] / 1000:,.0f} kB | "
                     f"{', '.join(k or 'other' for k in p['first_kinds'])}; {len(p['later'])} | "
                     + (f"{biggest['pages']:,}, {biggest['peak_mb']:,} MB |" if biggest else "in the build's log |"))
    for row in rows:
        more = row["pagefind"].get("more")
        if more:
            lines.append(f"\n{row['articles']:,}: more results for {more['query']!r}: {more['bytes'] / 1000:,.0f} kB more, "
                         f"{more['requests']} requests, {more['seconds']:.2f} s; then: {more['results']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None,
                        help="comma-separated article counts, built with MkDocs (default: 200, none with --site)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", default=",".join(DEFAULT_QUERIES))
    parser.add_argument("--approx-sizes", default="",
                        help="comma-separated article counts to estimate without MkDocs (see above)")
    parser.add_argument("--site", type=Path, action="append", default=[], metavar="N=DIR",
                        help="measure the first queries of a site of N articles already built with Pagefind (by "
                             "`benchmarks/run.py --search pagefind --keep-site`), instead of building one")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    parser.add_argument("--work", type=Path, help="keep the estimated sites here, and index them again on the "
                                                  "next run instead of generating them anew")
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
            sizes = args.sizes if args.sizes is not None else ("" if args.site else "200")
            for n in [int(s) for s in sizes.split(",") if s]:
                print(f"[{time.strftime('%H:%M:%S')}] {n} articles", file=sys.stderr, flush=True)
                rows.append(measure(n, args.seed, args.queries.split(","), Path(tmp), browser))
                print(json.dumps(rows[-1], indent=1), file=sys.stderr, flush=True)
            for given in args.site:
                n, _, folder = str(given).partition("=")
                print(f"[{time.strftime('%H:%M:%S')}] {folder}", file=sys.stderr, flush=True)
                rows.append(measure_site(Path(folder), int(n), args.queries.split(","), browser))
                print(json.dumps(rows[-1], indent=1), file=sys.stderr, flush=True)
            for n in [int(s) for s in args.approx_sizes.split(",") if s]:
                print(f"[{time.strftime('%H:%M:%S')}] {n} articles, estimated", file=sys.stderr, flush=True)
                work = args.work or Path(tmp)
                work.mkdir(parents=True, exist_ok=True)
                rows.append(measure_approx(n, args.seed, args.queries.split(","), work, browser, args.work is not None))
                print(json.dumps(rows[-1], indent=1), file=sys.stderr, flush=True)
        finally:
            browser.close()
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    print(report(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
