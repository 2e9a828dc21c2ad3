"""The pins people edit (requirements*.txt) agree with pyproject.toml and with the lock files
scripts/lock makes from them, and the locks are complete, hash-checked and installed so
(README, "Dependencies").

    requirements.txt             -> requirements.lock             (scripts/setup --site)
    requirements-dev.txt         -> requirements-dev.lock         (scripts/setup, so the tests and CI)
    requirements.txt, MkDocs out,
      requirements-properdocs.txt -> requirements-properdocs.lock  (scripts/setup-properdocs)

These read the files only; regenerating the locks needs the package index (scripts/lock)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from archive_support import REPO

LOCKS = {
    "requirements.lock": ["requirements.txt"],
    "requirements-dev.lock": ["requirements-dev.txt"],
    "requirements-properdocs.lock": ["requirements.txt", "requirements-properdocs.txt"],
}
LEFT_OUT = {"requirements-properdocs.lock": {"mkdocs"}}  # ProperDocs takes its place
BUILD_BACKEND = "setuptools"  # pinned in requirements.txt for [build-system], not a dependency
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def pins(name: str) -> list[Requirement]:
    """The requirements of a requirements*.txt, with those of the files it includes (`-r`)."""
    found = []
    for line in (REPO / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += pins(line.removeprefix("-r ").strip())
        elif line:
            assert not line.startswith("-"), f"{name}: only pins and -r lines, not {line!r}"
            found.append(Requirement(line))
    return found


def by_name(requirements: list[Requirement]) -> dict[str, Requirement]:
    named = {canonicalize_name(r.name): r for r in requirements}
    assert len(named) == len(requirements), f"a package is pinned twice: {requirements}"
    return named


def version(requirement: Requirement) -> str:
    """The version of an exact pin; anything else fails."""
    (spec,) = requirement.specifier
    assert spec.operator == "==" and not requirement.marker, f"{requirement} is not an exact pin"
    return spec.version


@dataclass(frozen=True)
class Locked:
    name: str
    version: str
    hashes: frozenset[str]


def locked(name: str) -> dict[str, Locked]:
    """A lock's entries by name. Every entry is `name==version \\` and its `--hash` lines; nothing
    else (no editable install, no URL, no index of this machine) may be in it."""
    text = (REPO / name).read_text(encoding="utf-8")
    entries: dict[str, Locked] = {}
    for chunk in re.split(r"\n(?=\S)", text):
        body = "\n".join(line for line in chunk.splitlines() if not line.lstrip().startswith("#")).strip()
        if not body:
            continue
        head, *rest = body.replace("\\\n", " ").split()
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", head)
        assert match, f"{name}: {head!r} is not a pinned package"
        assert rest and all(HASH.fullmatch(part) for part in rest), f"{name}: {head} needs --hash=sha256:… only"
        key = canonicalize_name(match[1])
        assert key not in entries, f"{name}: {key} twice"
        entries[key] = Locked(key, match[2], frozenset(rest))
    return entries


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_requirements_txt_pins_exactly_pyprojects_dependencies():
    site = by_name(pins("requirements.txt"))
    backend = site.pop(BUILD_BACKEND)
    dependencies = by_name([Requirement(r) for r in pyproject()["project"]["dependencies"]])

    assert {name: str(r) for name, r in site.items()} == {name: str(r) for name, r in dependencies.items()}
    for requirement in site.values():
        version(requirement)
    # The build backend that scripts/setup installs and builds with is one [build-system] accepts.
    (wanted,) = [Requirement(r) for r in pyproject()["build-system"]["requires"]]
    assert canonicalize_name(wanted.name) == BUILD_BACKEND
    assert wanted.specifier.contains(version(backend)), f"{backend} does not satisfy [build-system] {wanted}"


def test_pagefind_is_an_optional_extra_pinned_for_the_tests_only():
    extras = pyproject()["project"]["optional-dependencies"]
    (extra,) = map(Requirement, extras["pagefind"])
    dev = by_name(pins("requirements-dev.txt"))

    assert str(dev["pagefind"]) == str(extra) and extra.extras == {"bin"}  # the wheel with the program
    version(extra)
    assert "pagefind" not in by_name(pins("requirements.txt"))
    assert not any(canonicalize_name(Requirement(r).name) == "pagefind" for r in pyproject()["project"]["dependencies"])
    site, tests = locked("requirements.lock"), locked("requirements-dev.lock")
    assert "pagefind" not in site and "pagefind-bin" not in site
    assert tests["pagefind"].version == tests["pagefind-bin"].version == version(extra)


@pytest.mark.parametrize("lock", LOCKS, ids=str)
def test_every_pin_is_in_its_lock_with_its_version(lock: str):
    entries = locked(lock)
    wanted = by_name([r for source in LOCKS[lock] for r in pins(source)
                      if canonicalize_name(r.name) not in LEFT_OUT.get(lock, set())])
    for name, requirement in wanted.items():
        assert name in entries, f"{lock} lacks {requirement}: run scripts/lock"
        assert entries[name].version == version(requirement), \
            f"{lock} has {name}=={entries[name].version}, {requirement} is pinned: run scripts/lock"
    for name in LEFT_OUT.get(lock, set()):
        assert name not in entries, f"{lock} must leave out {name}"


@pytest.mark.parametrize("lock", LOCKS, ids=str)
def test_every_lock_is_made_by_scripts_lock_and_hashes_every_package(lock: str):
    text = (REPO / lock).read_text(encoding="utf-8")
    assert text.startswith("# This file was autogenerated by uv via the following command:\n#    scripts/lock\n")
    entries = locked(lock)  # each entry: an exact pin and at least one hash (checked as read)
    assert len(entries) >= 30, f"{lock}: the whole tree, not only the direct pins"
    for transitive in ("jinja2", "markupsafe", "pygments", "babel"):  # the ones that used to float
        assert transitive in entries, f"{lock} lacks {transitive}"
    assert "--index-url" not in text and "--find-links" not in text and "file://" not in text


def test_the_test_lock_has_the_site_lock_whole():
    site, tests = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {name: tests.get(name) for name in site} == site  # same versions, same files


def test_the_properdocs_lock_agrees_with_the_site_lock_where_they_overlap():
    site, properdocs = locked("requirements.lock"), locked("requirements-properdocs.lock")
    shared = site.keys() & properdocs.keys()
    assert {name: properdocs[name] for name in shared} == {name: site[name] for name in shared}
    assert site.keys() - shared == {"mkdocs", "mkdocs-get-deps", "mergedeep"}  # MkDocs and what only it needs


def test_setup_installs_the_locks_hash_checked_and_the_archive_without_dependencies():
    setup = (REPO / "scripts" / "setup").read_text(encoding="utf-8")
    properdocs = (REPO / "scripts" / "setup-properdocs").read_text(encoding="utf-8")

    assert 'lock=requirements-dev.lock' in setup and "--site) lock=requirements.lock" in setup
    assert 'pip install -q --require-hashes -r "$lock"' in setup
    assert "pip install -q --no-deps --no-build-isolation -e ." in setup
    # pip runs again when a lock changes, not only when the pins do.
    assert re.search(r'wanted=.*cat requirements\.lock requirements-dev\.lock pyproject\.toml', setup)
    assert '"${pip[@]}" --no-deps --require-hashes -r requirements-properdocs.lock' in properdocs
    assert '"${pip[@]}" --no-deps --no-build-isolation -e .' in properdocs
    assert "requirements.txt" not in "".join(line for line in setup.splitlines() if not line.startswith("#"))


def test_the_locker_is_pinned():
    script = (REPO / "scripts" / "lock").read_text(encoding="utf-8")
    assert re.search(r"^uv_version=\d+\.\d+\.\d+$", script, re.MULTILINE)
    assert "--generate-hashes" in script and "--default-index https://pypi.org/simple" in script


def test_the_three_locks_and_their_sources_are_there():
    for lock, sources in LOCKS.items():
        assert (REPO / lock).is_file(), lock
        assert all((REPO / source).is_file() for source in sources)
    assert {p.name for p in Path(REPO).glob("requirements*.lock")} == set(LOCKS)
