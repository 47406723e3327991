"""The consistency rules written once per field kind (issue 23), run on every record whose steps
follow its SOP: what happens to a letter after it is signed (checks_sending), who the people of an
event are (checks_people), how names and places are written (checks_names) and the numbers a
report prints (checks_counts); the spans an SOP declares end after they start (checks_spans)."""

from __future__ import annotations

from generator.problem import Problem
from generator.records.checks_counts import check_counts
from generator.records.checks_names import check_names
from generator.records.checks_people import check_people
from generator.records.checks_sending import check_sending
from generator.records.checks_spans import check_spans
from generator.records.kinded_values import Findings
from generator.records.model import Event, Office, Sop


def check_rules(event: Event, sop: Sop, office: Office, rel: str) -> list[Problem]:
    findings = Findings(event, rel)
    check_sending(event, sop, findings)
    check_people(event, sop, office, findings)
    check_names(event, sop, office, findings)
    check_counts(event, sop, office, findings)
    check_spans(event, sop, findings)
    return findings.problems
