"""Demo reports, built by seed_demo after every other app has seeded its rows: last year's
annual report and the previous quarter's report, published with their highlights and two
working groups' syntheses; the current quarter left in draft; and last year's annual
statement of every member organization. The demo's versions are not emailed to anyone."""

from datetime import date

from members.models import WorkingGroup, WorkingGroupMember
from reports.models import MemberStatement, Report
from reports.periods import Period, Periods
from reports.selectors.groups import group_facts
from reports.services import reports as services
from reports.services import statements

INTRO = {
    "year": (
        "L’année {year} a été celle de la **consolidation** : plus d’adhérents, des groupes de "
        "travail qui produisent, et un rendez-vous annuel qui s’installe dans l’agenda "
        "régional. Ce rapport rassemble les chiffres de l’année et ce qu’ils disent de notre "
        "action, pour nos adhérents, nos partenaires et nos financeurs.",
        "{year} was a year of **consolidation**: more members, working groups that deliver, "
        "and an annual meeting that now has its place in the regional calendar. This report "
        "brings together the year's figures and what they say about our work, for our "
        "members, partners and funders.",
    ),
    "quarter": (
        "Ce trimestre, le cluster a tenu son rythme : réunions mensuelles, débats "
        "thématiques choisis par les adhérents, visites d’entreprises. Voici les chiffres et "
        "les faits marquants, à discuter lors de la prochaine réunion mensuelle.",
        "This quarter the cluster kept its pace: monthly meetings, thematic debates chosen by "
        "the members, company visits. Here are the figures and the highlights, to discuss at "
        "the next monthly meeting.",
    ),
}
HIGHLIGHTS = {
    "key_figures": (
        "Une année de croissance : plus d'adhérents, des événements mieux suivis, une "
        "lettre d'information qui gagne des lecteurs.",
        "A year of growth: more members, better attended events, a newsletter that gains readers.",
    ),
    "membership": (
        "- Les nouvelles adhésions viennent surtout des **start-up** du numérique.\n"
        "- Les relances de cotisation ont réduit les retards de paiement.",
        "- New members are mostly digital **start-ups**.\n- Dues reminders cut late payments.",
    ),
    "events": (
        "Les débats thématiques font le plein ; le taux de présence progresse grâce aux "
        "rappels la veille.",
        "The thematic debates are full; attendance is up thanks to the reminders sent the "
        "day before.",
    ),
    "communication": (
        "La lettre d’information garde un bon taux d’ouverture ; la presse régionale a relayé "
        "nos trophées de l’innovation.",
        "The newsletter keeps a good open rate; the regional press covered our innovation awards.",
    ),
    "satisfaction": (
        "La satisfaction reste élevée ; les adhérents demandent davantage de mises en relation.",
        "Satisfaction stays high; members ask for more introductions to one another.",
    ),
    "plan": (
        "Les actions internes avancent comme prévu ; la refonte du site est reportée au "
        "trimestre prochain.",
        "Internal actions are on track; the website redesign moves to next quarter.",
    ),
    "collaboration": (
        "Deux projets collaboratifs labellisés ; les mises en relation entre adhérents "
        "doublent depuis l'ouverture du tableau des besoins et des offres.",
        "Two collaborative projects labelled; introductions between members have doubled since "
        "the board of needs and offers opened.",
    ),
    "relations": (
        "Trois entreprises sceptiques sont passées « acquises » après une visite.",
        "Three skeptic companies became “acquired” after a visit.",
    ),
}
SYNTHESIS = (
    "Le groupe s’est réuni régulièrement autour de ses priorités de l’année. Les échanges "
    "ont porté sur les **retours d’expérience** des adhérents et sur un projet collaboratif "
    "à déposer au prochain appel à projets régional.\n\n"
    "**Prochaines étapes**\n\n"
    "- Finaliser la note de cadrage du projet collaboratif\n"
    "- Organiser une visite d’entreprise chez un adhérent\n",
    "The group met regularly around its priorities for the year. The discussions covered "
    "the members' **lessons learnt** and a collaborative project to submit to the next "
    "regional call for projects.\n\n"
    "**Next steps**\n\n"
    "- Finish the scoping note of the collaborative project\n"
    "- Organise a company visit at a member's\n",
)


def _texts(kind: str, year: int) -> dict:
    intro_fr, intro_en = INTRO[kind]
    return {
        "intro_fr": intro_fr.format(year=year),
        "intro_en": intro_en.format(year=year),
        "highlights": {key: {"fr": fr, "en": en} for key, (fr, en) in HIGHLIGHTS.items()},
    }


def _report(kind: str, period: Period, group=None, *, today: date, user) -> Report:
    try:
        return services.report_create(
            kind=kind,
            year=period.year,
            number=period.number,
            working_group=group,
            user=user,
            today=today,
        )
    except services.ReportExists as exists:
        return exists.report


def _published_synthesis(group, period: Period, *, today: date, user) -> None:
    report = _report(Report.Kind.SYNTHESIS, period, group, today=today, user=user)
    if report.versions.exists():
        return
    # The facts the build will freeze, read first so that one build holds the text too.
    facts = group_facts(periods=Periods.around(period), group=group)
    services.report_texts_update(
        report=report,
        narrative_fr=services.synthesis_prefill(facts=facts, language="fr") + SYNTHESIS[0],
        narrative_en=services.synthesis_prefill(facts=facts, language="en") + SYNTHESIS[1],
    )
    report = services.report_build_now(report=report)
    services.report_publish(report=report, user=user, announce=False)


def _published_report(kind: str, period: Period, *, today: date, user, public=False) -> None:
    report = _report(kind, period, today=today, user=user)
    services.report_texts_update(report=report, **_texts(kind, period.year))
    report = services.report_build_now(report=report)
    if not report.snapshot.get("is_empty"):
        services.report_publish(report=report, user=user, public=public, announce=False)


def _demo_groups(member_email: str) -> list[WorkingGroup]:
    """Two active groups, the member login's own first, so that it sees a synthesis."""
    own = list(
        WorkingGroup.objects.filter(
            status=WorkingGroup.Status.ACTIVE,
            members__contact__user__email=member_email,
            members__status=WorkingGroupMember.Status.ACCEPTED,
        ).order_by("pk")[:1]
    )
    others = WorkingGroup.objects.filter(status=WorkingGroup.Status.ACTIVE).exclude(
        pk__in=[group.pk for group in own]
    )
    return (own + list(others.order_by("pk")))[:2]


def reports_seed(*, staff_user, member_email: str, today: date) -> dict[str, int]:
    last_quarter = Period.ended_before("quarter", today)
    last_year = Period.of("year", today.year - 1)
    groups = _demo_groups(member_email)
    # The syntheses first: the cluster reports show them in their working-groups section.
    for group in groups:
        _published_synthesis(
            group, Period.of("quarter", last_year.year, 4), today=today, user=staff_user
        )
        _published_synthesis(group, last_quarter, today=today, user=staff_user)
    _published_report(Report.Kind.YEAR, last_year, today=today, user=staff_user, public=True)
    _published_report(Report.Kind.QUARTER, last_quarter, today=today, user=staff_user)
    current = _report(
        Report.Kind.QUARTER, Period.containing("quarter", today), today=today, user=staff_user
    )
    services.report_build_now(report=current)
    statement_count = statements.statements_build_year(year=last_year.year)
    return {"reports": Report.objects.count(), "statements": statement_count}


def has_data() -> bool:
    return Report.objects.exists()


def flush() -> None:
    """Delete what reports_seed creates, files included (the versions and downloads go
    with their report)."""
    for model, related in ((Report, "versions"), (MemberStatement, None)):
        for row in model.objects.all():
            for item in (row, *(getattr(row, related).all() if related else ())):
                for field in (item.pdf_fr, item.pdf_en):
                    if field:
                        field.delete(save=False)
        model.objects.all().delete()
