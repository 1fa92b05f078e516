"""Complete snapshots written by hand, following the schema of reports.selectors.snapshot,
for the tests of what renders them (pages, PDFs, charts, workbooks) without computing them.

The figures are chosen so that a test can state its expectation by hand: 112 members a
year before rising to 134, 1234.5 € of late dues, an attendance rate of 66.7 %, and names
that must never leave the staff edition (the late payers, the segments' movements).
"""

import copy

# The late payers' names: the member and public editions must not show them.
LATE_PAYERS = ("Atelier Dupont SARL", "Verte Énergie SAS")

_QUARTER = {
    "period": {"kind": "quarter", "start": "2026-07-01", "end": "2026-09-30"},
    "periods": {
        "current": {"kind": "quarter", "start": "2026-07-01", "end": "2026-09-30"},
        "previous": {"kind": "quarter", "start": "2026-04-01", "end": "2026-06-30"},
        "year_before": {"kind": "quarter", "start": "2025-07-01", "end": "2025-09-30"},
    },
    "events_monthly": [
        {"month": "2026-07", "events": 4, "present": 96},
        {"month": "2026-08", "events": 1, "present": 18},
        {"month": "2026-09", "events": 7, "present": 146},
    ],
}
_YEAR = {
    "period": {"kind": "year", "start": "2026-01-01", "end": "2026-12-31"},
    "periods": {
        "current": {"kind": "year", "start": "2026-01-01", "end": "2026-12-31"},
        "previous": {"kind": "year", "start": "2025-01-01", "end": "2025-12-31"},
        "year_before": {"kind": "year", "start": "2025-01-01", "end": "2025-12-31"},
    },
    "events_monthly": [
        {"month": f"2026-{month:02}", "events": events, "present": present}
        for month, events, present in [
            (1, 3, 75),
            (2, 4, 88),
            (3, 5, 120),
            (4, 3, 64),
            (5, 4, 90),
            (6, 6, 151),
            (7, 4, 96),
            (8, 1, 18),
            (9, 7, 146),
            (10, 5, 110),
            (11, 4, 97),
            (12, 2, 60),
        ]
    ],
}


def _membership() -> dict:
    return {
        "current": {
            "at_start": 120,
            "at_end": 134,
            "joined": 17,
            "left": 3,
            "retention_rate": 97.5,
            "dues": {
                "expected": 60300.0,
                "invoiced": 58200.0,
                "collected": 56965.5,
                "late": 1234.5,
                "late_count": 2,
            },
        },
        "previous": {
            "at_start": 116,
            "at_end": 120,
            "joined": 6,
            "left": 2,
            "retention_rate": 98.3,
            "dues": {
                "expected": 54000.0,
                "invoiced": 54000.0,
                "collected": 52800.0,
                "late": 1200.0,
                "late_count": 1,
            },
        },
        "year_before": {
            "at_start": 108,
            "at_end": 112,
            "joined": 7,
            "left": 3,
            "retention_rate": 97.2,
            "dues": {
                "expected": 50400.0,
                "invoiced": 50400.0,
                "collected": 50400.0,
                "late": 0.0,
                "late_count": 0,
            },
        },
        "breakdown": {
            "kind": [
                {"key": "company", "count": 98},
                {"key": "startup", "count": 21},
                {"key": "research_lab", "count": 9},
                {"key": "university", "count": 6},
            ],
            "region": [{"key": "76", "count": 120}, {"key": "75", "count": 14}],
            "size": [
                {"key": "1-9", "count": 52},
                {"key": "10-49", "count": 44},
                {"key": "50-249", "count": 20},
                {"key": "250-4999", "count": 6},
                {"key": "", "count": 12},
            ],
            "sector": [
                {
                    "key": "aeronautique",
                    "name_fr": "Aéronautique",
                    "name_en": "Aeronautics",
                    "count": 31,
                },
                {"key": "logiciel", "name_fr": "Logiciel", "name_en": "", "count": 58},
            ],
            "label": [
                {
                    "key": "numerique-responsable",
                    "name_fr": "Numérique responsable",
                    "name_en": "Responsible digital",
                    "count": 12,
                },
            ],
            # 116 of the 122 members of known size have fewer than 250 people.
            "sme_share": 95.1,
        },
        "late_payers": [
            {"organization": LATE_PAYERS[0], "amount": 834.5, "invoiced_on": "2026-07-15"},
            {"organization": LATE_PAYERS[1], "amount": 400.0, "invoiced_on": None},
        ],
        # The 12 month-ends up to the end of September 2026.
        "monthly": [
            {"month": month, "members": members}
            for month, members in [
                ("2025-10", 112),
                ("2025-11", 113),
                ("2025-12", 113),
                ("2026-01", 115),
                ("2026-02", 116),
                ("2026-03", 116),
                ("2026-04", 117),
                ("2026-05", 119),
                ("2026-06", 120),
                ("2026-07", 126),
                ("2026-08", 130),
                ("2026-09", 134),
            ]
        ],
    }


def _events(monthly: list) -> dict:
    return {
        # 260 present of 390 registered: 66.7 %.
        "current": {
            "held": 12,
            "by_kind": [
                {"key": "monthly_meeting", "count": 3},
                {"key": "thematic_debate", "count": 2},
                {"key": "company_visit", "count": 4},
                {"key": "webinar", "count": 3},
            ],
            "registrations": 390,
            "present": 260,
            "no_shows": 130,
            "waitlisted": 11,
            "attendance_rate": 66.7,
        },
        "previous": {
            "held": 9,
            "by_kind": [
                {"key": "monthly_meeting", "count": 3},
                {"key": "training", "count": 6},
            ],
            "registrations": 1180,
            "present": 1003,
            "no_shows": 177,
            "waitlisted": 0,
            "attendance_rate": 85.0,
        },
        "year_before": {
            "held": 10,
            "by_kind": [{"key": "monthly_meeting", "count": 10}],
            "registrations": 300,
            "present": 210,
            "no_shows": 90,
            "waitlisted": 4,
            "attendance_rate": 70.0,
        },
        "top": [
            {
                "title_fr": "Visite de l'usine Airbus",
                "title_en": "Visit of the Airbus plant",
                "date": "2026-09-17",
                "kind": "company_visit",
                "registrations": 80,
                "present": 72,
            },
            {
                "title_fr": "Débat : l'IA frugale",
                "title_en": "",
                "date": "2026-07-09",
                "kind": "thematic_debate",
                "registrations": 60,
                "present": 51,
            },
        ],
        "satisfaction": [
            {
                "title_fr": "Visite de l'usine Airbus",
                "title_en": "Visit of the Airbus plant",
                "date": "2026-09-17",
                "responses": 40,
                "nps": 45,
                "rating": 4.4,
            },
            {
                "title_fr": "Webinaire cybersécurité",
                "title_en": "Cybersecurity webinar",
                "date": "2026-08-27",
                "responses": 3,
                "nps": None,
                "rating": None,
            },
        ],
        "debates": [
            {
                "title_fr": "Débat : l'IA frugale",
                "title_en": "",
                "topic": "L'IA frugale",
                "votes": 37,
                "closed_on": "2026-06-20",
            },
        ],
        "monthly": copy.deepcopy(monthly),
    }


def _groups() -> list:
    return [
        {
            "slug": "industrie-du-futur",
            "name_fr": "Industrie du futur",
            "name_en": "Industry of the future",
            "meetings": 3,
            "participants": 41,
            "documents": 5,
            "joined": 4,
            "members": 28,
            "synthesis": {
                "fr": "Trois **ateliers** sur la maintenance prédictive.",
                "en": "Three **workshops** on predictive maintenance.",
            },
        },
        {
            "slug": "cybersecurite",
            "name_fr": "Cybersécurité",
            "name_en": "",
            "meetings": 1,
            "participants": 12,
            "documents": 0,
            "joined": 0,
            "members": 15,
            "synthesis": None,
        },
    ]


def _communication() -> dict:
    return {
        "current": {
            "newsletters": 3,
            "recipients": 4200,
            "open_rate": 41.2,
            "click_rate": 6.3,
            "subscribers_start": 1380,
            "subscribers_end": 1402,
            "subscriber_growth": 22,
            "news": 8,
            "press_releases": 2,
            "media": 5,
            "media_audience": 250000,
            "downloads": 37,
        },
        "previous": {
            "newsletters": 3,
            "recipients": 4100,
            "open_rate": 39.0,
            "click_rate": 5.1,
            "subscribers_start": 1350,
            "subscribers_end": 1380,
            "subscriber_growth": 30,
            "news": 6,
            "press_releases": 1,
            "media": 2,
            "media_audience": 90000,
            "downloads": 20,
        },
        "year_before": {
            "newsletters": 2,
            "recipients": 2600,
            "open_rate": None,
            "click_rate": None,
            "subscribers_start": 1200,
            "subscribers_end": 1240,
            "subscriber_growth": 40,
            "news": 4,
            "press_releases": 1,
            "media": 1,
            "media_audience": 12000,
            "downloads": 0,
        },
    }


def _satisfaction() -> dict:
    trend = [
        {
            "title_fr": "Baromètre 2025",
            "title_en": "Barometer 2025",
            "date": "2025-06-30",
            "nps": 12,
            "responses": 48,
        },
        {
            "title_fr": "Baromètre d'hiver",
            "title_en": "Winter barometer",
            "date": "2025-12-15",
            "nps": None,
            "responses": 4,
        },
        {
            "title_fr": "Baromètre 2026",
            "title_en": "Barometer 2026",
            "date": "2026-06-30",
            "nps": 31,
            "responses": 61,
        },
    ]
    return {
        "latest": dict(trend[-1]),
        "trend": trend,
        "segments": [
            {"key": "acquired", "invited": 60, "answered": 40, "rate": 66.7},
            {"key": "skeptic", "invited": 20, "answered": 5, "rate": 25.0},
            {"key": "no_opinion", "invited": 0, "answered": 0, "rate": None},
        ],
    }


def _plan() -> dict:
    return {
        "objectives": [
            {
                "title_fr": "Faire connaître le cluster",
                "title_en": "Make the cluster known",
                "scope": "external",
                "horizon": "medium",
                "actions": [
                    {
                        "title": "Dossier de presse 2026",
                        "channel": "press",
                        "stage": "done",
                        "due_on": "2026-09-01",
                        "budget_planned": 1500.0,
                        "budget_spent": 1320.0,
                    },
                    {
                        "title": "Salon régional",
                        "channel": "event",
                        "stage": "in_progress",
                        "due_on": None,
                        "budget_planned": 4000.0,
                        "budget_spent": 0.0,
                    },
                ],
            },
            {
                "title_fr": "Fidéliser les adhérents",
                "title_en": "",
                "scope": "internal",
                "horizon": "short",
                "actions": [],
            },
        ],
        "indicators": [
            {
                "name_fr": "Adhérents",
                "name_en": "Members",
                "unit": "",
                "target": 150.0,
                "value": 134.0,
                "measured_on": "2026-09-30",
            },
            {
                "name_fr": "Retombées presse",
                "name_en": "Press articles",
                "unit": "",
                "target": 10.0,
                "value": 12.0,
                "measured_on": "2026-09-15",
            },
            {
                "name_fr": "Notoriété",
                "name_en": "Notoriety",
                "unit": "%",
                "target": None,
                "value": 23.0,
                "measured_on": "2026-06-30",
            },
        ],
        "budget": {"planned": 5500.0, "spent": 1320.0},
    }


def _relations() -> dict:
    return {
        "interactions": {
            "current": [{"key": "visit", "count": 14}, {"key": "call", "count": 40}],
            "previous": [{"key": "visit", "count": 9}, {"key": "email", "count": 3}],
            "year_before": [],
        },
        "movement": [
            {"from": "skeptic", "to": "acquired", "count": 3},
            {"from": "no_opinion", "to": "opponent", "count": 1},
        ],
    }


def _key_figures() -> list:
    return [
        {"key": "members", "value": 134, "previous": 120, "year_before": 112, "unit": ""},
        {"key": "joined", "value": 17, "previous": 6, "year_before": 7, "unit": ""},
        {
            "key": "retention_rate",
            "value": 97.5,
            "previous": 98.3,
            "year_before": 97.2,
            "unit": "%",
        },
        {"key": "sme_share", "value": 95.1, "previous": None, "year_before": None, "unit": "%"},
        {"key": "events_held", "value": 12, "previous": 9, "year_before": 10, "unit": ""},
        {"key": "present", "value": 260, "previous": 1003, "year_before": 210, "unit": ""},
        {
            "key": "attendance_rate",
            "value": 66.7,
            "previous": 85.0,
            "year_before": 70.0,
            "unit": "%",
        },
        {"key": "subscribers", "value": 1402, "previous": 1380, "year_before": 1240, "unit": ""},
        {"key": "open_rate", "value": 41.2, "previous": 39.0, "year_before": None, "unit": "%"},
        {"key": "media", "value": 5, "previous": 2, "year_before": 1, "unit": ""},
        {"key": "nps", "value": 31, "previous": 12, "year_before": 12, "unit": ""},
        {
            "key": "dues_collected",
            "value": 56965.5,
            "previous": 52800.0,
            "year_before": 50400.0,
            "unit": "€",
        },
    ]


def sample_snapshot(kind: str = "quarter") -> dict:
    """A cluster report's snapshot: the third quarter of 2026, or the year 2026 (whose
    previous period is the year before: both columns hold the same figures)."""
    shape = _YEAR if kind == "year" else _QUARTER
    snapshot = {
        "schema": 1,
        "taken_at": "2026-10-01T06:00:00+02:00",
        "period": dict(shape["period"]),
        "periods": copy.deepcopy(shape["periods"]),
        "is_empty": False,
        "membership": _membership(),
        "events": _events(shape["events_monthly"]),
        "groups": _groups(),
        "communication": _communication(),
        "satisfaction": _satisfaction(),
        "plan": _plan(),
        "relations": _relations(),
        "key_figures": _key_figures(),
    }
    if kind == "year":
        snapshot["taken_at"] = "2027-01-02T06:00:00+01:00"
        for part in (
            snapshot["membership"],
            snapshot["events"],
            snapshot["communication"],
            snapshot["relations"]["interactions"],
        ):
            part["year_before"] = copy.deepcopy(part["previous"])
        for figure in snapshot["key_figures"]:
            figure["year_before"] = figure["previous"]
        snapshot["membership"]["monthly"] = [
            {"month": f"2026-{number:02}", "members": members}
            for number, members in enumerate(
                [115, 116, 116, 117, 119, 120, 126, 130, 134, 135, 135, 136], start=1
            )
        ]
    return snapshot


def sample_texts() -> dict:
    """Report.texts(): an introduction, highlights of some sections, no narrative."""
    return {
        "intro": {
            "fr": "Un trimestre **record** pour le cluster.",
            "en": "A **record** quarter for the cluster.",
        },
        "highlights": {
            "key_figures": {"fr": "134 adhérents, du jamais vu.", "en": "134 members, a first."},
            "membership": {"fr": "- 17 nouveaux adhérents", "en": "- 17 new members"},
            "events": {
                "fr": "La visite d'Airbus a fait salle comble.",
                "en": "The Airbus visit was full.",
            },
            "relations": {"fr": "Trois sceptiques convaincus.", "en": "Three skeptics won over."},
            "plan": {"fr": "", "en": ""},
        },
        "narrative": {"fr": "", "en": ""},
    }


def sample_synthesis_snapshot() -> dict:
    """A working group's synthesis of the third quarter of 2026."""
    return {
        "schema": 1,
        "taken_at": "2026-10-01T06:00:00+02:00",
        "period": dict(_QUARTER["period"]),
        "periods": copy.deepcopy(_QUARTER["periods"]),
        "is_empty": False,
        "group": {
            "slug": "industrie-du-futur",
            "name_fr": "Industrie du futur",
            "name_en": "Industry of the future",
            "meetings": 3,
            "participants": 41,
            "documents": 2,
            "joined": 4,
            "members": 1028,
            "events": [
                {
                    "title_fr": "Atelier maintenance prédictive",
                    "title_en": "Predictive maintenance workshop",
                    "date": "2026-07-08",
                    "present": 17,
                },
                {
                    "title_fr": "Visite de l'usine Airbus",
                    "title_en": "",
                    "date": "2026-09-17",
                    "present": 24,
                },
            ],
            "documents_list": [
                {"title": "Compte rendu de juillet", "date": "2026-07-10"},
                {"title": "Feuille de route 2027", "date": "2026-09-28"},
            ],
        },
    }


def sample_synthesis_texts() -> dict:
    return {
        "intro": {"fr": "", "en": ""},
        "highlights": {},
        "narrative": {
            "fr": "Le groupe a **choisi** ses priorités.",
            "en": "The group **chose** its priorities.",
        },
    }
