"""The snapshot of a report: every figure, computed in the database and frozen as JSON
when the report is built, so that a published report never changes when data changes.

A cluster report's snapshot (schema 1). Each section module returns its part; figures that
compare periods give "current", "previous" (the period before) and "year_before" (the same
period a year before), each with the same keys. Rates are percentages (0-100, one decimal)
or null when nothing could be measured; amounts of money are floats in euros; dates ISO.
Names are given in both languages ("name_fr", "name_en") where the data has both.

{
  "schema": 1,
  "taken_at": "2026-10-01T06:00:00+02:00",
  "period": {"kind": "quarter", "start": "2026-07-01", "end": "2026-09-30"},
  "periods": {"current": {...}, "previous": {...}, "year_before": {...}},
  "is_empty": false,              # nothing at all was recorded in the period
  "membership": {
    "current"|"previous"|"year_before": {
      "at_start": int, "at_end": int, "joined": int, "left": int,
      "retention_rate": float|null,   # members at start still members at end, in %
      "dues": {"expected": float, "invoiced": float, "collected": float,
               "late": float, "late_count": int}},
    "breakdown": {                    # members at the end of the period
      "kind":   [{"key": "company", "count": int}, ...],          # labels: Organization.Kind
      "region": [{"key": "84", "count": int}, ...],               # labels: Region
      "size":   [{"key": "10-49", "count": int}, ...],   # labels: HeadcountBand; "" unknown
      "sector": [{"key": slug, "name_fr": str, "name_en": str, "count": int}, ...],
      "label":  [{"key": slug, "name_fr": str, "name_en": str, "count": int}, ...],
      "sme_share": float|null},       # % of members with fewer than 250 people (known sizes)
    "late_payers": [{"organization": str, "amount": float, "invoiced_on": iso|null}],  # staff only
    # the 12 month-ends up to the period's end:
    "monthly": [{"month": "2025-10", "members": int}, ...]},
  "events": {
    "current"|"previous"|"year_before": {
      "held": int, "by_kind": [{"key": kind, "count": int}], "registrations": int,
      "present": int, "no_shows": int, "waitlisted": int, "attendance_rate": float|null},
    # the 5 best attended:
    "top": [{"title_fr", "title_en", "date": iso, "kind", "registrations": int, "present": int}],
    "satisfaction": [{"title_fr", "title_en", "date": iso, "responses": int,
                      "nps": int|null, "rating": float|null}],
    "debates": [{"title_fr", "title_en", "topic": str, "votes": int, "closed_on": iso|null}],
    "monthly": [{"month": "2026-07", "events": int, "present": int}, ...]},   # months of the period
  "groups": [{"slug", "name_fr", "name_en", "meetings": int, "participants": int,
              "documents": int, "messages": int, "joined": int, "members": int,
              "synthesis": {"fr": markdown, "en": markdown}|null}],   # the group's synthesis(es)
  "communication": {
    "current"|"previous"|"year_before": {
      "newsletters": int, "recipients": int,
      "open_rate": float|null, "click_rate": float|null,   # over tracked newsletters only
      "subscribers_start": int, "subscribers_end": int, "subscriber_growth": int,
      "news": int, "press_releases": int, "media": int, "media_audience": int,
      "downloads": int}},
  "satisfaction": {
    "latest": {"title_fr", "title_en", "date": iso, "nps": int|null, "responses": int}|null,
    # oldest first, up to 6:
    "trend": [{"title_fr", "title_en", "date": iso, "nps": int|null, "responses": int}],
    "segments": [{"key": segment, "invited": int, "answered": int, "rate": float|null}]},
  "plan": {
    "objectives": [{"title_fr", "title_en", "scope", "horizon",
                    "actions": [{"title", "channel", "stage", "due_on": iso|null,
                                 "budget_planned": float, "budget_spent": float}]}],
    "indicators": [{"name_fr", "name_en", "unit", "target": float|null,
                    "value": float|null, "measured_on": iso|null}],   # latest measure up to the end
    "budget": {"planned": float, "spent": float}},
  "collaboration": {
    "current"|"previous"|"year_before": {
      "projects_submitted": int, "projects_labelled": int, "introductions_asked": int,
      "introductions_made": int, "opportunities_posted": int,
      "opportunities_by_kind": [{"key": kind, "count": int}]},   # labels: Opportunity.Kind
    # projects at the end of the current period, by the stage they were at:
    "projects_by_stage": [{"key": stage, "count": int}]},      # labels: Project.Stage
  "relations": {                      # staff edition only
    "interactions": {"current"|"previous"|"year_before": [{"key": kind, "count": int}]},
    # organizations whose segment changed:
    "movement": [{"from": segment, "to": segment, "count": int}]},
  "key_figures": [{"key": str, "value": number|null, "previous": number|null,
                   "year_before": number|null, "unit": "" | "%" | "€"}]
}

A working-group synthesis's snapshot has the same "schema", "taken_at", "period", "periods"
and "is_empty", and "group": the group's entry as in "groups" above (without "synthesis"),
holding also "events": [{"title_fr", "title_en", "date": iso, "present": int}] and
"documents_list": [{"title", "date": iso}].
"""

from django.utils import timezone

from reports.periods import Period, Periods
from reports.selectors import (
    collaboration,
    communication,
    events,
    groups,
    key_figures,
    membership,
    plan,
    relations,
    satisfaction,
)

SCHEMA = 1


def snapshot_take(*, period: Period, working_group=None, progress=None) -> dict:
    """Every figure of the report of `period` (of `working_group` for a synthesis).
    `progress(step_label, percent)` is told as each section is done."""
    periods = Periods.around(period)
    data = {
        "schema": SCHEMA,
        "taken_at": timezone.now().isoformat(),
        "period": period.as_json(),
        "periods": periods.as_json(),
    }
    if working_group is not None:
        data["group"] = groups.group_facts(periods=periods, group=working_group)
        data["is_empty"] = groups.group_is_empty(data["group"])
        return data
    steps = [
        ("membership", membership.membership_section),
        ("events", events.events_section),
        ("groups", groups.groups_section),
        ("communication", communication.communication_section),
        ("satisfaction", satisfaction.satisfaction_section),
        ("plan", plan.plan_section),
        ("collaboration", collaboration.collaboration_section),
        ("relations", relations.relations_section),
    ]
    for number, (key, compute) in enumerate(steps):
        data[key] = compute(periods=periods)
        if progress:
            progress(key, round(100 * (number + 1) / (len(steps) + 1)))
    data["key_figures"] = key_figures.key_figures(data)
    data["is_empty"] = key_figures.is_empty(data)
    return data
