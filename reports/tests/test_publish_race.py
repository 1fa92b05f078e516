"""Two animators click "Publish" at the same moment: one version, not two. Real concurrent
transactions on PostgreSQL (two threads, two connections), not one call after the other."""

import threading
from datetime import date

import pytest
from django.db import connection

from members.models import Membership
from members.tests.factories import OrganizationFactory
from reports.models import ReportVersion
from reports.services import reports as services

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_publications_in_a_race_give_one_version(today_is):
    today_is(date(2026, 10, 15))
    organization = OrganizationFactory(name="Alpha", lifecycle="member")
    Membership.objects.create(
        organization=organization,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        status=Membership.Status.ACTIVE,
    )
    report = services.report_build_now(
        report=services.report_create(kind="quarter", year=2026, number=3)
    )
    start = threading.Barrier(2)
    results, errors = [], []

    def publish():
        try:
            start.wait(timeout=10)
            results.append(services.report_publish(report=report, announce=False))
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(created for _version, created in results) == [False, True]
    assert {version.pk for version, _created in results} == {
        ReportVersion.objects.get(report=report).pk
    }
