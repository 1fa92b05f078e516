"""`manage.py seed_demo`: a realistic, reproducible French digital cluster for demos and load
tests. Each app seeds its own rows (its `demo.py`), bottom layer first; this command only
decides whether to seed, runs the steps in one transaction and hands each what the earlier
ones made. The same `--seed` always gives the same organizations, people, slugs and emails;
only dates move with today's."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from api import demo as api_demo
from collaboration import demo as collaboration_demo
from communications import demo as communications_demo
from community import demo as community_demo
from events import demo as events_demo
from members import demo as members_demo
from network import demo as network_demo
from reports import demo as reports_demo
from surveys import demo as surveys_demo
from webhooks import demo as webhooks_demo  # webhooks

PARIS = ZoneInfo("Europe/Paris")


class Command(BaseCommand):
    help = (
        "Fill the database with a realistic French digital cluster: organizations, contacts, "
        "memberships and dues, applications, working groups, the animators' CRM, partnership "
        "agreements, FAQ, events, and two demo logins (staff@demo.local, member@demo.local)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=120, help="Number of organizations.")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data.")
        parser.add_argument(
            "--password",
            default=members_demo.DEFAULT_PASSWORD,
            help=f"Password of both demo logins (default {members_demo.DEFAULT_PASSWORD}).",
        )
        existing = parser.add_mutually_exclusive_group()
        existing.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has data (used by `make run`).",
        )
        existing.add_argument(
            "--flush",
            action="store_true",
            help="Delete organizations (with their memberships, CRM log and agreements), "
            "contacts, invitations, membership categories, working groups, events, FAQ entries "
            "and every login except superusers, then seed.",
        )
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off, so this may be a production database: seed_demo creates logins "
                "with a published password. Pass --force if you really mean it."
            )
        if options["orgs"] < 1:
            raise CommandError("--orgs must be at least 1.")
        password = options["password"]
        if options["if_empty"] and _has_data():
            self.stdout.write("The database already has data: nothing seeded.")
            self._print_logins(password)
            return
        with transaction.atomic():
            if options["flush"]:
                _flush()
            elif _has_data():
                raise CommandError(
                    "The database already has data. Use --flush to replace it with demo data, "
                    "or --if-empty to leave it alone."
                )
            counts = _seed(
                organization_count=options["orgs"], seed=options["seed"], password=password
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready: {organizations} organizations, {contacts} contacts, "
                "{memberships} memberships, {applications} applications, {groups} working "
                "groups, {interactions} interactions, {agreements} agreements, {faq} FAQ "
                "entries, {events} events, {reports} reports, {statements} annual "
                "statements.".format(**counts)
            )
        )
        self._print_logins(password)

    def _print_logins(self, password: str) -> None:
        self.stdout.write(f"  Animator (staff):  {members_demo.STAFF_EMAIL} / {password}")
        self.stdout.write(f"  Member admin:      {members_demo.MEMBER_EMAIL} / {password}")


def _seed(*, organization_count: int, seed: int, password: str) -> dict[str, int]:
    # One random generator for every step, in this order: the same seed, the same cluster.
    today = timezone.localdate(timezone=PARIS)
    register = members_demo.register_seed(
        organization_count=organization_count, seed=seed, password=password, today=today
    )
    _analyze()
    events = events_demo.events_seed(
        rng=register.rng,
        organizations=register.organizations,
        people=register.people,
        staff_user=register.staff,
        today=today,
    )
    surveys_demo.surveys_seed(
        rng=register.rng,
        events=events,
        people=register.people,
        staff_user=register.staff,
        today=today,
    )
    collaboration = collaboration_demo.collaboration_seed(
        seed=seed,
        organizations=register.organizations,
        people=register.people,
        staff_user=register.staff,
        today=today,
    )
    # The network of clusters: partner directories, and members in the open feed.
    network = network_demo.network_seed(seed=seed, organizations=register.organizations)
    community = community_demo.community_seed(
        seed=seed,
        organizations=register.organizations,
        people=register.people,
        staff_user=register.staff,
        events=events,
        today=today,
    )
    communications = communications_demo.communications_seed(
        rng=register.rng,
        people=register.people,
        staff_user=register.staff,
        animators=register.animators,
        today=today,
    )
    _analyze()
    # Last: the reports read what every other app seeded.
    reports = reports_demo.reports_seed(
        staff_user=register.staff, member_email=members_demo.MEMBER_EMAIL, today=today
    )
    # Webhooks: endpoints and a delivery log about the members seeded above.
    webhooks = webhooks_demo.webhooks_seed(
        staff_user=register.staff, organizations=register.organizations
    )
    # The open API's tokens and audit log, after the logins they belong to.
    api = api_demo.api_seed(staff_user=register.staff, member_email=members_demo.MEMBER_EMAIL)
    return {
        **register.counts,
        **webhooks,
        "events": len(events),
        **collaboration,
        **network,
        **community,
        **communications,
        **reports,
        **api,
    }


def _analyze() -> None:
    """Give PostgreSQL statistics of the rows seeded so far. Autovacuum cannot see them
    before the seed's transaction commits, and without them the planner takes tables of
    100,000 rows for empty ones: the later steps' queries then scan where they would look
    up."""
    if connection.vendor == "postgresql":
        # The project's tables only: a bare ANALYZE also takes the catalogs shared by every
        # database of the server, and keeps those locks until the seed commits, which makes
        # another database's ANALYZE wait meanwhile.
        tables = connection.introspection.django_table_names(only_existing=True)
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables)
            )


def _has_data() -> bool:
    return members_demo.has_data() or events_demo.has_data() or communications_demo.has_data()


def _flush() -> None:
    # Top layer first: each app's rows point at those of the apps below.
    api_demo.flush()
    webhooks_demo.flush()
    reports_demo.flush()
    communications_demo.flush()
    community_demo.flush()
    network_demo.flush()
    collaboration_demo.flush()
    surveys_demo.flush()
    events_demo.flush()
    members_demo.flush()
