"""Demo data of the register for `manage.py seed_demo`: the organizations of a realistic
French digital cluster with their people, the two demo logins and the staff login's
colleagues; then, in members/demo/register.py, memberships and dues, applications, working
groups, the CRM log and partnership agreements.

The same seed always gives the same organizations, people, slugs and emails; dates are
relative to today. Everything is written with bulk_create: 10,000 organizations must seed in
seconds.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from core.demo import bulk_copy, unique
from core.models import SentEmail, User
from members.demo import register as demo_register
from members.demo import texts as demo_texts
from members.demo.register import BATCH_SIZE, BUSINESS_KINDS, Kind, Lifecycle
from members.models import (
    Affiliation,
    Competence,
    Contact,
    DuesReminder,
    HeadcountBand,
    Interaction,
    Invitation,
    Label,
    Membership,
    MembershipApplication,
    MembershipCategory,
    Organization,
    PartnershipAgreement,
    PerceptionAssessment,
    Region,
    Sector,
    WorkingGroup,
)
from members.services.directory import (
    directory_cache_invalidate,
    organization_search_refresh_bulk,
)
from members.validators import luhn_complete

STAFF_EMAIL = "staff@demo.local"
MEMBER_EMAIL = "member@demo.local"
DEFAULT_PASSWORD = "demo-cluster-2026"
# Demo organizations live under the reserved .example TLD (RFC 2606): no demo address can reach
# a real inbox, even when a developer points the portal at a real SMTP relay.
DEMO_TLD = "example"
# Draws of a name before a taken one is told apart by its city.
NAME_ATTEMPTS = 20
# PostgreSQL's search-document trigger on organizations, and the link tables whose triggers
# touch an organization when its terms change (members migration 0008).
SEARCH_DOCUMENT_TRIGGER = "members_organization_search_document"
SEARCH_TERM_LINKS = [
    "members_organization_sectors",
    "members_organization_competences",
    "members_organization_labels",
]
Position = Affiliation.Position
Access = Affiliation.Access

KIND_WEIGHTS = {
    Kind.COMPANY: 55,
    Kind.STARTUP: 22,
    Kind.RESEARCH_LAB: 4,
    Kind.UNIVERSITY: 3,
    Kind.TRAINING_CENTRE: 3,
    Kind.PUBLIC_BODY: 2,
    Kind.LOCAL_AUTHORITY: 3,
    Kind.FUNDER: 2,
    Kind.INVESTOR: 2,
    Kind.PROFESSIONAL_ASSOCIATION: 3,
    Kind.OTHER_CLUSTER: 1,
}
# With the kind weights above this makes about 70% members overall; institutions are mostly
# partners, which is how clusters usually list them.
BUSINESS_LIFECYCLES = {
    Lifecycle.MEMBER: 85,
    Lifecycle.PROSPECT: 7,
    Lifecycle.APPLICANT: 4,
    Lifecycle.FORMER_MEMBER: 4,
}
INSTITUTION_LIFECYCLES = {Lifecycle.PARTNER: 70, Lifecycle.MEMBER: 25, Lifecycle.PROSPECT: 5}
# Three people per organization on average: 30,000 contacts for 10,000 organizations.
CONTACTS_PER_ORGANIZATION = {1: 5, 2: 20, 3: 45, 4: 30}
# The n-th contact of an organization holds the n-th position; the fourth and later are employees.
POSITIONS = [Position.EXECUTIVE, Position.MAIN_CONTACT, Position.BILLING_CONTACT, Position.EMPLOYEE]
ENGLISH_SPEAKER_SHARE = 0.1
# Most members agree to appear in the public directory; a few have not answered yet.
DIRECTORY_CONSENT_SHARE = 0.9
HEADCOUNT_BANDS = [
    (0, HeadcountBand.SOLO),
    (9, HeadcountBand.MICRO),
    (49, HeadcountBand.SMALL),
    (249, HeadcountBand.MEDIUM),
    (4999, HeadcountBand.LARGE),
]

CITY_PHONE_PREFIX = {city: prefix for city, _codes, prefix, _weight in demo_texts.CITIES}


class _Choices:
    """A weighted choice with cumulative weights computed once: it runs ~50,000 times."""

    def __init__(self, weights: dict):
        self.values = list(weights)
        self.cum_weights = list(accumulate(weights.values()))

    def pick(self, rng: random.Random):
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


class RegisterBuilder:
    """Builds the unsaved organizations and people of the demo register. Same seed, same
    rows."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(seed)
        self.fake_en = Faker("en_GB")
        self.fake_en.seed_instance(seed)
        self.kinds = _Choices(KIND_WEIGHTS)
        self.business_lifecycles = _Choices(BUSINESS_LIFECYCLES)
        self.institution_lifecycles = _Choices(INSTITUTION_LIFECYCLES)
        self.contact_counts = _Choices(CONTACTS_PER_ORGANIZATION)
        self.cities = _Choices(
            {(city, codes): weight for city, codes, _prefix, weight in demo_texts.CITIES}
        )
        self.slugs: set[str] = set()
        self.names: set[str] = set()
        self.domains: set[str] = set()
        self.sirens: set[str] = set()
        self.emails: set[str] = set()

    # Organizations

    def organizations(self, count: int) -> list[tuple[Organization, str]]:
        """`count` organizations with their web domain. The first is always a member company,
        so that the member demo login has somewhere to belong."""
        rows = []
        for index in range(count):
            kind = Kind.COMPANY if index == 0 else self.kinds.pick(self.rng)
            if index == 0:
                lifecycle = Lifecycle.MEMBER
            elif kind in BUSINESS_KINDS:
                lifecycle = self.business_lifecycles.pick(self.rng)
            else:
                lifecycle = self.institution_lifecycles.pick(self.rng)
            rows.append(self.organization(kind=kind, lifecycle=lifecycle))
        return rows

    def organization(self, *, kind: str, lifecycle: str) -> tuple[Organization, str]:
        # Two organizations of one name are a duplicate to staff's eyes: draw again (a new
        # city too) until the name is free, and only then tell it apart by its city.
        for _attempt in range(NAME_ATTEMPTS):
            city, codes = self.cities.pick(self.rng)
            postal_code = self.rng.choice(codes)
            founded_year = staff = None
            if kind in BUSINESS_KINDS:
                name, domain_base, description_fr, description_en, founded_year, staff = (
                    self._business(kind, city)
                )
            else:
                name, domain_base, description_fr, description_en = self._institution(
                    kind, city, postal_code
                )
            if name.casefold() not in self.names:
                break
        else:
            base, number = f"{name} ({city})", 1
            while name.casefold() in self.names:
                number += 1
                name = base if number == 2 else f"{base} {number - 1}"
        self.names.add(name.casefold())
        consent_at = None
        if lifecycle == Lifecycle.MEMBER and self.rng.random() < DIRECTORY_CONSENT_SHARE:
            consent_at = timezone.now() - timedelta(days=self.rng.randint(1, 900))
        domain = unique(slugify(domain_base), self.domains) + "." + DEMO_TLD
        organization = Organization(
            name=name,
            slug=unique(slugify(name), self.slugs),
            kind=kind,
            lifecycle=lifecycle,
            siren=self._siren(),
            city=city,
            postal_code=postal_code,
            department=postal_code[:2],
            region=Region.OCCITANIE,
            website=f"https://www.{domain}",
            description_fr=description_fr,
            description_en=description_en,
            founded_year=founded_year,
            headcount_band=_headcount_band(staff),
            directory_consent_at=consent_at,
        )
        return organization, domain

    def _business(self, kind: str, city: str) -> tuple[str, str, str, str, int, int]:
        rng, fake = self.rng, self.fake
        trade_word, activity_fr, activity_en = rng.choice(demo_texts.TRADES)
        if kind == Kind.STARTUP:
            brand = self._brand()
            name = f"{brand} {rng.choice(demo_texts.LEGAL_FORMS)}" if rng.random() < 0.15 else brand
            profile_fr, profile_en = rng.choice(demo_texts.STARTUP_PROFILES)
            year, staff = rng.randint(2016, 2024), rng.randint(2, 25)
        else:
            roll = rng.random()
            if roll < 0.25:
                # Faker's own names ("Salmon Navarro S.A.R.L."); the domain drops the legal form.
                name = brand = fake.company()
                for suffix in demo_texts.FAKER_LEGAL_SUFFIXES:
                    if brand.endswith(" " + suffix):
                        brand = brand.removesuffix(" " + suffix)
                        break
            else:
                if roll < 0.5:
                    brand = f"{fake.last_name()} {trade_word}"
                elif roll < 0.7:
                    brand = f"{self._brand()} {trade_word}"
                elif roll < 0.85:
                    brand = f"{fake.last_name()} & {fake.last_name()}"
                else:
                    brand = f"Groupe {fake.last_name()}"
                legal_form = rng.choice(demo_texts.LEGAL_FORMS)
                name = f"{brand} {legal_form}" if rng.random() < 0.3 else brand
            profile_fr, profile_en = rng.choice(demo_texts.COMPANY_PROFILES)
            year, staff = rng.randint(1985, 2020), rng.randint(5, 250)
        values = {"year": year, "city": city, "de_city": _de(city), "staff": staff}
        description_fr = f"{activity_fr} {profile_fr.format(**values)}"
        description_en = f"{activity_en} {profile_en.format(**values)}"
        return name, brand, description_fr, description_en, year, staff

    def _institution(self, kind: str, city: str, postal_code: str) -> tuple[str, str, str, str]:
        rng = self.rng
        name, domain, text_fr, text_en = rng.choice(demo_texts.INSTITUTIONS[kind])
        theme_fr, theme_en = rng.choice(demo_texts.THEMES)
        cluster_fr, cluster_en = rng.choice(demo_texts.CLUSTER_THEMES)
        dept_de, dept, dept_en = demo_texts.DEPARTMENTS[postal_code[:2]]
        acronym = rng.choice(demo_texts.RESEARCH_ACRONYMS)
        brand = self._brand()
        last_name = self.fake.last_name()
        values = {
            "city": city,
            "de_city": _de(city),
            "city_slug": slugify(city),
            "dept_de": dept_de,
            "dept_en": dept_en,
            "dept_slug": slugify(dept),
            "theme_fr": theme_fr,
            "theme_en": theme_en,
            "Theme": theme_fr[0].upper() + theme_fr[1:],
            "cluster_fr": cluster_fr,
            "cluster_fr_lower": cluster_fr.lower(),
            "cluster_en": cluster_en,
            "cluster_slug": slugify(cluster_fr),
            "acronym": acronym,
            "acronym_slug": slugify(acronym),
            "brand": brand,
            "brand_slug": slugify(brand),
            "last_name": last_name,
            "last_name_slug": slugify(last_name),
            "staff": rng.randint(20, 400),
        }
        return (
            name.format(**values),
            domain.format(**values),
            text_fr.format(**values),
            text_en.format(**values),
        )

    def _brand(self) -> str:
        return self.rng.choice(demo_texts.BRAND_STARTS) + self.rng.choice(demo_texts.BRAND_ENDS)

    def _siren(self) -> str:
        while True:
            # Real SIRENs do not start with 0, hence the lower bound.
            body = str(self.rng.randrange(10_000_000, 100_000_000))
            siren = luhn_complete(body)
            if siren not in self.sirens:
                self.sirens.add(siren)
                return siren

    # Contacts

    def contacts(
        self, organization: Organization, domain: str, *, minimum: int = 1
    ) -> list[tuple[Contact, Affiliation]]:
        """1–4 people of an organization, each with their affiliation. Nothing is saved:
        bulk_create fills in the foreign keys once organization and contact have theirs."""
        count = max(minimum, self.contact_counts.pick(self.rng))
        if organization.kind == Kind.STARTUP:
            executive_titles = demo_texts.EXECUTIVE_TITLES["startup"]
        elif organization.kind in BUSINESS_KINDS:
            executive_titles = demo_texts.EXECUTIVE_TITLES["business"]
        else:
            executive_titles = demo_texts.EXECUTIVE_TITLES["institution"]
        titles_by_position = {
            Position.EXECUTIVE: executive_titles,
            Position.MAIN_CONTACT: demo_texts.MAIN_CONTACT_TITLES,
            Position.BILLING_CONTACT: demo_texts.BILLING_TITLES,
            Position.EMPLOYEE: demo_texts.EMPLOYEE_TITLES,
        }
        rows = []
        for index in range(count):
            english = self.rng.random() < ENGLISH_SPEAKER_SHARE
            faker = self.fake_en if english else self.fake
            female = self.rng.random() < 0.5
            first_name = faker.first_name_female() if female else faker.first_name_male()
            last_name = faker.last_name()
            position = POSITIONS[min(index, len(POSITIONS) - 1)]
            masculine, feminine = self.rng.choice(titles_by_position[position])
            contact = Contact(
                first_name=first_name,
                last_name=last_name,
                email=self._email(first_name, last_name, domain),
                job_title=feminine if female else masculine,
                phone=self._phone(organization.city),
                preferred_language="en" if english else "fr",
            )
            is_admin = index == 0 and organization.lifecycle == Lifecycle.MEMBER
            affiliation = Affiliation(
                contact=contact,
                organization=organization,
                position=position,
                access=Access.ADMIN if is_admin else Access.CONTACT,
            )
            rows.append((contact, affiliation))
        return rows

    def _email(self, first_name: str, last_name: str, domain: str) -> str:
        base = f"{slugify(first_name)}.{slugify(last_name)}"
        local, number = base, 1
        while f"{local}@{domain}" in self.emails:
            number += 1
            local = f"{base}{number}"
        email = f"{local}@{domain}"
        self.emails.add(email)
        return email

    def _phone(self, city: str) -> str:
        if self.rng.random() < 0.5:
            prefix = self.rng.choice(("06", "07"))
        else:
            prefix = CITY_PHONE_PREFIX[city]
        pairs = " ".join(f"{self.rng.randrange(100):02d}" for _ in range(4))
        return f"{prefix} {pairs}"


def _de(city: str) -> str:
    """French "of" before a town name: "de Rodez", but "d'Albi"."""
    return f"d'{city}" if city[0] in "AEIOUÉÈÎ" else f"de {city}"


def _headcount_band(staff: int | None) -> str:
    if staff is None:
        return ""
    for ceiling, band in HEADCOUNT_BANDS:
        if staff <= ceiling:
            return band
    return HeadcountBand.VERY_LARGE


@dataclass
class RegisterDemo:
    """The seeded register, as the later steps of seed_demo need it: the random generator
    they go on drawing from, the organizations and people in the order they were built
    (the member login's organization first, its admin the first person), and the animators
    (the staff login first)."""

    rng: random.Random
    organizations: list[Organization]
    people: list[tuple[Contact, Affiliation]]
    staff: User
    animators: list[User]
    counts: dict[str, int]


def register_seed(
    *, organization_count: int, seed: int, password: str, today: date
) -> RegisterDemo:
    """Seed the register: `organization_count` organizations with their people, the two
    demo logins (both with `password`), memberships and dues, applications, working groups,
    the CRM log and partnership agreements. `counts` holds what seed_demo reports."""
    builder = RegisterBuilder(seed)
    organizations = builder.organizations(organization_count)
    people = []
    for index, (organization, domain) in enumerate(organizations):
        # The member login's organization also needs a plain contact beside its admin.
        people.extend(builder.contacts(organization, domain, minimum=2 if index == 0 else 1))

    # One hash for both logins: hashing is deliberately slow.
    password_hash = make_password(password)
    staff = User.objects.create(
        email=STAFF_EMAIL,
        password=password_hash,
        first_name="Camille",
        last_name=builder.fake.last_name(),
        is_staff=True,
    )
    # The first contact of the first organization, always a member company, is its admin.
    member_contact = people[0][0]
    member = User.objects.create(
        email=MEMBER_EMAIL,
        password=password_hash,
        first_name=member_contact.first_name,
        last_name=member_contact.last_name,
        preferred_language=member_contact.preferred_language,
    )
    member_contact.email = MEMBER_EMAIL
    member_contact.user = member
    # allauth requires a verified address before it lets anyone log in.
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
            for user in (staff, member)
        ]
    )

    # Who is in charge of each organization and how it sees the cluster are columns of
    # the organization: decided before it is saved.
    rng = builder.rng
    animators = demo_register.animators_create(staff=staff)
    organization_rows = [org for org, _domain in organizations]
    demo_register.organizations_assign_animators(
        rng=rng, organizations=organization_rows, animators=animators
    )
    perceptions = demo_register.perceptions_plan(
        rng=rng, organizations=organization_rows, animators=animators, today=today
    )
    with _search_documents_deferred():
        bulk_copy(Organization, organization_rows)
        demo_register.taxonomies_create(rng=rng, organizations=organization_rows)
    bulk_copy(PerceptionAssessment, perceptions)
    if connection.vendor == "postgresql":
        # The stored directory pages must go with the old register.
        directory_cache_invalidate()
    else:
        # bulk_create skips the search document elsewhere: search would find nothing.
        organization_search_refresh_bulk(
            organizations=Organization.objects.all(), batch_size=BATCH_SIZE
        )
    bulk_copy(Contact, (contact for contact, _affiliation in people))
    bulk_copy(Affiliation, (affiliation for _contact, affiliation in people))

    categories = demo_register.membership_categories_create()
    memberships, applications = demo_register.memberships_create(
        rng=rng,
        organizations=organization_rows,
        people=people,
        categories=categories,
        animators=animators,
        today=today,
    )
    groups = demo_register.working_groups_create(
        rng=rng, people=people, member_contact=member_contact, animators=animators, today=today
    )
    interactions = demo_register.interactions_create(
        rng=rng, organizations=organization_rows, people=people, animators=animators, today=today
    )
    agreements = demo_register.agreements_create(
        rng=rng, organizations=organization_rows, today=today
    )
    return RegisterDemo(
        rng=rng,
        organizations=organization_rows,
        people=people,
        staff=staff,
        animators=animators,
        counts={
            "organizations": len(organization_rows),
            "contacts": len(people),
            "memberships": memberships,
            "applications": applications,
            "groups": groups,
            "interactions": interactions,
            "agreements": agreements,
            "failing_emails": _failing_emails_seed(),
        },
    )


@contextmanager
def _search_documents_deferred():
    """Write organizations and their sectors, competences and labels with PostgreSQL's
    search-document triggers (members migration 0008) off, then compute every document
    once. With them on, each organization's document was computed as it went in, then
    again for each of its three kinds of terms; and the link tables, filled within the
    seed's transaction, had no statistics, so each computation scanned them whole: the
    seed grew with the square of its size (100,000 organizations did not seed in 5 minutes).
    ALTER TABLE is undone with the transaction if the seed fails."""
    if connection.vendor != "postgresql":
        yield
        return
    triggers = [("members_organization", SEARCH_DOCUMENT_TRIGGER)] + [
        (link, f"{link}_search_added") for link in SEARCH_TERM_LINKS
    ]
    with connection.cursor() as cursor:
        _triggers_switch(cursor, triggers, "DISABLE")
        yield
        _triggers_switch(cursor, triggers, "ENABLE")
        # Statistics first, so that the trigger looks each organization's terms up by index.
        cursor.execute("ANALYZE " + ", ".join(f'"{link}"' for link in SEARCH_TERM_LINKS))
        # The trigger computes the document of every row an UPDATE touches.
        cursor.execute("UPDATE members_organization SET search_document = ''")


def _triggers_switch(cursor, triggers: list[tuple[str, str]], switch: str) -> None:
    # PostgreSQL alters no table with foreign-key checks still pending (Django defers them
    # to the commit): check them now, then defer again.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table, trigger in triggers:
        cursor.execute(f'ALTER TABLE "{table}" {switch} TRIGGER "{trigger}"')
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _failing_emails_seed() -> int:
    """Two application acknowledgements the mail server refused: one still retried, one
    given up after a day, so the back-office's failing emails page has something to show."""
    applications = MembershipApplication.objects.select_related("contact").order_by("-pk")[:2]
    now = timezone.now()
    error = "EmailNotSentError(\"ConnectionRefusedError(111, 'Connection refused')\")"
    rows = []
    for application, status, age in zip(
        applications,
        (SentEmail.Status.FAILED, SentEmail.Status.GIVEN_UP),
        (timedelta(hours=3), timedelta(hours=26)),
        strict=False,
    ):
        rows.append(
            SentEmail(
                key=f"application:{application.pk}:received",
                to=application.contact.email,
                template="members/emails/application_received",
                status=status,
                attempts=14 if status == SentEmail.Status.FAILED else 31,
                error=error,
                task_name="members.tasks.application_acknowledge_send",
                task_args=[application.pk],
                next_attempt_at=now + timedelta(minutes=47)
                if status == SentEmail.Status.FAILED
                else None,
                give_up_at=now - age + timedelta(hours=24),
            )
        )
    SentEmail.objects.bulk_create(rows, ignore_conflicts=True)
    # created_at is set on insert: backdate it to when the emails were first owed.
    for row, age in zip(rows, (timedelta(hours=3), timedelta(hours=26)), strict=False):
        SentEmail.objects.filter(key=row.key).update(created_at=now - age)
    return len(rows)


def has_data() -> bool:
    return (
        Organization.objects.exists()
        or Contact.objects.exists()
        or MembershipCategory.objects.exists()
        or WorkingGroup.objects.exists()
        or User.objects.filter(is_superuser=False).exists()
    )


def flush() -> None:
    """Delete what register_seed creates, children first, and every login but superusers.
    The other apps' demo data, which points at these rows, goes first."""
    # Children before parents: the organizations' cascade would otherwise load every row.
    for model in (
        Interaction.contacts.through,
        Interaction,
        PerceptionAssessment,
        PartnershipAgreement,
        DuesReminder,
        MembershipApplication,
        Membership,
        MembershipCategory,
        WorkingGroup,
    ):
        model.objects.all().delete()
    # The taxonomies are the demo's too; their links go with the organizations.
    for model in (Sector, Competence, Label):
        model.objects.all().delete()
    # Emails still owed to the people deleted here (sent ones stay: never send them again).
    SentEmail.objects.filter(
        status__in=[SentEmail.Status.FAILED, SentEmail.Status.GIVEN_UP]
    ).delete()
    Affiliation.objects.all().delete()
    Invitation.objects.all().delete()
    Contact.objects.all().delete()
    Organization.objects.all().delete()
    User.objects.filter(is_superuser=False).delete()
