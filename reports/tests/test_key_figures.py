"""The key figures and the emptiness of a report, read from hand-written snapshots."""

import copy

import pytest

from reports.selectors.key_figures import is_empty, key_figures


def _period(at_end, joined, retention, collected, held, present, attendance, sent, subs):
    return {
        "membership": {
            "at_start": at_end - joined,
            "at_end": at_end,
            "joined": joined,
            "left": 0,
            "retention_rate": retention,
            "dues": {
                "expected": 0.0,
                "invoiced": 0.0,
                "collected": collected,
                "late": 0.0,
                "late_count": 0,
            },
        },
        "events": {
            "held": held,
            "by_kind": [],
            "registrations": present,
            "present": present,
            "no_shows": 0,
            "waitlisted": 0,
            "attendance_rate": attendance,
        },
        "communication": {
            "newsletters": sent,
            "recipients": 0,
            "open_rate": None,
            "click_rate": None,
            "subscribers_start": subs,
            "subscribers_end": subs,
            "subscriber_growth": 0,
            "news": 0,
            "press_releases": sent + 1,
            "media": sent + 2,
            "media_audience": 0,
            "downloads": 0,
        },
    }


@pytest.fixture
def snapshot():
    periods = {
        "current": _period(42, 5, 92.5, 31500.0, 7, 180, 81.8, 3, 640),
        "previous": _period(39, 2, 97.4, 4200.0, 4, 95, 76.0, 2, 610),
        "year_before": _period(35, 4, None, 28000.0, 6, 150, None, 3, 520),
    }
    data = {
        "schema": 1,
        "period": {"kind": "quarter", "start": "2026-07-01", "end": "2026-09-30"},
        "satisfaction": {
            "latest": {
                "title_fr": "Enquête annuelle",
                "title_en": "Annual survey",
                "date": "2026-06-15",
                "nps": 34,
                "responses": 28,
            },
            "trend": [],
            "segments": [],
        },
        "groups": [
            {"slug": "industrie", "meetings": 2, "documents": 1, "joined": 0, "members": 9},
            {"slug": "export", "meetings": 0, "documents": 0, "joined": 0, "members": 4},
            {"slug": "rh", "meetings": 1, "documents": 0, "joined": 1, "members": 6},
        ],
        "relations": {
            "interactions": {"current": [{"key": "call", "count": 3}]},
            "movement": [],
        },
    }
    for section in ("membership", "events", "communication"):
        data[section] = {name: figures[section] for name, figures in periods.items()}
    data["membership"]["breakdown"] = {"sme_share": 88.1}
    data["collaboration"] = {
        name: {
            "projects_submitted": submitted,
            "projects_labelled": 0,
            "introductions_asked": made + 2,
            "introductions_made": made,
            "opportunities_posted": 0,
        }
        for name, submitted, made in (("current", 2, 6), ("previous", 1, 3), ("year_before", 0, 1))
    }
    return data


def test_key_figures_with_the_periods_they_are_compared_with(snapshot):
    assert key_figures(snapshot) == [
        {"key": "members", "value": 42, "previous": 39, "year_before": 35, "unit": ""},
        {"key": "new_members", "value": 5, "previous": 2, "year_before": 4, "unit": ""},
        {
            "key": "retention_rate",
            "value": 92.5,
            "previous": 97.4,
            "year_before": None,
            "unit": "%",
        },
        {"key": "sme_share", "value": 88.1, "previous": None, "year_before": None, "unit": "%"},
        {
            "key": "dues_collected",
            "value": 31500.0,
            "previous": 4200.0,
            "year_before": 28000.0,
            "unit": "€",
        },
        {"key": "events_held", "value": 7, "previous": 4, "year_before": 6, "unit": ""},
        {"key": "participants", "value": 180, "previous": 95, "year_before": 150, "unit": ""},
        {
            "key": "attendance_rate",
            "value": 81.8,
            "previous": 76.0,
            "year_before": None,
            "unit": "%",
        },
        # industrie and rh met; export did not.
        {"key": "working_groups", "value": 2, "previous": None, "year_before": None, "unit": ""},
        {"key": "newsletters", "value": 3, "previous": 2, "year_before": 3, "unit": ""},
        {"key": "subscribers", "value": 640, "previous": 610, "year_before": 520, "unit": ""},
        {"key": "press_releases", "value": 4, "previous": 3, "year_before": 4, "unit": ""},
        {"key": "media", "value": 5, "previous": 4, "year_before": 5, "unit": ""},
        {"key": "projects_submitted", "value": 2, "previous": 1, "year_before": 0, "unit": ""},
        {"key": "introductions_made", "value": 6, "previous": 3, "year_before": 1, "unit": ""},
        {"key": "nps", "value": 34, "previous": None, "year_before": None, "unit": ""},
    ]


def test_sections_not_computed_give_unknown_figures(snapshot):
    for section in ("events", "groups", "satisfaction"):
        del snapshot[section]
    del snapshot["communication"]["previous"]

    figures = {figure["key"]: figure for figure in key_figures(snapshot)}

    assert figures["members"]["value"] == 42
    assert figures["events_held"] == {
        "key": "events_held",
        "value": None,
        "previous": None,
        "year_before": None,
        "unit": "",
    }
    assert figures["attendance_rate"]["value"] is None
    assert figures["working_groups"]["value"] is None
    assert figures["nps"]["value"] is None
    assert figures["subscribers"]["value"] == 640
    assert figures["subscribers"]["previous"] is None
    assert figures["subscribers"]["year_before"] == 520


def test_an_empty_snapshot_gives_sixteen_unknown_figures():
    figures = key_figures({})

    assert len(figures) == 16
    assert all(
        (figure["value"], figure["previous"], figure["year_before"]) == (None, None, None)
        for figure in figures
    )


def _nothing_recorded(snapshot):
    """`snapshot` with every figure of the current period at zero or empty."""
    empty = copy.deepcopy(snapshot)
    current = empty["membership"]["current"]
    current.update(at_start=0, at_end=0, joined=0, left=0)
    current["dues"].update(expected=0.0, invoiced=0.0, collected=0.0)
    empty["events"]["current"].update(held=0, registrations=0, present=0)
    empty["communication"]["current"].update(
        newsletters=0, news=0, press_releases=0, media=0, downloads=0, subscriber_growth=0
    )
    empty["relations"]["interactions"]["current"] = []
    empty["collaboration"]["current"].update(
        projects_submitted=0, introductions_asked=0, introductions_made=0
    )
    for group in empty["groups"]:
        group.update(meetings=0, documents=0, joined=0)
    return empty


def test_a_period_with_activity_is_not_empty(snapshot):
    assert is_empty(snapshot) is False


def test_a_period_where_nothing_was_recorded_is_empty(snapshot):
    empty = _nothing_recorded(snapshot)

    # The subscribers on the list and the survey of June are not things done in the period.
    assert empty["communication"]["current"]["subscribers_end"] == 640
    assert is_empty(empty) is True
    assert is_empty({}) is True
    assert is_empty({"membership": {}, "events": None, "groups": []}) is True


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s["membership"]["current"].update(at_start=3),  # members who all left
        lambda s: s["membership"]["current"]["dues"].update(collected=150.0),
        lambda s: s["events"]["current"].update(held=1),
        lambda s: s["events"]["current"].update(registrations=4),  # held after the period
        lambda s: s["communication"]["current"].update(news=1),
        lambda s: s["communication"]["current"].update(subscriber_growth=-2),
        lambda s: s["communication"]["current"].update(downloads=1),
        lambda s: s["relations"]["interactions"].update(current=[{"key": "note", "count": 1}]),
        lambda s: s["groups"][1].update(documents=1),
        lambda s: s["collaboration"]["current"].update(projects_submitted=1),
        lambda s: s["collaboration"]["current"].update(introductions_asked=1),
        lambda s: s["collaboration"]["current"].update(opportunities_posted=1),
        lambda s: s["satisfaction"]["latest"].update(date="2026-09-30"),
    ],
)
def test_any_one_thing_recorded_makes_the_period_not_empty(snapshot, change):
    changed = _nothing_recorded(snapshot)
    change(changed)

    assert is_empty(changed) is False


def test_a_survey_in_the_period_without_answers_leaves_it_empty(snapshot):
    empty = _nothing_recorded(snapshot)
    empty["satisfaction"]["latest"].update(date="2026-08-01", responses=0)

    assert is_empty(empty) is True
