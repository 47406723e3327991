"""Status and lateness are computed when the portal is built: every CI file the project ships
rebuilds and publishes it every day, not only when something is merged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
DAILY = re.compile(r"^\d{1,2} \d{1,2} \* \* \*$")  # minute hour, every day
ACTIONS = {  # the file and the job that builds and publishes the portal
    ".github/workflows/jejak-portal.yml": "bangun",
    ".gitea/workflows/jejak.yml": "bangun",
    ".forgejo/workflows/jejak.yml": "bangun",
}


def read(name: str) -> dict:
    data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(("name", "job"), sorted(ACTIONS.items()))
def test_actions_workflow_rebuilds_daily(name: str, job: str) -> None:
    data = read(name)
    triggers = data.get("on", data.get(True))  # PyYAML reads the key `on` as YAML 1.1's true
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert crons and all(DAILY.match(cron) for cron in crons), crons
    condition = data["jobs"][job].get("if", "github.event_name == 'schedule'")
    assert "schedule" in condition or "!=" in condition, condition
    steps = " ".join(str(step.get("run", "")) for step in data["jobs"][job]["steps"])
    assert "jejak build" in steps


def test_gitlab_pages_job_runs_for_a_pipeline_schedule() -> None:
    """GitLab keeps the timetable outside the file; the file must let the scheduled pipeline publish."""
    text = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    pages = read(".gitlab-ci.yml")["pages"]
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in pages["rules"]
    assert any("jejak build" in line for line in pages["script"])
    assert "Pipeline schedules" in text and '"5 0 * * *"' in text


def test_guide_tells_how_the_daily_rebuild_is_set_up() -> None:
    guide = (REPO / "docs" / "panduan" / "menerbitkan.md").read_text(encoding="utf-8")
    assert "setiap hari" in guide and "Pipeline schedules" in guide
