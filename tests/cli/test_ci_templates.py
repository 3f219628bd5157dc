"""The CI a department copies as is (.github/, .gitlab-ci.yml): valid, complete, and calling only commands that exist.

Our own CI is .ci/run; these files are part of the site template other departments copy.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.__main__ import cli as mkdocs_cli

from showcase.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
GITLAB_CI = REPO / ".gitlab-ci.yml"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: Nothing is fetched from outside the package registries: no browser, no binary, no npm package.
FORBIDDEN = ("curl", "wget", "npx", "npm", "playwright install")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    """The `on:` block (YAML 1.1 reads the key `on` as True)."""
    return workflow.get("on", workflow.get(True))


def github_steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def commands() -> list[tuple[str, str]]:
    """(file, command) for every shell command of every CI file, one per line and per `&&`."""
    found = []
    for path in WORKFLOWS:
        found += [(path.name, step["run"]) for step in github_steps(load(path)) if "run" in step]
    gitlab = load(GITLAB_CI)
    for job in gitlab.values():
        if isinstance(job, dict):
            for key in ("before_script", "script"):
                found += [(GITLAB_CI.name, line) for line in job.get(key, [])]
    return [(name, part.strip()) for name, run in found for line in run.splitlines() for part in line.split("&&") if part.strip()]


def readme_install_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return next(part.strip() for line in readme.splitlines() for part in line.split("&&") if part.strip().startswith("pip install -r requirements.txt"))


def test_there_are_ci_files_for_github_and_gitlab():
    assert [p.name for p in WORKFLOWS] == ["publish.yml", "validate.yml"]
    assert GITLAB_CI.is_file()


@pytest.mark.parametrize("path", [*WORKFLOWS, GITLAB_CI], ids=lambda p: p.name)
def test_ci_file_parses_as_yaml_with_chinese_comments(path):
    assert isinstance(load(path), dict)
    assert CHINESE.search(path.read_text(encoding="utf-8"))


def test_validate_workflow_checks_every_pull_request():
    workflow = load(GITHUB / "workflows/validate.yml")
    assert "pull_request" in triggers(workflow)
    steps = github_steps(workflow)
    runs = [step["run"] for step in steps if "run" in step]
    assert runs == [readme_install_command(), "showcase validate --format github", "mkdocs build --strict"]
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert (python["with"]["python-version"], python["with"]["cache"]) == ("3.11", "pip")


def test_publish_workflow_deploys_main_to_github_pages():
    workflow = load(GITHUB / "workflows/publish.yml")
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write"
    assert workflow["permissions"]["id-token"] == "write"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert runs[0] == readme_install_command()
    assert "mkdocs build --strict" in runs
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"  # mkdocs' default site_dir
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
    python = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/setup-python@"))
    assert (python["with"]["python-version"], python["with"]["cache"]) == ("3.11", "pip")


def test_actions_are_pinned_to_a_major_version():
    uses = [step["uses"] for path in WORKFLOWS for step in github_steps(load(path)) if "uses" in step]
    assert uses
    assert all(re.fullmatch(r"actions/[a-z-]+@v\d+", action) for action in uses), uses


def test_gitlab_ci_validates_merge_requests_and_publishes_the_default_branch():
    gitlab = load(GITLAB_CI)
    assert gitlab["default"]["before_script"] == [readme_install_command()]
    assert gitlab["validate"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert "mkdocs build --strict" in gitlab["validate"]["script"]
    pages = gitlab["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "mkdocs build --strict -d public" in pages["script"]
    assert pages["artifacts"]["paths"] == ["public"]
    # pip's cache inside the project, where GitLab can keep it
    assert gitlab["variables"]["PIP_CACHE_DIR"].startswith("$CI_PROJECT_DIR/")
    assert gitlab["cache"]["paths"] == [".cache/pip"]


@pytest.mark.parametrize(("name", "command"), commands(), ids=[f"{n}:{c}" for n, c in commands()])
def test_every_ci_command_exists(name, command):
    assert not any(word in command for word in FORBIDDEN), command
    argv = shlex.split(command)
    if argv[0] == "showcase":
        build_parser().parse_args(argv[1:])  # exits (2) on an unknown command or option
    elif argv[0] == "mkdocs":
        mkdocs_cli.commands[argv[1]].make_context(argv[1], argv[2:])  # raises on an unknown option
    elif argv[0] == "pip":
        assert command == readme_install_command()
        assert (REPO / argv[-1]).is_file()
    else:
        pytest.fail(f"{name}: unexpected command {command}")


def test_the_workflows_validate_command_passes_on_the_example_repository():
    command = next(c for _, c in commands() if c.startswith("showcase validate --format github"))
    done = subprocess.run([sys.executable, "-m", *shlex.split(command)], cwd=REPO, capture_output=True, encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().splitlines()[-1] == "检查通过：没有发现问题。"


def test_pull_request_template_is_a_chinese_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "showcase validate" in text
    assert text.count("- [ ]") >= 4
    assert "身份证号" in text


@pytest.mark.parametrize(("file", "name"), [("correction.md", "资料更正"), ("new-cohort.md", "新批次")])
def test_issue_templates(file, name):
    text = (GITHUB / "ISSUE_TEMPLATE" / file).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["name"] == name
    assert CHINESE.search(meta["about"]) and CHINESE.search(body)


def test_codeowners_example_gives_every_example_cohort_a_reviewer():
    rules = {}
    for line in (GITHUB / "CODEOWNERS.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            assert owners and all(owner.startswith("@") for owner in owners), line
            assert "#" not in line, line  # GitHub reads no comment after a rule
            rules[pattern] = owners
    cohorts = sorted(p.name for p in (REPO / "cohorts").iterdir() if p.is_dir())
    assert sorted(p.strip("/").removeprefix("cohorts/") for p in rules if p.startswith("/cohorts/")) == cohorts
    assert "*" in rules
