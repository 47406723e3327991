"""The checks of a record that fails its schema, on its well-formed part (well_formed.py), so that
a schema error never hides another problem of the same record: only the checks whose inputs are
all well-formed run.

- always: the frame (code, folder, schedule order) and every person and region the record names;
- when every step has a readable number and status: the dates' years, the steps' numbers, each
  step's status, times and order against the previous step (nothing is said missing in a step
  whose keys the schema refused);
- each step read whole, when the event's own fields are whole too: its fields, who did it, its
  outputs and its duration;
- the checks that read across the record (letters, texts, consistency rules, the quota) wait
  until the schema's problems are fixed: a value left out would read as a value missing.
"""

from __future__ import annotations

from datetime import datetime

from generator.derive import Calendar
from generator.problem import Problem
from generator.records.checks import Report, check_people_refs, check_step_content, check_step_times
from generator.records.checks_frame import check_frame, check_step_numbers
from generator.records.checks_limits import check_dates_near
from generator.records.kinded_values import values
from generator.records.kinds import REGION
from generator.records.model import Event, Office, Sop
from generator.records.regions import check_regions
from generator.records.well_formed import Part

PLANNED = "rencana"  # a step's planned date (the skeleton's): one left out is not one missing


def check_part(part: Part, sop: Sop, office: Office, calendar: Calendar, now: datetime, rel: str) -> list[Problem]:
    event = Event.from_loaded(part.loaded, sop)
    report = Report(rel)
    check_frame(event, report)
    if part.steps_read and check_dates_near(event, report) and check_step_numbers(event, sop, report):
        plans_known = not part.left_out_anywhere(PLANNED)
        for index, step in enumerate(event.steps):
            left_out = part.left_out(index)
            check_step_times(event, step, report, now, left_out)
            if not left_out and not part.event_keys:
                check_step_content(event, step, sop, office, calendar, now, report, plans_known=plans_known)
    check_people_refs(event, sop, office, report)
    check_regions(event, office, report, values(event, sop, REGION))
    return report.problems
