"""Build a real MkDocs site from a fixture archive, in a temporary project folder (or, with
`properdocs_build`, a ProperDocs site).

The temporary project gets this repository's mkdocs.yml (with the hook path made absolute),
its hand-written docs/ and overrides/, and the fixture's articles/ and annotations/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"


def make_project(content: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    hook = (REPO / "build_scripts" / "mkdocs_hook.py").as_posix()
    config = config.replace("  - build_scripts/mkdocs_hook.py", f"  - {hook}")
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    # docs/generated/ and its stamp: where versions before generated/ wrote the pages
    left_over = shutil.ignore_patterns("generated", ".generated*", "screenshots")
    shutil.copytree(REPO / "docs", dest / "docs", ignore=left_over, dirs_exist_ok=True)
    shutil.copytree(REPO / "overrides", dest / "overrides", dirs_exist_ok=True)
    for folder in ("articles", "annotations"):
        if (content / folder).is_dir():
            shutil.copytree(content / folder, dest / folder, dirs_exist_ok=True)
    return dest


def markdown_extensions() -> tuple[list, dict]:
    """mkdocs.yml's markdown_extensions, as MkDocs passes them to Python-Markdown: the names, and
    the options of those that have some."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


def with_extra(project: Path, **options: object) -> None:
    """Sets `options` under `extra:` in the mkdocs.yml of `project` (made by `make_project`)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nextra:\n" in text
    lines = "".join(f"  {key}: {yaml.safe_dump(value, default_flow_style=True).splitlines()[0]}\n"
                    for key, value in options.items())
    config.write_text(text.replace("\nextra:\n", "\nextra:\n" + lines, 1), encoding="utf-8")


def _environment(env: dict[str, str] | None) -> dict[str, str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
    environment.pop("ARCHIVE_REPO_URL", None) if env is None or "ARCHIVE_REPO_URL" not in env else None
    return environment


def mkdocs_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(MKDOCS), "build", "--strict", *extra], cwd=project, env=_environment(env),
                          capture_output=True, text=True, timeout=600)


def built(content: Path, dest: Path, env: dict[str, str] | None = None, **extra: object) -> tuple[Path, str]:
    """`content` in a new project at `dest` (with `extra` settings), built with `mkdocs_build`,
    which must succeed: the project and the build's log."""
    project = make_project(content, dest)
    if extra:
        with_extra(project, **extra)
    run = mkdocs_build(project, env=env)
    log = run.stdout + run.stderr
    assert run.returncode == 0, f"{dest.name}: {log}"
    return project, log


def site_files(site: Path) -> dict[str, bytes]:
    """Every file under `site` (a built site, or any folder) by its relative path, in path order."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def properdocs_build(project: Path, venv: Path, *extra: str) -> subprocess.CompletedProcess:
    """`properdocs build --strict` of `project` with the ProperDocs of `venv` (made by
    scripts/setup-properdocs), in the environment `mkdocs_build` gives MkDocs."""
    return subprocess.run([str(venv / "bin" / "properdocs"), "build", "--strict", "-f", "mkdocs.yml", *extra],
                          cwd=project, env=_environment(None), capture_output=True, text=True, timeout=600)
