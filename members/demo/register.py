"""The rest of the demo register (members/demo.py builds its organizations and people):
animators and the organizations in their charge, perception history, the taxonomies, the fee
grid, memberships and dues, applications, working groups, the CRM log and partnership
agreements.

One function per area. Each draws from the seed's random generator, so the same seed gives
the same register, and writes with bulk_create: 10,000 organizations must seed in seconds.
Dates are relative to today, like the events': the dues of "this year" are always there.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from core.demo import bulk_copy
from members.demo import texts as demo_texts
from members.models import (
    Competence,
    Contact,
    FeeBand,
    HeadcountBand,
    Interaction,
    Label,
    Membership,
    MembershipApplication,
    MembershipCategory,
    Organization,
    PartnershipAgreement,
    PerceptionAssessment,
    Sector,
    Segment,
    WorkingGroup,
    WorkingGroupDocument,
    WorkingGroupMember,
)
from members.selectors.memberships import (
    membership_first_period,
    membership_period_containing,
    membership_period_of_year,
)

BATCH_SIZE = 2000
PARIS = ZoneInfo("Europe/Paris")
Kind = Organization.Kind
Lifecycle = Organization.Lifecycle
BUSINESS_KINDS = {Kind.COMPANY, Kind.STARTUP}
RESEARCH_AND_EDUCATION = {Kind.RESEARCH_LAB, Kind.UNIVERSITY, Kind.TRAINING_CENTRE}

# The staff demo login's colleagues: the FAQ speaks of a team of five animators.
COLLEAGUES = [
    ("Julien", "Garric"),
    ("Nadia", "Benali"),
    ("Thomas", "Roux"),
    ("Élodie", "Fabre"),
]
# Lifecycles animators look after, and how likely an organization is to have one in charge.
ANIMATOR_SHARE = {
    Lifecycle.MEMBER: 0.95,
    Lifecycle.APPLICANT: 1.0,
    Lifecycle.PROSPECT: 0.7,
    Lifecycle.PARTNER: 0.9,
    Lifecycle.FORMER_MEMBER: 0.5,
}

# Perception: (share assessed, chance of "credible", chance of "interesting") by lifecycle.
PERCEPTION = {
    Lifecycle.MEMBER: (0.7, 0.9, 0.8),
    Lifecycle.PARTNER: (0.6, 0.9, 0.6),
    Lifecycle.APPLICANT: (0.5, 0.8, 0.9),
    Lifecycle.PROSPECT: (0.4, 0.6, 0.4),
    Lifecycle.FORMER_MEMBER: (0.8, 0.5, 0.3),
}
NO_OPINION_SHARE = 0.08
PERCEPTION_NOTES = {
    Segment.ACQUIRED: [
        "Très satisfait des rencontres mensuelles, en parle autour de lui.",
        "A trouvé deux partenaires de projet grâce au cluster.",
        "Participe activement à un groupe de travail.",
    ],
    Segment.INDIFFERENT: [
        "Reconnaît le sérieux du cluster mais n'y voit pas d'intérêt pour son activité.",
        "Manque de temps, ne vient plus aux événements.",
    ],
    Segment.SKEPTIC: [
        "Intéressé par les thèmes, doute que le cluster pèse auprès de la Région.",
        "Attend de voir les résultats du groupe cybersécurité.",
    ],
    Segment.OPPONENT: [
        "Estime la cotisation trop chère pour ce qu'elle apporte.",
        "Mauvaise expérience lors d'un projet collaboratif.",
    ],
    Segment.NO_OPINION: ["Premier contact, pas encore d'avis."],
}

# Membership categories: (slug, French, English, fee by headcount band or one flat fee).
# The amounts are those the FAQ announces.
COMPANY_FEES = {
    HeadcountBand.SOLO: 400,
    HeadcountBand.MICRO: 400,
    HeadcountBand.SMALL: 900,
    HeadcountBand.MEDIUM: 1800,
    HeadcountBand.LARGE: 1800,
    HeadcountBand.VERY_LARGE: 1800,
}
CATEGORIES = [
    ("entreprise", "Entreprise", "Company", COMPANY_FEES),
    ("start-up", "Start-up de moins de trois ans", "Start-up under three years old", 150),
    ("recherche-formation", "Recherche et formation", "Research and education", 400),
    ("institution", "Institution et association", "Public body or association", 600),
]
# A start-up pays the start-up fee until its third birthday, then the company grid.
STARTUP_FEE_YEARS = 3
PAYMENT_METHODS = {
    Membership.PaymentMethod.TRANSFER: 60,
    Membership.PaymentMethod.DIRECT_DEBIT: 15,
    Membership.PaymentMethod.CARD: 15,
    Membership.PaymentMethod.CHEQUE: 10,
}
# Years a member has been one: this year's newcomers to eight-year veterans.
SENIORITY = {0: 10, 1: 14, 2: 14, 3: 14, 4: 12, 5: 10, 6: 10, 7: 8, 8: 8}
# This year's dues of members: paid, invoiced and unpaid (late after a month), not invoiced.
CURRENT_DUES = {"paid": 80, "unpaid": 16, "not_invoiced": 4}
REJECTED_APPLICATION_SHARE = 0.08
MOTIVATIONS = [
    "Nous souhaitons rencontrer d'autres entreprises du numérique de la région et monter "
    "des projets collaboratifs.",
    "Rejoindre le groupe de travail cybersécurité et gagner en visibilité auprès des "
    "donneurs d'ordre.",
    "Recruter des alternants grâce au forum du cluster et participer aux rencontres.",
    "Être accompagnés pour répondre aux appels à projets régionaux et européens.",
]
APPROVAL_MESSAGES = [
    "Bienvenue au cluster ! Vous recevrez la facture de cotisation sous quelques jours.",
    "Le bureau a accepté votre candidature à l'unanimité. Au plaisir de vous accueillir.",
]
REJECTION_MESSAGES = [
    "Votre activité ne relève pas du numérique au sens de nos statuts ; nous restons à "
    "votre disposition pour en reparler.",
    "Votre établissement n'est pas situé en Occitanie, condition d'adhésion.",
]

# (slug, French, English, French description, English description, status, share of the
# member contacts in the group).
WORKING_GROUPS = [
    (
        "ia-et-donnees",
        "IA et données",
        "AI and data",
        "Usages de l'intelligence artificielle dans les PME, partage de jeux de données.",
        "AI in small businesses, sharing data sets.",
        WorkingGroup.Status.ACTIVE,
        0.03,
    ),
    (
        "cybersecurite",
        "Cybersécurité",
        "Cybersecurity",
        "Préparer les membres à NIS 2, exercices de crise et achats groupés d'audits.",
        "Getting members ready for NIS 2, crisis drills and group purchases of audits.",
        WorkingGroup.Status.ACTIVE,
        0.025,
    ),
    (
        "numerique-responsable",
        "Numérique responsable",
        "Responsible digital technology",
        "Mesurer et réduire l'empreinte des services numériques des membres.",
        "Measuring and reducing the footprint of members' digital services.",
        WorkingGroup.Status.ACTIVE,
        0.02,
    ),
    (
        "filieres-regionales",
        "Numérique et filières régionales",
        "Digital technology for regional industries",
        "Projets avec la santé, l'agriculture, l'aéronautique et le tourisme.",
        "Projects with the health, farming, aerospace and tourism industries.",
        WorkingGroup.Status.ACTIVE,
        0.02,
    ),
    (
        "emploi-formation",
        "Emploi et formation",
        "Jobs and training",
        "Forum de l'alternance, relations avec les écoles, formations courtes.",
        "Work-study fair, relations with schools, short training courses.",
        WorkingGroup.Status.ACTIVE,
        0.015,
    ),
    (
        "international",
        "International",
        "International",
        "Délégations sur les salons et partenariats avec les clusters étrangers.",
        "Trade fair delegations and partnerships with foreign clusters.",
        WorkingGroup.Status.PAUSED,
        0.01,
    ),
    (
        "marches-publics",
        "Marchés publics",
        "Public tenders",
        "Groupe clos après la publication du guide de réponse aux marchés publics.",
        "Closed once the guide to answering public tenders was published.",
        WorkingGroup.Status.CLOSED,
        0.01,
    ),
]
# Accepted members of a group, smallest and largest: big seeds must not make crowds.
GROUP_SIZE = (4, 60)
GROUP_LEADS = 2

INTERACTION_KINDS = {
    Interaction.Kind.EMAIL: 30,
    Interaction.Kind.CALL: 30,
    Interaction.Kind.MEETING: 15,
    Interaction.Kind.VISIT: 10,
    Interaction.Kind.NOTE: 15,
}
INTERACTIONS_PER_ORGANIZATION = {
    Lifecycle.MEMBER: (0, 4),
    Lifecycle.APPLICANT: (1, 2),
    Lifecycle.PROSPECT: (0, 3),
    Lifecycle.PARTNER: (1, 3),
    Lifecycle.FORMER_MEMBER: (0, 2),
}
SUMMARIES = {
    Interaction.Kind.EMAIL: [
        "Envoi du programme des rencontres du trimestre.",
        "Relance au sujet de la cotisation {year}.",
        "Mise en relation avec un laboratoire pour un projet collaboratif.",
    ],
    Interaction.Kind.CALL: [
        "Point sur les besoins de recrutement ; orienté vers le forum de l'alternance.",
        "Questions sur l'appel à projets régional ; dossier à relire.",
        "Appel de courtoisie : satisfait, souhaite intervenir lors d'une rencontre.",
    ],
    Interaction.Kind.MEETING: [
        "Rendez-vous avec la direction : présentation des groupes de travail.",
        "Réunion de lancement d'un projet labellisé avec deux autres membres.",
    ],
    Interaction.Kind.VISIT: [
        "Visite des locaux et démonstration des produits ; candidat pour une visite d'entreprise.",
        "Visite du site de production ; intéressé par le groupe industrie.",
    ],
    Interaction.Kind.NOTE: [
        "Changement de direction annoncé dans la presse locale.",
        "A levé des fonds : à féliciter dans la lettre d'information.",
        "Ne souhaite plus recevoir d'invitations aux débats.",
    ],
}
FOLLOW_UP_SHARE = 0.25
FOLLOW_UP_DONE_SHARE = 0.6
# Follow-ups due today or earlier for the staff demo login, so its dashboard has some.
STAFF_FOLLOW_UPS_DUE = 5

AGREEMENT_KINDS = {
    Kind.FUNDER: PartnershipAgreement.Kind.FUNDING,
    Kind.INVESTOR: PartnershipAgreement.Kind.FUNDING,
    Kind.LOCAL_AUTHORITY: PartnershipAgreement.Kind.FUNDING,
    Kind.PUBLIC_BODY: PartnershipAgreement.Kind.OTHER,
    Kind.RESEARCH_LAB: PartnershipAgreement.Kind.RESEARCH,
    Kind.UNIVERSITY: PartnershipAgreement.Kind.TRAINING,
    Kind.TRAINING_CENTRE: PartnershipAgreement.Kind.TRAINING,
    Kind.PROFESSIONAL_ASSOCIATION: PartnershipAgreement.Kind.MEDIA,
    Kind.OTHER_CLUSTER: PartnershipAgreement.Kind.INTER_CLUSTER,
}
# By agreement kind: (French title, French description, English description).
AGREEMENT_TEXTS = {
    PartnershipAgreement.Kind.FUNDING: (
        "Convention de financement",
        "Soutien financier aux actions collectives du cluster : rencontres, forum et "
        "trophées de l'innovation.",
        "Funding of the cluster's collective actions: meetings, fair and innovation awards.",
    ),
    PartnershipAgreement.Kind.RESEARCH: (
        "Accord de collaboration scientifique",
        "Accès des membres aux plateformes du laboratoire et montage de thèses CIFRE.",
        "Members' access to the lab's platforms and industrial PhD projects.",
    ),
    PartnershipAgreement.Kind.TRAINING: (
        "Convention formation et alternance",
        "Stages, alternance et interventions de professionnels dans les formations.",
        "Internships, work-study and professionals teaching in the courses.",
    ),
    PartnershipAgreement.Kind.MEDIA: (
        "Partenariat de communication",
        "Relais croisé des événements et tarif membre pour les adhérents des deux réseaux.",
        "Each network relays the other's events, with member rates for both.",
    ),
    PartnershipAgreement.Kind.INTER_CLUSTER: (
        "Accord inter-clusters",
        "Projets croisés entre filières et délégations communes sur les salons.",
        "Cross-industry projects and joint delegations at trade fairs.",
    ),
    PartnershipAgreement.Kind.OTHER: (
        "Convention de partenariat",
        "Accompagnement des entreprises du territoire et orientation vers le cluster.",
        "Support to local businesses, who are pointed to the cluster.",
    ),
}
AGREEMENT_YEARS = 3


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _aware(day: date, rng: random.Random) -> datetime:
    """A moment of office hours on `day`."""
    moment = time(rng.randint(8, 18), rng.randrange(60))
    return timezone.make_aware(datetime.combine(day, moment), PARIS)


def _contacts_by_organization(people) -> dict[int, list[Contact]]:
    """Saved organization pk → its contacts, in the order the builder made them."""
    contacts: dict[int, list[Contact]] = {}
    for contact, affiliation in people:
        contacts.setdefault(affiliation.organization.pk, []).append(contact)
    return contacts


# Animators and perception: set on the organizations before they are saved.


def animators_create(*, staff) -> list:
    """The staff demo login and its colleagues, who cannot log in (no usable password)."""
    User = get_user_model()
    colleagues = User.objects.bulk_create(
        User(
            email=f"{slugify(first)}.{slugify(last)}@demo.local",
            first_name=first,
            last_name=last,
            password=make_password(None),
            is_staff=True,
        )
        for first, last in COLLEAGUES
    )
    return [staff, *colleagues]


def organizations_assign_animators(
    *, rng: random.Random, organizations: list[Organization], animators: list
) -> None:
    """Put most organizations in an animator's charge; the member login's (the first) is
    the staff login's, so its dashboard talks about an organization one can log in as."""
    for index, organization in enumerate(organizations):
        if index == 0:
            organization.animator = animators[0]
        elif rng.random() < ANIMATOR_SHARE[organization.lifecycle]:
            organization.animator = rng.choice(animators)


def perceptions_plan(
    *, rng: random.Random, organizations: list[Organization], animators: list, today: date
) -> list[PerceptionAssessment]:
    """Perception history (one to three readings, months apart) of about half the
    organizations; each organization's segment is that of its latest reading."""
    assessments = []
    for organization in organizations:
        assessed, credible_odds, interesting_odds = PERCEPTION[organization.lifecycle]
        if rng.random() >= assessed:
            continue
        day = today - timedelta(days=rng.randint(5, 120))
        readings = []
        for _ in range(rng.randint(1, 3)):
            if rng.random() < NO_OPINION_SHARE:
                credible = interesting = None
            else:
                credible = rng.random() < credible_odds
                interesting = rng.random() < interesting_odds
            segment = Segment.from_perception(credible=credible, interesting=interesting)
            readings.append(
                PerceptionAssessment(
                    organization=organization,
                    credible=credible,
                    interesting=interesting,
                    segment=segment,
                    note=rng.choice(PERCEPTION_NOTES[segment]),
                    assessed_by=organization.animator or rng.choice(animators),
                    assessed_at=_aware(day, rng),
                )
            )
            day -= timedelta(days=rng.randint(90, 270))
        organization.segment = readings[0].segment
        assessments.extend(readings)
    return assessments


# Sectors, competences and labels.


def taxonomies_create(*, rng: random.Random, organizations: list[Organization]) -> int:
    """The sectors, competences and labels of the register, and those of every saved
    organization: companies work for one or two sectors with a few competences, some hold
    labels; institutions have a sector and fewer competences. Returns the links made."""
    terms = {}
    for model, rows in (
        (Sector, demo_texts.SECTORS),
        (Competence, demo_texts.COMPETENCES),
        (Label, demo_texts.LABELS),
    ):
        # Staff may have made some already (they are not demo-only data): those are kept.
        existing = model.objects.in_bulk([slug for slug, _fr, _en in rows], field_name="slug")
        model.objects.bulk_create(
            model(slug=slug, name_fr=name_fr, name_en=name_en)
            for slug, name_fr, name_en in rows
            if slug not in existing
        )
        terms[model] = list(model.objects.filter(slug__in=[slug for slug, _fr, _en in rows]))
    start_up_labels = [label for label in terms[Label] if label.slug in {"jei", "french-tech"}]
    links = {Sector: [], Competence: [], Label: []}
    for organization in organizations:
        business = organization.kind in BUSINESS_KINDS
        counts = {
            Sector: rng.randint(1, 2) if business else 1,
            Competence: rng.randint(1, 4) if business else rng.randint(0, 2),
            Label: (rng.randint(1, 2) if rng.random() < 0.35 else 0) if business else 0,
        }
        for model, count in counts.items():
            pool = terms[model]
            if model is Label and organization.kind == Kind.STARTUP:
                pool = start_up_labels
            for term in rng.sample(pool, min(count, len(pool))):
                links[model].append((organization, term))
    made = 0
    for model, field in ((Sector, "sectors"), (Competence, "competences"), (Label, "labels")):
        through = getattr(Organization, field).through
        column = f"{model._meta.model_name}_id"
        bulk_copy(
            through,
            (
                through(organization_id=organization.pk, **{column: term.pk})
                for organization, term in links[model]
            ),
        )
        made += len(links[model])
    return made


# Memberships, dues and applications.


def membership_categories_create() -> dict[str, tuple[MembershipCategory, dict]]:
    """The four categories with their fee grid; slug → (category, band → amount)."""
    categories = {}
    bands = []
    for slug, name_fr, name_en, fees in CATEGORIES:
        grid = fees if isinstance(fees, dict) else dict.fromkeys(HeadcountBand.values, fees)
        category = MembershipCategory.objects.create(slug=slug, name_fr=name_fr, name_en=name_en)
        categories[slug] = (category, {band: Decimal(amount) for band, amount in grid.items()})
        bands += [
            FeeBand(category=category, headcount_band=band, amount=Decimal(amount))
            for band, amount in grid.items()
        ]
    FeeBand.objects.bulk_create(bands)
    return categories


def _category_slug(organization: Organization, year: int) -> str:
    if organization.kind == Kind.STARTUP and year - organization.founded_year < STARTUP_FEE_YEARS:
        return "start-up"
    if organization.kind in BUSINESS_KINDS:
        return "entreprise"
    if organization.kind in RESEARCH_AND_EDUCATION:
        return "recherche-formation"
    return "institution"


class _Dues:
    """Memberships of one organization after another, with their invoices and payments."""

    def __init__(self, *, rng, categories, animators, today):
        self.rng = rng
        self.categories = categories
        self.animators = animators
        self.today = today
        self.memberships: list[Membership] = []
        self.applications: list[MembershipApplication] = []

    def membership(
        self, organization, year: int, *, status: str, joined_on=None, invoiced=True, paid=True
    ) -> Membership:
        rng = self.rng
        start, end = membership_period_of_year(year=year)
        category, grid = self.categories[_category_slug(organization, year)]
        dues = grid.get(organization.headcount_band) or next(iter(grid.values()))
        invoiced_on = paid_on = None
        if joined_on is not None:
            # The first period follows the portal's one rule (the FAQ states it too).
            first = membership_first_period(joined_on=joined_on, yearly_amount=dues)
            start, end, dues = first.start, first.end, first.amount
        if invoiced:
            invoiced_on = max(joined_on or start, start) + timedelta(days=rng.randint(2, 20))
            invoiced_on = min(invoiced_on, self.today)
        if invoiced and paid:
            paid_on = min(invoiced_on + timedelta(days=rng.randint(3, 75)), self.today)
        membership = Membership(
            organization=organization,
            category=category,
            period_start=start,
            period_end=end,
            status=status,
            dues_amount=dues,
            invoiced_on=invoiced_on,
            paid_on=paid_on,
            payment_method=_weighted(rng, PAYMENT_METHODS) if paid_on else "",
        )
        self.memberships.append(membership)
        return membership

    def application(
        self, organization, contact, *, status, submitted_on, membership=None, decided_on=None
    ):
        rng = self.rng
        decided = status != MembershipApplication.Status.PENDING
        messages = (
            APPROVAL_MESSAGES
            if status == MembershipApplication.Status.APPROVED
            else REJECTION_MESSAGES
        )
        reviewed_on = decided_on or min(
            submitted_on + timedelta(days=rng.randint(7, 30)), self.today
        )
        self.applications.append(
            MembershipApplication(
                organization=organization,
                contact=contact,
                category=membership.category if membership else None,
                motivation=rng.choice(MOTIVATIONS),
                status=status,
                submitted_at=_aware(submitted_on, rng),
                reviewed_by=rng.choice(self.animators) if decided else None,
                reviewed_at=_aware(reviewed_on, rng) if decided else None,
                decision_message=rng.choice(messages) if decided else "",
                membership=membership,
            )
        )


def memberships_create(
    *,
    rng: random.Random,
    organizations: list[Organization],
    people,
    categories: dict,
    animators: list,
    today: date,
) -> tuple[int, int]:
    """Memberships of every member and former member since they joined, this year's dues
    (mostly paid, some late, a few not invoiced yet), the applications of recent members
    (approved), of applicants (pending) and of some prospects (rejected). The first
    organization, the member login's, is a member of several years whose dues are paid.
    Returns (memberships, applications)."""
    current_year = membership_period_containing(day=today)[0].year
    contacts = _contacts_by_organization(people)
    dues = _Dues(rng=rng, categories=categories, animators=animators, today=today)
    for index, organization in enumerate(organizations):
        lifecycle = organization.lifecycle
        first_year = max(organization.founded_year or 0, current_year - 8)
        contact = contacts[organization.pk][0]
        if lifecycle == Lifecycle.MEMBER:
            seniority = (
                max(2, _weighted(rng, SENIORITY)) if index == 0 else _weighted(rng, SENIORITY)
            )
            joined_year = max(first_year, current_year - seniority)
            joined_start, _end = membership_period_of_year(year=joined_year)
            latest_join = min(today, joined_start + timedelta(days=300)) - joined_start
            joined_on = joined_start + timedelta(days=rng.randint(0, max(latest_join.days - 14, 0)))
            # A member who joined late in a year may have had the next one at once.
            first_end = membership_first_period(joined_on=joined_on, yearly_amount=None).end
            covered_year = membership_period_containing(day=first_end)[0].year
            years = [joined_year, *range(covered_year + 1, current_year + 1)]
            for year in years:
                # The year whose end the membership reaches: the next one after an early start.
                last_year = min(covered_year, current_year) if year == joined_year else year
                if last_year < current_year:
                    outcome = "paid"
                elif index == 0:
                    outcome = "paid"
                else:
                    outcome = _weighted(rng, CURRENT_DUES)
                membership = dues.membership(
                    organization,
                    year,
                    status=(
                        Membership.Status.EXPIRED
                        if last_year < current_year
                        else Membership.Status.ACTIVE
                        if outcome == "paid"
                        else Membership.Status.APPROVED
                    ),
                    joined_on=joined_on if year == joined_year else None,
                    invoiced=outcome != "not_invoiced",
                    paid=outcome == "paid",
                )
                if year == joined_year and current_year - joined_year <= 1:
                    dues.application(
                        organization,
                        contact,
                        status=MembershipApplication.Status.APPROVED,
                        submitted_on=joined_on - timedelta(days=rng.randint(10, 40)),
                        membership=membership,
                        # Approved the day the organization joined.
                        decided_on=joined_on,
                    )
        elif lifecycle == Lifecycle.FORMER_MEMBER:
            last_year = current_year - rng.randint(1, 3)
            for year in range(max(first_year, last_year - rng.randint(0, 4)), last_year + 1):
                resigned = year == last_year and rng.random() < 0.5
                membership = dues.membership(
                    organization,
                    year,
                    status=Membership.Status.RESIGNED if resigned else Membership.Status.EXPIRED,
                )
                if resigned:
                    membership.notes = "Démission reçue par courrier ; pas de renouvellement."
        elif lifecycle == Lifecycle.APPLICANT:
            membership = dues.membership(
                organization,
                current_year,
                status=Membership.Status.APPLIED,
                invoiced=False,
                paid=False,
            )
            membership.dues_amount = None
            dues.application(
                organization,
                contact,
                status=MembershipApplication.Status.PENDING,
                submitted_on=today - timedelta(days=rng.randint(0, 45)),
                membership=membership,
            )
        elif lifecycle == Lifecycle.PROSPECT and rng.random() < REJECTED_APPLICATION_SHARE:
            year = current_year - rng.randint(0, 2)
            membership = dues.membership(
                organization, year, status=Membership.Status.REJECTED, invoiced=False, paid=False
            )
            membership.dues_amount = None
            start, _end = membership_period_of_year(year=year)
            submitted_on = min(start + timedelta(days=rng.randint(0, 300)), today)
            dues.application(
                organization,
                contact,
                status=MembershipApplication.Status.REJECTED,
                submitted_on=submitted_on,
                membership=membership,
            )
    _invoice_numbers(dues.memberships)
    bulk_copy(Membership, dues.memberships)
    bulk_copy(MembershipApplication, dues.applications)
    return len(dues.memberships), len(dues.applications)


def _invoice_numbers(memberships: list[Membership]) -> None:
    """Number invoices per year in the order they were sent: 2026-00001, 2026-00002…"""
    invoiced = sorted(
        (membership for membership in memberships if membership.invoiced_on),
        key=lambda membership: (membership.invoiced_on, membership.period_start),
    )
    counters: dict[int, int] = {}
    for membership in invoiced:
        year = membership.invoiced_on.year
        counters[year] = counters.get(year, 0) + 1
        membership.invoice_number = f"{year}-{counters[year]:05d}"


# Working groups.


def working_groups_create(
    *,
    rng: random.Random,
    people,
    member_contact: Contact,
    animators: list,
    today: date,
) -> int:
    """The cluster's commissions, with their leads, members and requests to join, drawn
    from the people of member organizations. The member login belongs to the first group.
    Returns the number of groups."""
    members_contacts = [
        contact
        for contact, affiliation in people
        if affiliation.organization.lifecycle == Lifecycle.MEMBER and contact is not member_contact
    ]
    groups = WorkingGroup.objects.bulk_create(
        WorkingGroup(
            slug=slug,
            name_fr=name_fr,
            name_en=name_en,
            description_fr=description_fr,
            description_en=description_en,
            status=status,
        )
        for slug, name_fr, name_en, description_fr, description_en, status, _share in WORKING_GROUPS
    )
    rows = []
    for index, (group, spec) in enumerate(zip(groups, WORKING_GROUPS, strict=True)):
        smallest, largest = GROUP_SIZE
        size = min(largest, max(smallest, round(spec[-1] * len(members_contacts))))
        requests = rng.randint(1, 5) if group.status == WorkingGroup.Status.ACTIVE else 0
        declined = rng.randint(0, 2)
        chosen = rng.sample(
            members_contacts, min(size + declined + requests, len(members_contacts))
        )
        accepted = chosen[:size]
        if index == 0:
            accepted.insert(min(GROUP_LEADS, len(accepted)), member_contact)
        for position, contact in enumerate(accepted):
            requested_on = today - timedelta(days=rng.randint(20, 900))
            rows.append(
                WorkingGroupMember(
                    group=group,
                    contact=contact,
                    role=(
                        WorkingGroupMember.Role.LEAD
                        if position < GROUP_LEADS
                        else WorkingGroupMember.Role.MEMBER
                    ),
                    status=WorkingGroupMember.Status.ACCEPTED,
                    requested_at=_aware(requested_on, rng),
                    decided_at=_aware(requested_on + timedelta(days=rng.randint(1, 10)), rng),
                    decided_by=rng.choice(animators),
                )
            )
        for contact in chosen[size : size + declined]:
            requested_on = today - timedelta(days=rng.randint(20, 900))
            rows.append(
                WorkingGroupMember(
                    group=group,
                    contact=contact,
                    status=WorkingGroupMember.Status.DECLINED,
                    requested_at=_aware(requested_on, rng),
                    decided_at=_aware(requested_on + timedelta(days=rng.randint(1, 10)), rng),
                    decided_by=rng.choice(animators),
                )
            )
        # Requests to join wait for a decision: the newest ones are a few days old.
        for contact in chosen[size + declined :]:
            requested_on = today - timedelta(days=rng.randint(0, 14))
            rows.append(
                WorkingGroupMember(
                    group=group,
                    contact=contact,
                    status=WorkingGroupMember.Status.REQUESTED,
                    requested_at=_aware(requested_on, rng),
                )
            )
    WorkingGroupMember.objects.bulk_create(rows, BATCH_SIZE)
    _group_documents_create(rng=rng, groups=groups, animators=animators, today=today)
    return len(groups)


def _group_documents_create(*, rng: random.Random, groups, animators: list, today: date) -> None:
    """Minutes of the last meetings of each active group, the latest a few weeks old at
    most: the member space's home lists them as new."""
    for group in groups:
        if group.status != WorkingGroup.Status.ACTIVE:
            continue
        for weeks_ago in (rng.randint(0, 4), rng.randint(9, 14)):
            day = today - timedelta(weeks=weeks_ago, days=rng.randint(0, 6))
            title = f"Compte rendu de la réunion du {day:%d/%m/%Y}"
            text = (
                f"{group.name_fr} — {title}\n\n"
                "Présents : les membres du groupe.\n"
                "1. Tour de table des projets en cours.\n"
                "2. Points d'actualité et prochaines étapes.\n"
            )
            document = WorkingGroupDocument(
                group=group,
                title=title,
                uploaded_by=rng.choice(animators),
                uploaded_at=_aware(day, rng),
            )
            document.file.save(
                f"{group.pk}/compte-rendu-{day:%Y-%m-%d}.txt",
                ContentFile(text.encode()),
                save=False,
            )
            document.save()


# The animators' CRM log.


def interactions_create(
    *,
    rng: random.Random,
    organizations: list[Organization],
    people,
    animators: list,
    today: date,
) -> int:
    """Calls, emails, meetings, visits and notes of the last eighteen months about the
    organizations animators look after; some ask for a follow-up, done or still due. The
    staff login has follow-ups due. Returns the number of interactions."""
    contacts = _contacts_by_organization(people)
    staff = animators[0]
    staff_due = 0
    interactions: list[Interaction] = []
    involved: list[tuple[Interaction, Contact]] = []
    for organization in organizations:
        if organization.animator is None:
            continue
        smallest, largest = INTERACTIONS_PER_ORGANIZATION[organization.lifecycle]
        count = rng.randint(smallest, largest)
        owe_staff = organization.animator == staff and staff_due < STAFF_FOLLOW_UPS_DUE
        if owe_staff:
            count = max(count, 1)
        # Oldest first; the one the staff login owes a follow-up on is the latest.
        days_ago = sorted(
            (rng.randint(41 if owe_staff else 1, 540) for _ in range(count - owe_staff)),
            reverse=True,
        )
        if owe_staff:
            days_ago.append(rng.randint(15, 40))
        for number, ago in enumerate(days_ago):
            kind = _weighted(rng, INTERACTION_KINDS)
            happened_on = today - timedelta(days=ago)
            follow_up_on, done = None, False
            latest = number == len(days_ago) - 1
            if latest and owe_staff:
                follow_up_on = today - timedelta(days=rng.randint(0, 10))
                staff_due += 1
            elif rng.random() < FOLLOW_UP_SHARE:
                follow_up_on = happened_on + timedelta(days=rng.randint(7, 45))
                done = follow_up_on < today and rng.random() < FOLLOW_UP_DONE_SHARE
            interaction = Interaction(
                organization=organization,
                kind=kind,
                happened_on=happened_on,
                author=(organization.animator if rng.random() < 0.85 else rng.choice(animators)),
                summary=rng.choice(SUMMARIES[kind]).format(year=happened_on.year),
                follow_up_on=follow_up_on,
                follow_up_done=done,
            )
            interactions.append(interaction)
            if kind != Interaction.Kind.NOTE:
                involved.append((interaction, rng.choice(contacts[organization.pk])))
    bulk_copy(Interaction, interactions)
    Through = Interaction.contacts.through
    bulk_copy(
        Through,
        (Through(interaction=interaction, contact=contact) for interaction, contact in involved),
    )
    return len(interactions)


# Partners.


def agreements_create(*, rng: random.Random, organizations: list[Organization], today: date) -> int:
    """One or two agreements per partner organization, most of them current and public.
    Returns the number of agreements."""
    agreements = []
    for organization in organizations:
        if organization.lifecycle != Lifecycle.PARTNER:
            continue
        kind = AGREEMENT_KINDS.get(organization.kind, PartnershipAgreement.Kind.OTHER)
        title, description_fr, description_en = AGREEMENT_TEXTS[kind]
        latest_year = today.year - rng.randint(0, AGREEMENT_YEARS - 1)
        years = [latest_year]
        if rng.random() < 0.3:
            years.append(latest_year - AGREEMENT_YEARS)
        for year in years:
            starts_on = date(year, rng.choice((1, 4, 9)), 1)
            open_ended = rng.random() < 0.2
            agreements.append(
                PartnershipAgreement(
                    organization=organization,
                    kind=kind,
                    title=f"{title} {year} – {organization.name}"[:200],
                    starts_on=starts_on,
                    ends_on=(
                        None
                        if open_ended
                        else date(year + AGREEMENT_YEARS, starts_on.month, 1) - timedelta(days=1)
                    ),
                    description_fr=description_fr,
                    description_en=description_en,
                    is_public=rng.random() < 0.85,
                )
            )
    PartnershipAgreement.objects.bulk_create(agreements, BATCH_SIZE)
    return len(agreements)
