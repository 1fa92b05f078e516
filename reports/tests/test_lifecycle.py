"""A report's life: created for a period, built by its task (figures and PDFs), edited,
published in numbered versions that never change, announced once, downloaded."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from members.models import Membership, WorkingGroup
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from reports.models import BuildState, Report, ReportDownload, ReportVersion
from reports.periods import PeriodError
from reports.services import reports as services
from reports.services.announcements import report_version_announce

pytestmark = pytest.mark.django_db

TODAY = date(2026, 10, 15)


@pytest.fixture
def today(today_is):
    today_is(TODAY)
    return TODAY


def _member(name: str, *, email: str = "", since=date(2026, 1, 1)):
    organization = OrganizationFactory(name=name, lifecycle="member")
    Membership.objects.create(
        organization=organization,
        period_start=since,
        period_end=date(2026, 12, 31),
        status=Membership.Status.ACTIVE,
        dues_amount=500,
    )
    if email:
        AffiliationFactory(organization=organization, contact=ContactFactory(email=email))
    return organization


def _built(report: Report) -> Report:
    """Build the report the way its task does, synchronously."""
    assert services.report_build_request(report=report)
    assert services.report_build(report_id=report.pk)
    report.refresh_from_db()
    return report


# Creating


def test_a_report_of_a_period_not_started_is_refused(today):
    with pytest.raises(PeriodError):
        services.report_create(kind="quarter", year=2027, number=1)
    with pytest.raises(PeriodError):
        services.report_create(kind="year", year=2027)
    assert not Report.objects.exists()


def test_the_current_period_may_be_reported_so_far(today):
    report = services.report_create(kind="quarter", year=2026, number=4)
    assert (report.period_start, report.period_end) == (date(2026, 10, 1), date(2026, 12, 31))


def test_a_second_report_of_the_same_period_is_the_first_one(today):
    first = services.report_create(kind="quarter", year=2026, number=3)
    with pytest.raises(services.ReportExists) as exists:
        services.report_create(kind="quarter", year=2026, number=3)
    assert exists.value.report == first


def test_a_synthesis_is_of_one_group(today):
    with pytest.raises(PeriodError):
        services.report_create(kind="synthesis", year=2026, number=3)
    group = WorkingGroup.objects.create(name_fr="Cyber", slug="cyber")
    synthesis = services.report_create(kind="synthesis", year=2026, number=3, working_group=group)
    assert synthesis.title == "Synthèse du groupe Cyber, 3e trimestre 2026"


# Building


def test_a_build_takes_the_figures_and_makes_both_pdfs(today):
    _member("Alpha")
    report = _built(services.report_create(kind="quarter", year=2026, number=3))
    assert report.build_state == BuildState.DONE
    assert report.build_progress == 100
    assert report.snapshot["membership"]["current"]["at_end"] == 1
    assert report.snapshot_at is not None
    assert report.pdfs_current
    for language in ("fr", "en"):
        with report.pdf(language).open("rb") as handle:
            assert handle.read(5) == b"%PDF-"


def test_a_build_already_under_way_is_not_queued_twice(today):
    report = services.report_create(kind="quarter", year=2026, number=3)
    assert services.report_build_request(report=report)
    assert not services.report_build_request(report=report)
    assert report.build_state == BuildState.QUEUED


def _files(settings, report) -> list[str]:
    return sorted(p.name for p in (settings.PRIVATE_MEDIA_ROOT / f"reports/{report.pk}").iterdir())


def test_a_redelivered_build_task_leaves_one_set_of_files(
    today, settings, django_capture_on_commit_callbacks
):
    _member("Alpha")
    with django_capture_on_commit_callbacks(execute=True):
        report = _built(services.report_create(kind="quarter", year=2026, number=3))
    files = _files(settings, report)
    # The same message delivered again: nothing to claim, nothing written.
    assert not services.report_build(report_id=report.pk)
    # A worker died mid-build: its lease runs out and the build is asked for again.
    Report.objects.filter(pk=report.pk).update(
        build_state=BuildState.RUNNING,
        build_run="dead-worker",
        build_lease_expires_at=timezone.now() - timedelta(seconds=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_build_request(report=report, refresh_figures=False)
        assert services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert _files(settings, report) == sorted(
        name.rsplit("/", 1)[-1] for name in (report.pdf_fr.name, report.pdf_en.name)
    )
    assert len(files) == 2
    # The dead run, had it lived, finds its run replaced and writes nothing.
    assert not services._build_finish(report.pk, "dead-worker", {}, None, {}, {}, False)


def test_a_late_message_builds_what_the_report_asks_now(today):
    """A build message carries only the report: an old "PDFs only" message run after staff
    asked for new figures takes the new figures."""
    _member("Alpha")
    report = _built(services.report_create(kind="quarter", year=2026, number=3))
    _member("Beta", since=date(2026, 7, 1))
    Report.objects.filter(pk=report.pk).update(
        build_state=BuildState.QUEUED, build_refresh_figures=True
    )
    assert services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.snapshot["membership"]["current"]["at_end"] == 2


def test_the_same_figures_taken_again_are_not_a_new_revision(today):
    _member("Alpha")
    report = _built(services.report_create(kind="quarter", year=2026, number=3))
    services.report_publish(report=report)
    report = _built(report)
    assert report.pdfs_current
    version, created = services.report_publish(report=report)
    assert not created and version.number == 1


def test_a_failed_build_says_why_and_can_be_tried_again(today, monkeypatch):
    report = services.report_create(kind="quarter", year=2026, number=3)

    def broken(**kwargs):
        raise RuntimeError("the fonts are missing")

    monkeypatch.setattr(services.rendering, "report_pdf", broken)
    services.report_build_request(report=report)
    assert services.report_build(report_id=report.pk) is False
    report.refresh_from_db()
    assert report.build_state == BuildState.FAILED
    assert "the fonts are missing" in report.build_error
    monkeypatch.undo()
    today_is_again = _built(report)
    assert today_is_again.build_state == BuildState.DONE and today_is_again.build_error == ""


def test_a_period_with_no_data_builds_but_cannot_be_published(today):
    report = _built(services.report_create(kind="quarter", year=2026, number=3))
    assert report.snapshot["is_empty"] is True
    with pytest.raises(services.ReportError, match="Rien n'a été enregistré"):
        services.report_publish(report=report)


# Publishing


def test_publishing_freezes_figures_text_and_pdfs(today):
    _member("Alpha")
    report = _built(services.report_create(kind="quarter", year=2026, number=3))
    version, created = services.report_publish(report=report)
    assert created and version.number == 1
    with version.pdf_fr.open("rb") as handle:
        published_pdf = handle.read()
    # The data changes afterwards, and the draft is built again.
    _member("Beta", since=date(2026, 7, 1))
    report = _built(report)
    assert report.snapshot["membership"]["current"]["at_end"] == 2
    version.refresh_from_db()
    assert version.snapshot["membership"]["current"]["at_end"] == 1
    with version.pdf_fr.open("rb") as handle:
        assert handle.read() == published_pdf


def test_correcting_a_report_publishes_version_2_and_keeps_version_1(today):
    _member("Alpha")
    report = _built(services.report_create(kind="quarter", year=2026, number=3))
    services.report_publish(report=report)
    services.report_texts_update(
        report=report, intro_fr="Un trimestre **chargé**.", intro_en="A **busy** quarter."
    )
    report.refresh_from_db()
    with pytest.raises(services.ReportError):
        # The PDFs do not show the new text yet.
        services.report_publish(report=report)
    services.report_build_request(report=report, refresh_figures=False)
    services.report_build(report_id=report.pk)
    second, created = services.report_publish(report=report)
    assert created and second.number == 2
    assert second.texts["intro"]["fr"] == "Un trimestre **chargé**."
    first = report.versions.get(number=1)
    assert first.texts["intro"]["fr"] == ""
    assert first.pdf_fr.name != second.pdf_fr.name


def test_publishing_the_same_revision_twice_gives_one_version(today):
    _member("Alpha")
    report = _built(services.report_create(kind="quarter", year=2026, number=3))
    first, created = services.report_publish(report=report)
    again, created_again = services.report_publish(report=report)
    assert created and not created_again
    assert again == first
    assert ReportVersion.objects.filter(report=report).count() == 1


def test_the_announcement_goes_once_to_member_contacts(today, django_capture_on_commit_callbacks):
    _member("Alpha", email="lea@alpha.test")
    _member("Beta", email="paul@beta.test")
    OrganizationFactory(name="Prospect", lifecycle="prospect")
    report = _built(services.report_create(kind="quarter", year=2026, number=3))
    with django_capture_on_commit_callbacks(execute=True):
        version, _created = services.report_publish(report=report)
    assert sorted(message.to[0] for message in mail.outbox) == ["lea@alpha.test", "paul@beta.test"]
    message = mail.outbox[0]
    assert "Rapport d’activité" in message.subject or "Rapport d'activité" in message.subject
    assert message.alternatives and "text/html" == message.alternatives[0][1]
    # A retried task sends nothing more.
    assert report_version_announce(version=version) == 0
    assert len(mail.outbox) == 2
    version.refresh_from_db()
    assert version.announced_at is not None and version.announcement_count == 2


def test_downloads_are_counted_per_language_and_day(today):
    _member("Alpha")
    report = _built(services.report_create(kind="quarter", year=2026, number=3))
    version, _created = services.report_publish(report=report)
    for language in ("fr", "fr", "en"):
        services.report_download_count(version=version, language=language)
    counts = dict(ReportDownload.objects.values_list("language", "count"))
    assert counts == {"fr": 2, "en": 1}


def test_only_an_annual_report_has_a_public_edition(today):
    _member("Alpha")
    report = _built(services.report_create(kind="quarter", year=2026, number=3))
    with pytest.raises(services.ReportError):
        services.report_publish(report=report, public=True)


# The drafts of the period just ended


def test_beat_creates_the_drafts_of_the_quarter_just_ended_once(today_is):
    WorkingGroup.objects.create(name_fr="Cyber", slug="cyber")
    WorkingGroup.objects.create(name_fr="Ancien", slug="ancien", status="closed")
    today_is(date(2026, 10, 1))
    drafts = services.reports_drafts_create(today=date(2026, 10, 1))
    assert sorted((r.kind, str(r.period_start)) for r in drafts) == [
        ("quarter", "2026-07-01"),
        ("synthesis", "2026-07-01"),
    ]
    again = services.reports_drafts_create(today=date(2026, 10, 2))
    assert {r.pk for r in again} == {r.pk for r in drafts}
    assert Report.objects.count() == 2


def test_on_new_year_the_quarter_half_and_year_drafts_are_made(today_is):
    today_is(date(2027, 1, 1))
    drafts = services.reports_drafts_create(today=date(2027, 1, 1))
    assert sorted((r.kind, str(r.period_start)) for r in drafts) == [
        ("half", "2026-07-01"),
        ("quarter", "2026-10-01"),
        ("year", "2026-01-01"),
    ]


def test_beat_leaves_old_periods_alone(today_is):
    today_is(date(2026, 11, 20))
    assert services.reports_drafts_create(today=date(2026, 11, 20)) == []


def test_the_animators_get_one_to_do_per_period(today_is, personas):
    from reports import tasks

    today_is(date(2026, 10, 1))
    assert tasks.reports_drafts_create() == 1
    assert tasks.reports_drafts_create() == 1
    to_do = [message for message in mail.outbox if message.to == [personas.staff.email]]
    assert len(to_do) == 1
    assert "/staff/reports/" in to_do[0].body
