"""The key figures of a report, the ones a label file or a funder asks for, and whether a
report has anything to say at all. Both read the other sections of the snapshot, already
computed: no query. Sections or figures missing from the snapshot read as unknown (null).

Key figures, each with its value for the period, the period before and the same period a
year before (null where the figure is not compared between periods):

- members: members at the end of the period; new_members: those who joined in it;
  retention_rate: members at the start still members at the end (%);
- sme_share: share of the members at the end with fewer than 250 people (%, not compared);
- dues_collected: dues paid in the period (€);
- events_held, participants (people marked present) and attendance_rate (%);
- working_groups: working groups that met in the period (not compared);
- newsletters sent, subscribers at the end of the period, press_releases, media coverage;
- projects_submitted to the calls for projects, introductions_made between members;
- nps: the net promoter score of the latest satisfaction survey (not compared).
"""

PERIOD_NAMES = ("current", "previous", "year_before")

# (key, section, path in each period's figures, unit) of the figures compared between periods.
COMPARED = (
    ("members", "membership", ("at_end",), ""),
    ("new_members", "membership", ("joined",), ""),
    ("retention_rate", "membership", ("retention_rate",), "%"),
    ("dues_collected", "membership", ("dues", "collected"), "€"),
    ("events_held", "events", ("held",), ""),
    ("participants", "events", ("present",), ""),
    ("attendance_rate", "events", ("attendance_rate",), "%"),
    ("newsletters", "communication", ("newsletters",), ""),
    ("subscribers", "communication", ("subscribers_end",), ""),
    ("press_releases", "communication", ("press_releases",), ""),
    ("media", "communication", ("media",), ""),
    ("projects_submitted", "collaboration", ("projects_submitted",), ""),
    ("introductions_made", "collaboration", ("introductions_made",), ""),
)
# The order they are shown in, single figures included.
ORDER = (
    "members",
    "new_members",
    "retention_rate",
    "sme_share",
    "dues_collected",
    "events_held",
    "participants",
    "attendance_rate",
    "working_groups",
    "newsletters",
    "subscribers",
    "press_releases",
    "media",
    "projects_submitted",
    "introductions_made",
    "nps",
)


def _dig(data, *path):
    """data[path[0]][path[1]]…, or None as soon as a step is missing."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _figure(key: str, unit: str, value, previous=None, year_before=None) -> dict:
    return {
        "key": key,
        "value": value,
        "previous": previous,
        "year_before": year_before,
        "unit": unit,
    }


def _groups_that_met(snapshot: dict) -> int | None:
    groups = snapshot.get("groups")
    if not isinstance(groups, list):
        return None
    return sum(1 for group in groups if (group.get("meetings") or 0) > 0)


def key_figures(snapshot: dict) -> list[dict]:
    """The key figures of a snapshot (see the module's docstring), in the order shown."""
    figures = {
        key: _figure(key, unit, *(_dig(snapshot, section, name, *path) for name in PERIOD_NAMES))
        for key, section, path, unit in COMPARED
    }
    figures["sme_share"] = _figure(
        "sme_share", "%", _dig(snapshot, "membership", "breakdown", "sme_share")
    )
    figures["working_groups"] = _figure("working_groups", "", _groups_that_met(snapshot))
    figures["nps"] = _figure("nps", "", _dig(snapshot, "satisfaction", "latest", "nps"))
    return [figures[key] for key in ORDER]


def _survey_in_period(snapshot: dict) -> bool:
    """Whether the latest satisfaction survey, with answers, is dated in the period."""
    latest = _dig(snapshot, "satisfaction", "latest")
    start, end = _dig(snapshot, "period", "start"), _dig(snapshot, "period", "end")
    if not isinstance(latest, dict) or not (latest.get("date") and start and end):
        return False
    # ISO dates compare as strings; a moment is read on its day.
    return bool(latest.get("responses")) and start <= latest["date"][:10] <= end


def is_empty(snapshot: dict) -> bool:
    """True when nothing at all was recorded in the period: no member at either end, nobody
    joining or leaving, no dues expected, invoiced or collected, no event held nor
    registration, no working-group meeting, document or new participant, no newsletter,
    news, press release, media coverage or download, no change in subscribers, no
    interaction, no project submitted, introduction asked or opportunity posted, no
    satisfaction survey answered. Figures missing from the snapshot count
    as nothing."""
    membership = _dig(snapshot, "membership", "current") or {}
    events = _dig(snapshot, "events", "current") or {}
    communication = _dig(snapshot, "communication", "current") or {}
    recorded = [
        *(membership.get(key) for key in ("at_start", "at_end", "joined", "left")),
        *(_dig(membership, "dues", key) for key in ("expected", "invoiced", "collected")),
        events.get("held"),
        events.get("registrations"),
        *(
            communication.get(key)
            for key in (
                "newsletters",
                "news",
                "press_releases",
                "media",
                "downloads",
                "subscriber_growth",
            )
        ),
        _dig(snapshot, "relations", "interactions", "current"),
        *(
            _dig(snapshot, "collaboration", "current", key)
            for key in ("projects_submitted", "introductions_asked", "opportunities_posted")
        ),
    ]
    groups = snapshot.get("groups") if isinstance(snapshot.get("groups"), list) else []
    recorded += [group.get(key) for group in groups for key in ("meetings", "documents", "joined")]
    return not any(recorded) and not _survey_in_period(snapshot)
