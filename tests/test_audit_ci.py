"""The shipped CI, Git host and pre-commit files: valid YAML, full history, and only jejak
commands and options that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from generator.cli.main import build_parser

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = [
    ".github/workflows/jejak-usulan.yml",
    ".github/workflows/jejak-portal.yml",
    ".gitea/workflows/jejak.yml",
    ".forgejo/workflows/jejak.yml",
    ".gitlab-ci.yml",
]


def jejak_commands(text: str) -> list[list[str]]:
    found = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]  # comments mention commands in prose
        for match in re.finditer(r"(?:^|[\s:|])(jejak [^|>&\n]+)", line):
            command = re.sub(r'"\$\{?[A-Z_]+\}?"', "x", match.group(1).replace('"$BASE"', "main"))
            words = shlex.split(command.strip())
            if len(words) > 1 and not words[1].startswith(("—", 'audit"')):
                found.append(words)
    return found


@pytest.mark.parametrize("name", WORKFLOWS)
def test_workflow_is_valid_and_uses_full_history(name: str) -> None:
    text = (REPO / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict) and data
    if name == ".gitlab-ci.yml":
        assert data["variables"]["GIT_DEPTH"] == "0"
    else:
        checkouts = [
            step for job in data["jobs"].values() for step in job["steps"] if "checkout" in str(step.get("uses", ""))
        ]
        history = [s for s in checkouts if s["with"].get("ref") != "${{ github.base_ref }}"]
        assert history and all(step["with"]["fetch-depth"] == 0 for step in history)


@pytest.mark.parametrize("name", WORKFLOWS[::2] + WORKFLOWS[3:4])
def test_review_runs_jejak_from_the_base_branch_without_a_token(name: str) -> None:
    text = (REPO / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if name == ".gitlab-ci.yml":
        job = data["periksa-usulan"]
        assert "pip install ../basis" in job["before_script"] and "TOKEN" not in str(job)
        return
    job = next(j for j in data["jobs"].values() if any("jejak diff" in str(s.get("run", "")) for s in j["steps"]))
    runs = [str(s.get("run", "")) for s in job["steps"]]
    assert "pip install ./basis" in runs and "pip install ." not in runs
    assert "token" not in str(job).lower().replace("persist-credentials", "")
    diff = next(s for s in job["steps"] if "jejak diff" in str(s.get("run", "")))
    assert diff["working-directory"] == "usulan"
    checkouts = [s for s in job["steps"] if "checkout" in str(s.get("uses", ""))]
    assert len(checkouts) == 2 and all(s["with"]["persist-credentials"] is False for s in checkouts)


@pytest.mark.parametrize("name", WORKFLOWS + [".pre-commit-config.yaml", ".pre-commit-hooks.yaml"])
def test_every_jejak_command_exists(name: str) -> None:
    commands = jejak_commands((REPO / name).read_text(encoding="utf-8"))
    assert commands, name
    for words in commands:
        args = words[1:]
        build_parser(args[0]).parse_args(args)  # exits (fails the test) on an unknown command or option


def test_pull_requests_get_the_diff_summary_and_main_the_portal() -> None:
    hosts = {"github": WORKFLOWS[:2], "gitea": WORKFLOWS[2:3], "forgejo": WORKFLOWS[3:4], "gitlab": WORKFLOWS[4:]}
    for name, files in hosts.items():
        text = "".join((REPO / f).read_text(encoding="utf-8") for f in files)
        assert "jejak diff" in text and "--format markdown" in text, name
        assert "jejak build" in text and "jejak validate" in text, name


def test_codeowners_put_records_under_the_kepala_bidang() -> None:
    github = (REPO / ".github/CODEOWNERS").read_text(encoding="utf-8")
    gitea = (REPO / ".gitea/CODEOWNERS").read_text(encoding="utf-8")
    assert re.search(r"^\*\s+@\S+kepala-bidang", github, re.MULTILINE)  # the whole repository
    assert re.search(r"^\.\*\s+@\S+kepala-bidang", gitea, re.MULTILINE)
