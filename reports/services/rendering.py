"""A report's snapshot and texts made into what its pages, PDFs and workbook show.

`report_context()` turns the frozen figures (reports.selectors.snapshot) into sections of
tables and charts in one language and for one edition; the PDF, the staff's preview and the
public edition render the same section templates from it, and the workbook writes the same
tables. Everything is worded and formatted here, when the context is built, so a page in
French may show the English edition: the templates only place what they are given.

Editions: "staff" shows everything; "member" leaves out the staff-only sections and the names
of late payers; "public" shows only the key figures and the staff's highlights.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from collaboration.models import Opportunity, Project
from communications.models import Action, Objective
from core.pdf import pdf_render
from core.translation import in_language
from events.models import Event
from members.models import HeadcountBand, Interaction, Organization, Region, Segment
from reports import charts
from reports.charts import Cell, Chart, Table
from reports.models import SECTIONS, STAFF_ONLY_SECTIONS
from reports.periods import Period

EDITIONS = {
    "staff": gettext_lazy("Staff edition"),
    "member": gettext_lazy("Member edition"),
    "public": gettext_lazy("Public edition"),
}
# What the key figures are called, by their key in the snapshot.
KEY_FIGURE_LABELS = {
    "members": gettext_lazy("Member organizations"),
    "joined": gettext_lazy("New members"),
    "left": gettext_lazy("Members who left"),
    "retention_rate": gettext_lazy("Retention rate"),
    "sme_share": gettext_lazy("Share of SMEs"),
    "events_held": gettext_lazy("Events held"),
    "registrations": gettext_lazy("Registrations"),
    "present": gettext_lazy("People present at events"),
    "attendance_rate": gettext_lazy("Attendance rate"),
    "groups": gettext_lazy("Active working groups"),
    "group_meetings": gettext_lazy("Working-group meetings"),
    "newsletters": gettext_lazy("Newsletters sent"),
    "subscribers": gettext_lazy("Newsletter subscribers"),
    "open_rate": gettext_lazy("Newsletter open rate"),
    "news": gettext_lazy("News published"),
    "press_releases": gettext_lazy("Press releases"),
    "media": gettext_lazy("Media coverage"),
    "media_audience": gettext_lazy("Media audience"),
    "downloads": gettext_lazy("Press-room downloads"),
    "nps": gettext_lazy("Net Promoter Score"),
    "dues_collected": gettext_lazy("Dues collected"),
    "projects_submitted": gettext_lazy("Collaborative projects submitted"),
    "introductions_made": gettext_lazy("Introductions between members"),
}
# The names reports.selectors.key_figures gives the same figures.
KEY_FIGURE_LABELS.update(
    new_members=KEY_FIGURE_LABELS["joined"],
    participants=KEY_FIGURE_LABELS["present"],
    working_groups=gettext_lazy("Working groups that met"),
)
PDF_VARIANT = "pdf/ua-1"


@dataclass
class Section:
    """One section of a report: its tables and charts, worded in the report's language.

    `tables` are what the workbook writes, in order; the section's template places them
    (and the charts, each with the table of its numbers) by name."""

    key: str
    title: str
    highlights: str = ""
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, Chart | None] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"

    @property
    def template(self) -> str:
        return f"reports/pdf/sections/{self.key}.html"


@dataclass(frozen=True)
class _Columns:
    """The periods a figure is compared with, named for the column headers. An annual
    report's previous period is the year before: its columns are shown once."""

    current: str
    previous: str
    year_before: str | None

    @classmethod
    def of(cls, snapshot: dict) -> "_Columns":
        periods = snapshot["periods"]
        labels = {name: Period.from_json(data).label() for name, data in periods.items()}
        distinct = periods["year_before"] != periods["previous"]
        return cls(
            labels["current"], labels["previous"], labels["year_before"] if distinct else None
        )

    def header(self, first: str) -> list[str]:
        if not self.year_before:
            return [first, self.current, self.previous, pgettext("between two periods", "Change")]
        # Two changes: each names the period it is measured from.
        return [
            first,
            self.current,
            self.previous,
            _("Change from %(period)s") % {"period": self.previous},
            self.year_before,
            _("Change from %(period)s") % {"period": self.year_before},
        ]

    def row(self, label: str, values: tuple, unit: str = "") -> list[Cell]:
        current, previous, year_before = values
        row = [Cell(label), Cell(current, unit), Cell(previous, unit)]
        row.append(Cell(_difference(current, previous), unit, change=True))
        if self.year_before:
            row += [Cell(year_before, unit), Cell(_difference(current, year_before), unit, True)]
        return row


def _difference(current, reference):
    if current is None or reference is None:
        return None
    return round(current - reference, 2)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _choice(choices, key: str) -> str:
    """The label of `key` among a model's choices; the key itself if it is no longer one."""
    try:
        return str(choices(key).label)
    except ValueError:
        return key


def _share(count: int, total: int) -> float | None:
    return round(100 * count / total, 1) if total else None


def _comparison(snapshot_part: dict, columns: _Columns, caption: str, rows: list) -> Table:
    """A table of figures compared with the previous period and the year before; `rows`
    are (label, function reading the figure from one period's data, unit)."""
    table = Table(caption=caption, header=columns.header(_("Figure")))
    for label, read, unit in rows:
        values = tuple(
            read(snapshot_part[name]) if snapshot_part.get(name) else None
            for name in ("current", "previous", "year_before")
        )
        table.rows.append(columns.row(str(label), values, unit))
    return table


def _counts_by_key(periods: dict, columns: _Columns, caption: str, first: str, label) -> Table:
    """Counts per key in each period (events by kind, interactions by kind), the keys of the
    current period first, most frequent first."""
    counts = {
        name: {row["key"]: row["count"] for row in periods.get(name) or []}
        for name in ("current", "previous", "year_before")
    }
    current = sorted(counts["current"], key=lambda key: -counts["current"][key])
    keys = dict.fromkeys([*current, *counts["previous"], *counts["year_before"]])
    table = Table(caption=caption, header=columns.header(first))
    for key in keys:
        values = tuple(counts[name].get(key, 0) for name in ("current", "previous", "year_before"))
        table.rows.append(columns.row(label(key), values))
    return table


def _breakdown(rows: list, caption: str, first: str, label, members: int | None = None) -> Table:
    """Members counted by one trait, with each count's share of `members` (for traits an
    organization may have several of, as sectors and labels) or of the rows' total."""
    total = members if members is not None else sum(row["count"] for row in rows)
    return Table(
        caption=caption,
        header=[first, _("Members"), _("Share")],
        rows=[
            [Cell(label(row)), Cell(row["count"]), Cell(_share(row["count"], total), "%")]
            for row in rows
        ],
    )


def _key_figures_section(snapshot: dict, columns: _Columns) -> Section:
    table = Table(caption=_("Key figures"), header=columns.header(_("Figure")))
    tiles = []
    for figure in snapshot.get("key_figures") or []:
        label = str(KEY_FIGURE_LABELS.get(figure["key"], figure["key"].replace("_", " ")))
        unit = figure.get("unit") or ""
        row = columns.row(label, (figure["value"], figure["previous"], figure["year_before"]), unit)
        table.rows.append(row)
        tiles.append(
            {
                "label": label,
                "value": row[1],
                "previous": row[2],
                "change": row[3],
                "year_before": row[4] if columns.year_before else None,
                "change_year_before": row[5] if columns.year_before else None,
            }
        )
    return Section(
        "key_figures",
        "",
        tables={"key_figures": table},
        extra={"tiles": tiles, "columns": columns},
    )


def _membership_section(snapshot: dict, columns: _Columns, edition: str) -> Section:
    data = snapshot["membership"]
    breakdown = data.get("breakdown") or {}
    members_at_end = (data.get("current") or {}).get("at_end") or 0
    tables = {
        "figures": _comparison(
            data,
            columns,
            _("Member organizations"),
            [
                (_("Members at the start"), lambda p: p["at_start"], ""),
                (_("Members at the end"), lambda p: p["at_end"], ""),
                (_("Joined"), lambda p: p["joined"], ""),
                (_("Left"), lambda p: p["left"], ""),
                (_("Retention rate"), lambda p: p["retention_rate"], "%"),
            ],
        ),
        "dues": _comparison(
            data,
            columns,
            _("Dues"),
            [
                (_("Expected"), lambda p: p["dues"]["expected"], "€"),
                (_("Invoiced"), lambda p: p["dues"]["invoiced"], "€"),
                (_("Collected"), lambda p: p["dues"]["collected"], "€"),
                (_("Unpaid"), lambda p: p["dues"]["late"], "€"),
                (_("Unpaid invoices"), lambda p: p["dues"]["late_count"], ""),
            ],
        ),
        "kind": _breakdown(
            breakdown.get("kind") or [],
            _("Members by kind of organization"),
            _("Kind"),
            lambda row: _choice(Organization.Kind, row["key"]),
        ),
        "size": _breakdown(
            breakdown.get("size") or [],
            _("Members by headcount"),
            _("Headcount"),
            lambda row: _choice(HeadcountBand, row["key"]) if row["key"] else _("Unknown"),
        ),
        "region": _breakdown(
            breakdown.get("region") or [],
            _("Members by region"),
            _("Region"),
            lambda row: _choice(Region, row["key"]),
        ),
        "sector": _breakdown(
            breakdown.get("sector") or [],
            _("Members by sector"),
            _("Sector"),
            lambda row: in_language(row["name_fr"], row["name_en"]),
            members=members_at_end,
        ),
        "label": _breakdown(
            breakdown.get("label") or [],
            _("Members holding a label"),
            _("Label"),
            lambda row: in_language(row["name_fr"], row["name_en"]),
            members=members_at_end,
        ),
    }
    if edition == "staff":
        tables["late_payers"] = Table(
            caption=_("Late payers"),
            header=[_("Organization"), _("Amount due"), _("Invoiced on")],
            rows=[
                [
                    Cell(row["organization"]),
                    Cell(row["amount"], "€"),
                    Cell(_day(row["invoiced_on"])),
                ]
                for row in data.get("late_payers") or []
            ],
        )
    chart = charts.membership_chart(data.get("monthly") or [])
    if chart:
        tables["monthly"] = chart.table
    sme_share = breakdown.get("sme_share")
    return Section(
        "membership",
        "",
        tables=tables,
        charts={"monthly": chart},
        extra={"sme_share": Cell(sme_share, "%") if sme_share is not None else None},
    )


def _events_section(snapshot: dict, columns: _Columns) -> Section:
    data = snapshot["events"]

    def title(row):
        return in_language(row["title_fr"], row["title_en"])

    tables = {
        "figures": _comparison(
            data,
            columns,
            _("Events and attendance"),
            [
                (_("Events held"), lambda p: p["held"], ""),
                (_("Registrations"), lambda p: p["registrations"], ""),
                (_("People present"), lambda p: p["present"], ""),
                (_("No-shows"), lambda p: p["no_shows"], ""),
                (_("On the waitlist"), lambda p: p["waitlisted"], ""),
                (_("Attendance rate"), lambda p: p["attendance_rate"], "%"),
            ],
        ),
        "by_kind": _counts_by_key(
            {
                name: (data.get(name) or {}).get("by_kind")
                for name in ("current", "previous", "year_before")
            },
            columns,
            _("Events by kind"),
            _("Kind"),
            lambda key: _choice(Event.Kind, key),
        ),
        "top": Table(
            caption=_("Best attended events"),
            header=[_("Event"), _("Date"), _("Kind"), _("Registrations"), _("People present")],
            rows=[
                [
                    Cell(title(row)),
                    Cell(_day(row["date"])),
                    Cell(_choice(Event.Kind, row["kind"])),
                    Cell(row["registrations"]),
                    Cell(row["present"]),
                ]
                for row in data.get("top") or []
            ],
        ),
        "satisfaction": Table(
            caption=_("Satisfaction after events"),
            header=[_("Event"), _("Date"), _("Responses"), _("NPS"), _("Average rating")],
            rows=[
                [
                    Cell(title(row)),
                    Cell(_day(row["date"])),
                    Cell(row["responses"]),
                    Cell(row["nps"]),
                    Cell(row["rating"]),
                ]
                for row in data.get("satisfaction") or []
            ],
        ),
        "debates": Table(
            caption=_("Debate topics chosen by the members"),
            header=[_("Debate"), _("Topic chosen"), _("Votes"), _("Vote closed on")],
            rows=[
                [
                    Cell(title(row)),
                    Cell(row["topic"]),
                    Cell(row["votes"]),
                    Cell(_day(row["closed_on"])),
                ]
                for row in data.get("debates") or []
            ],
        ),
    }
    chart = charts.events_chart(data.get("monthly") or [])
    if chart:
        tables["monthly"] = chart.table
    return Section("events", "", tables=tables, charts={"monthly": chart})


def _groups_section(snapshot: dict) -> Section:
    groups = snapshot.get("groups") or []
    language = translation.get_language()
    table = Table(
        caption=_("Working groups"),
        header=[
            _("Working group"),
            _("Meetings"),
            _("Participants"),
            _("Documents"),
            pgettext("working group", "New members"),
            pgettext("working group", "Members"),
        ],
        rows=[
            [
                Cell(in_language(group["name_fr"], group["name_en"])),
                Cell(group["meetings"]),
                Cell(group["participants"]),
                Cell(group["documents"]),
                Cell(group["joined"]),
                Cell(group["members"]),
            ]
            for group in groups
        ],
    )
    syntheses = [
        {
            "name": in_language(group["name_fr"], group["name_en"]),
            "slug": group["slug"],
            "text": group["synthesis"].get(language) or group["synthesis"].get("fr") or "",
        }
        for group in groups
        if group.get("synthesis")
    ]
    return Section(
        "groups",
        "",
        tables={"groups": table},
        extra={"syntheses": [synthesis for synthesis in syntheses if synthesis["text"]]},
    )


def _communication_section(snapshot: dict, columns: _Columns) -> Section:
    data = snapshot["communication"]
    newsletter = _comparison(
        data,
        columns,
        _("Newsletter"),
        [
            (_("Newsletters sent"), lambda p: p["newsletters"], ""),
            (_("Recipients"), lambda p: p["recipients"], ""),
            (_("Open rate"), lambda p: p["open_rate"], "%"),
            (_("Click rate"), lambda p: p["click_rate"], "%"),
            (_("Subscribers at the start"), lambda p: p["subscribers_start"], ""),
            (_("Subscribers at the end"), lambda p: p["subscribers_end"], ""),
            (_("Subscriber growth"), lambda p: p["subscriber_growth"], ""),
        ],
    )
    press = _comparison(
        data,
        columns,
        _("News and press"),
        [
            (_("News published"), lambda p: p["news"], ""),
            (_("Press releases"), lambda p: p["press_releases"], ""),
            (_("Media coverage"), lambda p: p["media"], ""),
            (_("Media audience"), lambda p: p["media_audience"], ""),
            (_("Press-room downloads"), lambda p: p["downloads"], ""),
        ],
    )
    return Section("communication", "", tables={"newsletter": newsletter, "press": press})


def _satisfaction_section(snapshot: dict) -> Section:
    data = snapshot["satisfaction"]
    latest = data.get("latest")
    tables = {
        "segments": Table(
            caption=_("Answers by perception segment"),
            header=[_("Segment"), _("Invited"), _("Answered"), _("Response rate")],
            rows=[
                [
                    Cell(_choice(Segment, row["key"])),
                    Cell(row["invited"]),
                    Cell(row["answered"]),
                    Cell(row["rate"], "%"),
                ]
                for row in data.get("segments") or []
            ],
        )
    }
    chart = charts.nps_chart(data.get("trend") or [])
    if chart:
        tables["trend"] = chart.table
    if latest:
        latest = {
            "title": in_language(latest["title_fr"], latest["title_en"]),
            "date": Cell(_day(latest["date"])),
            "nps": Cell(latest["nps"]),
            "responses": Cell(latest["responses"]),
        }
    return Section(
        "satisfaction", "", tables=tables, charts={"trend": chart}, extra={"latest": latest}
    )


def _plan_section(snapshot: dict) -> Section:
    data = snapshot["plan"]
    tables = {}
    objectives = []
    for number, objective in enumerate(data.get("objectives") or [], start=1):
        title = in_language(objective["title_fr"], objective["title_en"])
        scope = _choice(Objective.Scope, objective["scope"]).lower()
        horizon = _choice(Objective.Horizon, objective["horizon"]).lower()
        caption = f"{title} ({scope}, {horizon})"
        table = Table(
            caption=caption,
            header=[
                _("Action"),
                _("Channel"),
                _("Stage"),
                _("Due"),
                _("Planned budget"),
                _("Spent"),
            ],
            rows=[
                [
                    Cell(action["title"]),
                    Cell(_choice(Action.Channel, action["channel"])),
                    Cell(_choice(Action.Stage, action["stage"])),
                    Cell(_day(action["due_on"])),
                    Cell(action["budget_planned"], "€"),
                    Cell(action["budget_spent"], "€"),
                ]
                for action in objective["actions"]
            ],
        )
        tables[f"objective_{number}"] = table
        objectives.append(table)
    tables["indicators"] = Table(
        caption=_("Indicators"),
        header=[_("Indicator"), _("Measured"), _("Target"), _("Measured on")],
        rows=[
            [
                Cell(in_language(row["name_fr"], row["name_en"])),
                Cell(row["value"], row["unit"]),
                Cell(row["target"], row["unit"]),
                Cell(_day(row["measured_on"])),
            ]
            for row in data.get("indicators") or []
        ],
    )
    budget = data.get("budget") or {"planned": 0.0, "spent": 0.0}
    tables["budget"] = Table(
        caption=_("Budget of the plan"),
        header=[_("Budget"), _("Amount")],
        rows=[
            [Cell(pgettext("budget", "Planned")), Cell(budget["planned"], "€")],
            [Cell(pgettext("budget", "Spent")), Cell(budget["spent"], "€")],
            [Cell(_("Share spent")), Cell(_share(budget["spent"], budget["planned"]), "%")],
        ],
    )
    chart = charts.indicators_chart(data.get("indicators") or [])
    return Section(
        "plan",
        "",
        tables=tables,
        charts={"indicators": chart},
        extra={"objectives": objectives},
    )


def _relations_section(snapshot: dict, columns: _Columns) -> Section:
    data = snapshot.get("relations") or {}
    interactions = _counts_by_key(
        data.get("interactions") or {},
        columns,
        _("Interactions logged by the team"),
        _("Kind"),
        lambda key: _choice(Interaction.Kind, key),
    )
    movement = Table(
        caption=_("Organizations whose perception segment changed"),
        header=[_("From"), _("To"), _("Organizations")],
        rows=[
            [
                Cell(_choice(Segment, row["from"])),
                Cell(_choice(Segment, row["to"])),
                Cell(row["count"]),
            ]
            for row in data.get("movement") or []
        ],
    )
    return Section("relations", "", tables={"interactions": interactions, "movement": movement})


def _collaboration_section(snapshot: dict, columns: _Columns) -> Section:
    data = snapshot.get("collaboration") or {}
    figures = _comparison(
        data,
        columns,
        _("Collaboration between members"),
        [
            (_("Collaborative projects submitted"), lambda p: p["projects_submitted"], ""),
            (_("Projects labelled"), lambda p: p["projects_labelled"], ""),
            (_("Introductions asked for"), lambda p: p["introductions_asked"], ""),
            (_("Introductions made"), lambda p: p["introductions_made"], ""),
            (_("Opportunities posted"), lambda p: p["opportunities_posted"], ""),
        ],
    )
    stages = Table(
        caption=_("Collaborative projects by stage at the end of the period"),
        header=[_("Stage"), _("Projects")],
        rows=[
            [Cell(_choice(Project.Stage, row["key"])), Cell(row["count"])]
            for row in data.get("projects_by_stage") or []
        ],
    )
    opportunities = _counts_by_key(
        {
            name: (data.get(name) or {}).get("opportunities_by_kind")
            for name in ("current", "previous", "year_before")
        },
        columns,
        _("Opportunities posted by kind"),
        _("Kind"),
        lambda key: _choice(Opportunity.Kind, key),
    )
    return Section(
        "collaboration",
        "",
        tables={"figures": figures, "stages": stages, "opportunities": opportunities},
    )


def _sections_of(edition: str) -> list[str]:
    if edition == "public":
        return ["key_figures"]
    keys = [key for key, _label in SECTIONS]
    if edition == "member":
        keys = [key for key in keys if key not in STAFF_ONLY_SECTIONS]
    return keys


def _section(key: str, snapshot: dict, columns: _Columns, edition: str) -> Section:
    if key == "key_figures":
        return _key_figures_section(snapshot, columns)
    if key == "membership":
        return _membership_section(snapshot, columns, edition)
    if key == "events":
        return _events_section(snapshot, columns)
    if key == "groups":
        return _groups_section(snapshot)
    if key == "communication":
        return _communication_section(snapshot, columns)
    if key == "satisfaction":
        return _satisfaction_section(snapshot)
    if key == "plan":
        return _plan_section(snapshot)
    if key == "collaboration":
        return _collaboration_section(snapshot, columns)
    return _relations_section(snapshot, columns)


def _synthesis(snapshot: dict, texts: dict, language: str) -> dict:
    group = snapshot["group"]
    facts = Table(
        caption=_("The group in figures"),
        header=[_("Figure"), _("Number")],
        rows=[
            [Cell(_("Meetings")), Cell(group["meetings"])],
            [Cell(_("Participants")), Cell(group["participants"])],
            [Cell(_("Documents shared")), Cell(group["documents"])],
            # Snapshots frozen before the discussions existed have no such figure.
            [Cell(_("Messages in the discussions")), Cell(group.get("messages", 0))],
            [Cell(pgettext("working group", "New members")), Cell(group["joined"])],
            [Cell(pgettext("working group", "Members")), Cell(group["members"])],
        ],
    )
    events = Table(
        caption=_("Meetings and events"),
        header=[_("Event"), _("Date"), _("People present")],
        rows=[
            [
                Cell(in_language(row["title_fr"], row["title_en"])),
                Cell(_day(row["date"])),
                Cell(row["present"]),
            ]
            for row in group.get("events") or []
        ],
    )
    documents = Table(
        caption=_("Documents shared"),
        header=[_("Document"), _("Date")],
        rows=[
            [Cell(row["title"]), Cell(_day(row["date"]))]
            for row in group.get("documents_list") or []
        ],
    )
    return {
        "group_name": in_language(group["name_fr"], group["name_en"]),
        "facts": facts,
        "events": events,
        "documents": documents,
        "narrative": (texts.get("narrative") or {}).get(language) or "",
        "tables": {"facts": facts, "events": events, "documents": documents},
    }


def _highlights(texts: dict, key: str, language: str) -> str:
    return ((texts.get("highlights") or {}).get(key) or {}).get(language) or ""


def report_context(*, report, snapshot: dict, texts: dict, edition: str, language: str) -> dict:
    """Everything the pages and PDFs of `report` show, in `language`, for `edition`
    ("staff", "member" or "public"). The texts are Report.texts()'s (or a version's)."""
    if edition not in EDITIONS:
        raise ValueError(f"Unknown edition: {edition}")
    with translation.override(language):
        period = Period.from_json(snapshot["period"])
        taken_at = datetime.fromisoformat(snapshot["taken_at"])
        context = {
            "report": report,
            "title": str(report.title),
            "cluster_name": settings.CLUSTER_NAME,
            "edition": edition,
            "edition_label": str(EDITIONS[edition]),
            "language": language,
            "period_label": period.label(),
            "period_dates": period.dates_label(),
            "taken_on": formats.date_format(taken_at, "DATE_FORMAT"),
            "is_empty": bool(snapshot.get("is_empty")),
            "intro": (texts.get("intro") or {}).get(language) or "",
            "sections": [],
            "public_highlights": [],
            "synthesis": None,
        }
        if report.is_synthesis:
            context["synthesis"] = _synthesis(snapshot, texts, language)
            return context
        columns = _Columns.of(snapshot)
        titles = {key: str(label) for key, label in SECTIONS}
        for key in _sections_of(edition):
            section = _section(key, snapshot, columns, edition)
            section.title = titles[key]
            section.highlights = _highlights(texts, key, language)
            context["sections"].append(section)
        if edition == "public":
            # The staff's highlights of what members read, without the figures behind them.
            context["public_highlights"] = [
                {"key": key, "title": titles[key], "text": _highlights(texts, key, language)}
                for key in _sections_of("member")
                if key != "key_figures" and _highlights(texts, key, language)
            ]
    return context


def report_pdf(*, report, snapshot: dict, texts: dict, edition: str, language: str) -> bytes:
    """The report as an A4 PDF (tagged, PDF/UA-1) in `language`, for `edition`."""
    with translation.override(language):
        context = report_context(
            report=report, snapshot=snapshot, texts=texts, edition=edition, language=language
        )
        template = (
            "reports/pdf/synthesis.html" if report.is_synthesis else "reports/pdf/report.html"
        )
        return pdf_render(template=template, context=context, variant=PDF_VARIANT)
