"""The quick start of the README (`make run`) on SQLite, as a newcomer runs it: the migrations,
the demo data and the pages each audience opens first. The rest of the suite runs on
PostgreSQL; a query only PostgreSQL understands (an array, a JSON operator) would break the
quick start unseen without this test."""

import os
import subprocess
import sys
import textwrap

from django.conf import settings

PAGES = textwrap.dedent(
    """
    import django, os
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings")
    django.setup()
    from django.test import Client
    from collaboration.models import Post
    from members.demo import DEFAULT_PASSWORD, MEMBER_EMAIL, STAFF_EMAIL

    def visit(client, paths):
        for path in paths:
            status = client.get(path).status_code
            assert status == 200, (path, status)

    visit(Client(), ["/fr/", "/fr/members/?q=numerique", "/fr/events/", "/fr/calls/",
                     "/fr/opportunities/?q=stage", "/en/press/", "/fr/news/"])
    member = Client()
    assert member.login(email=MEMBER_EMAIL, password=DEFAULT_PASSWORD)
    need = Post.objects.filter(organization__affiliations__contact__user__email=MEMBER_EMAIL)[0]
    visit(member, ["/fr/space/", "/fr/space/needs-offers/",
                   f"/fr/space/needs-offers/{need.pk}/suggestions/", "/fr/space/projects/",
                   "/fr/space/introductions/", "/fr/space/opportunities/"])
    staff = Client()
    assert staff.login(email=STAFF_EMAIL, password=DEFAULT_PASSWORD)
    visit(staff, ["/fr/staff/", "/fr/staff/organizations/", "/fr/staff/collaboration/calls/board/",
                  "/fr/staff/introductions/", "/fr/staff/opportunities/moderation/"])
    print("quick start ok")
    """
)


def test_the_quick_start_migrates_seeds_and_serves_on_sqlite(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'quick-start.sqlite3'}",
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="testserver,localhost",
    )

    def run(*arguments):
        result = subprocess.run(
            [sys.executable, *arguments],
            cwd=settings.BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
        return result.stdout

    run("manage.py", "migrate", "--noinput")
    run("manage.py", "seed_demo", "--orgs", "30")
    assert "quick start ok" in run("-c", PAGES)
