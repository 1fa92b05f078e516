"""Storage limitation: each retention rule just inside and just outside its period, runs
that change nothing the second time, and the staff's pages on personal data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from communications.models import Delivery, DownloadRequest, Newsletter, PressAsset, Subscriber
from core import personal_data as registry
from core.models import SentEmail
from members.models import (
    Contact,
    Interaction,
    MembershipApplication,
    Organization,
)
from members.tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory
from portal import tasks
from portal.services import retention

pytestmark = pytest.mark.django_db

NOW = timezone.now()
MINUTE = datetime.timedelta(minutes=1)


def _cutoff(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def _apply() -> dict[str, int]:
    return retention.retention_apply(now=NOW)


def _prospect_contact(created_at, **contact_kwargs) -> Contact:
    organization = OrganizationFactory(lifecycle=Organization.Lifecycle.PROSPECT)
    contact = ContactFactory(**contact_kwargs)
    AffiliationFactory(contact=contact, organization=organization)
    Contact.objects.filter(pk=contact.pk).update(created_at=created_at)
    return contact


def _is_anonymised(contact: Contact) -> bool:
    return Contact.objects.get(pk=contact.pk).anonymised_at is not None


def test_prospects_contacts_are_anonymised_after_the_period_without_interaction(settings):
    settings.RETENTION_PROSPECT_DAYS = 1095
    cutoff = _cutoff(1095)
    inside = _prospect_contact(cutoff + MINUTE)
    outside = _prospect_contact(cutoff - MINUTE, email="ancien@prospect.test")
    assert _apply()["prospects"] == 1
    assert not _is_anonymised(inside)
    assert _is_anonymised(outside)
    assert Contact.objects.get(pk=outside.pk).email == ""


def test_an_interaction_within_the_period_keeps_a_prospects_contact():
    cutoff = _cutoff(1095)
    met = _prospect_contact(cutoff - datetime.timedelta(days=30))
    organization_met = _prospect_contact(cutoff - datetime.timedelta(days=30))
    forgotten = _prospect_contact(cutoff - datetime.timedelta(days=30))
    recent = Interaction.objects.create(
        organization=OrganizationFactory(),
        kind="call",
        summary="Appel",
        happened_on=timezone.localdate(cutoff),
    )
    recent.contacts.set([met])
    Interaction.objects.create(
        organization=organization_met.organizations.get(),
        kind="visit",
        summary="Visite",
        happened_on=timezone.localdate(cutoff) + datetime.timedelta(days=1),
    )
    # An interaction older than the period does not count.
    Interaction.objects.create(
        organization=forgotten.organizations.get(),
        kind="visit",
        summary="Visite",
        happened_on=timezone.localdate(cutoff) - datetime.timedelta(days=1),
    )
    assert _apply()["prospects"] == 1
    assert not _is_anonymised(met)
    assert not _is_anonymised(organization_met)
    assert _is_anonymised(forgotten)


def test_contacts_of_members_and_people_with_a_login_are_not_prospects(personas):
    long_ago = _cutoff(1095) - datetime.timedelta(days=400)
    member_organization = OrganizationFactory(lifecycle=Organization.Lifecycle.MEMBER)
    of_a_member = ContactFactory()
    AffiliationFactory(contact=of_a_member, organization=member_organization)
    Contact.objects.filter(pk=of_a_member.pk).update(created_at=long_ago)
    with_login = personas.member_contact.contact
    Contact.objects.filter(pk=with_login.pk).update(created_at=long_ago)
    Organization.objects.filter(pk=personas.org_a.pk).update(
        lifecycle=Organization.Lifecycle.PROSPECT
    )
    assert _apply()["prospects"] == 0
    assert not _is_anonymised(of_a_member)
    assert not _is_anonymised(with_login)


def _subscriber(status, created_at, email) -> Subscriber:
    subscriber = Subscriber.objects.create(email=email, status=status, source="footer")
    Subscriber.objects.filter(pk=subscriber.pk).update(created_at=created_at)
    return subscriber


def _asset() -> PressAsset:
    from django.core.files.base import ContentFile

    asset = PressAsset(kind="brochure", title_fr="Plaquette", slug="plaquette", is_gated=True)
    asset.file.save("plaquette.pdf", ContentFile(b"%PDF"), save=False)
    asset.save()
    return asset


def test_leads_are_deleted_after_the_period_without_a_new_request(settings):
    settings.RETENTION_PROSPECT_DAYS = 1095
    cutoff = _cutoff(1095)
    inside = _subscriber("lead", cutoff + MINUTE, "recent@lead.test")
    outside = _subscriber("lead", cutoff - MINUTE, "ancien@lead.test")
    asked_again = _subscriber("lead", cutoff - datetime.timedelta(days=90), "revenu@lead.test")
    request = DownloadRequest.objects.create(subscriber=asked_again, asset=_asset())
    DownloadRequest.objects.filter(pk=request.pk).update(created_at=cutoff + MINUTE)
    confirmed = _subscriber("confirmed", cutoff - MINUTE, "abonne@lead.test")
    assert _apply()["leads"] == 1
    remaining = set(Subscriber.objects.values_list("pk", flat=True))
    assert remaining == {inside.pk, asked_again.pk, confirmed.pk}
    assert outside.pk not in remaining


def test_unconfirmed_sign_ups_are_deleted_after_the_period(settings):
    settings.RETENTION_PENDING_SIGNUP_DAYS = 30
    cutoff = _cutoff(30)
    inside = _subscriber("pending", cutoff + MINUTE, "recent@signup.test")
    outside = _subscriber("pending", cutoff - MINUTE, "ancien@signup.test")
    # Signed up again: the second confirmation email restarts the wait.
    again = _subscriber("pending", cutoff - datetime.timedelta(days=10), "encore@signup.test")
    Subscriber.objects.filter(pk=again.pk).update(confirmation_sent_at=cutoff + MINUTE)
    assert _apply()["pending_signups"] == 1
    remaining = set(Subscriber.objects.values_list("pk", flat=True))
    assert remaining == {inside.pk, again.pk}
    assert outside.pk not in remaining


def _application(status, reviewed_at) -> MembershipApplication:
    organization = OrganizationFactory()
    return MembershipApplication.objects.create(
        organization=organization,
        contact=ContactFactory(),
        status=status,
        reviewed_at=reviewed_at,
        motivation="Nous voulons rejoindre",
    )


def test_rejected_applications_are_deleted_a_period_after_the_decision(settings):
    settings.RETENTION_REJECTED_APPLICATION_DAYS = 365
    cutoff = _cutoff(365)
    inside = _application("rejected", cutoff + MINUTE)
    outside = _application("rejected", cutoff - MINUTE)
    approved = _application("approved", cutoff - MINUTE)
    assert _apply()["rejected_applications"] == 1
    assert set(MembershipApplication.objects.values_list("pk", flat=True)) == {
        inside.pk,
        approved.pk,
    }
    assert not MembershipApplication.objects.filter(pk=outside.pk).exists()


def _sent_email(key, created_at) -> SentEmail:
    email = SentEmail.objects.create(key=key, to="a@b.test", template="emails/x", status="sent")
    SentEmail.objects.filter(pk=email.pk).update(created_at=created_at)
    return email


def test_sent_email_log_entries_are_deleted_after_the_period(settings):
    settings.RETENTION_SENT_EMAIL_DAYS = 730
    cutoff = _cutoff(730)
    inside = _sent_email("recent", cutoff + MINUTE)
    _sent_email("ancien", cutoff - MINUTE)
    assert _apply()["sent_emails"] == 1
    assert list(SentEmail.objects.values_list("pk", flat=True)) == [inside.pk]


def _delivery(newsletter, email, sent_at) -> Delivery:
    return Delivery.objects.create(
        newsletter=newsletter,
        email=email,
        status="sent",
        sent_at=sent_at,
        opened_at=sent_at + MINUTE,
        clicked_at=sent_at + MINUTE,
        click_count=3,
    )


def test_newsletter_opens_and_clicks_are_erased_after_the_period(settings):
    settings.RETENTION_TRACKING_DAYS = 395
    cutoff = _cutoff(395)
    newsletter = Newsletter.objects.create(subject_fr="Lettre", body_fr="Bonjour", slug="l")
    inside = _delivery(newsletter, "recent@lecteur.test", cutoff + MINUTE)
    outside = _delivery(newsletter, "ancien@lecteur.test", cutoff - MINUTE)
    assert _apply()["tracking"] == 1
    inside.refresh_from_db()
    outside.refresh_from_db()
    assert (inside.opened_at, inside.click_count) == (cutoff + 2 * MINUTE, 3)
    assert (outside.opened_at, outside.clicked_at, outside.click_count) == (None, None, 0)
    # The delivery itself stays: the newsletter's sent count.
    assert outside.status == "sent"


def _everything_past_its_period():
    _prospect_contact(_cutoff(1095) - MINUTE)
    _subscriber("lead", _cutoff(1095) - MINUTE, "lead@old.test")
    _subscriber("pending", _cutoff(30) - MINUTE, "pending@old.test")
    _application("rejected", _cutoff(365) - MINUTE)
    _sent_email("old", _cutoff(730) - MINUTE)
    newsletter = Newsletter.objects.create(subject_fr="Lettre", body_fr="Bonjour", slug="old")
    _delivery(newsletter, "reader@old.test", _cutoff(395) - MINUTE)


def _snapshot() -> dict:
    return {
        "contacts": list(Contact.objects.order_by("pk").values()),
        "subscribers": list(Subscriber.objects.order_by("pk").values()),
        "applications": list(MembershipApplication.objects.order_by("pk").values()),
        "emails": list(SentEmail.objects.order_by("pk").values()),
        "deliveries": list(Delivery.objects.order_by("pk").values()),
    }


def test_a_second_run_changes_nothing():
    _everything_past_its_period()
    first = _apply()
    assert first == {rule.key: 1 for rule in retention.RULES}
    after_first = _snapshot()
    assert _apply() == dict.fromkeys(first, 0)
    assert _snapshot() == after_first


def test_the_preview_counts_what_the_run_then_does():
    _everything_past_its_period()
    preview = {rule.key: count for rule, count in retention.retention_preview(now=NOW)}
    assert preview == _apply()


def test_the_daily_task_applies_the_rules_and_is_scheduled(settings):
    _sent_email("old", timezone.now() - datetime.timedelta(days=731))
    assert tasks.retention_apply()["sent_emails"] == 1
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "portal.tasks.retention_apply" in schedule


# The staff's pages

RETENTION_PAGE = reverse("portal:staff_privacy_retention")
REGISTER_PAGE = reverse("portal:staff_privacy_register")


def _in_english(url: str) -> str:
    assert url.startswith("/fr/")
    return "/en/" + url.removeprefix("/fr/")


def test_the_retention_page_shows_each_rule_with_its_period_and_count(
    personas, client_for, settings, django_assert_num_queries
):
    settings.RETENTION_SENT_EMAIL_DAYS = 77
    _sent_email("old", timezone.now() - datetime.timedelta(days=78))
    client = client_for("staff")
    # Session, user, the layout's "is a member contact" check, then one count per rule.
    with django_assert_num_queries(3 + len(retention.RULES)):
        response = client.get(RETENTION_PAGE)
    rules = {item["rule"].key: item for item in response.context["rules"]}
    assert list(rules) == [rule.key for rule in retention.RULES]
    assert (rules["sent_emails"]["days"], rules["sent_emails"]["count"]) == (77, 1)
    assert rules["prospects"]["count"] == 0
    assert "RETENTION_SENT_EMAIL_DAYS" in response.content.decode()


def test_the_register_lists_every_declared_model_with_periods_from_settings(
    personas, client_for, settings, django_assert_num_queries
):
    settings.RETENTION_SENT_EMAIL_DAYS = 321
    settings.RETENTION_PENDING_SIGNUP_DAYS = 45
    client = client_for("staff")
    # Session, user and the layout's "is a member contact" check: the register itself comes
    # from the code, not the database.
    with django_assert_num_queries(3):
        response = client.get(_in_english(REGISTER_PAGE))
    page = response.content.decode()
    for declaration in registry.declarations():
        assert f'id="{declaration.model._meta.label}"' in page
    assert "Deleted 321 days after sending" in page
    assert "Unconfirmed sign-ups are deleted after 45 days" in page
    assert "Consent (GDPR art. 6(1)(a))" in page


def test_the_register_speaks_french(personas, client_for):
    response = client_for("staff").get(REGISTER_PAGE)
    page = response.content.decode()
    assert "Registre des activités de traitement" in page
    assert "Supprimées 730 jours après leur envoi" in page


def test_the_back_office_navigation_links_both_pages(personas, client_for):
    page = client_for("staff").get(reverse("portal:staff_dashboard")).content.decode()
    assert f'href="{REGISTER_PAGE}"' in page
    assert f'href="{RETENTION_PAGE}"' in page


def test_the_privacy_policy_tells_visitors_the_configured_periods(client, settings):
    settings.RETENTION_PENDING_SIGNUP_DAYS = 21
    page = client.get(reverse("portal:privacy")).content.decode()
    assert "Inscriptions à la lettre jamais confirmées : 21 jours" in page


def test_every_period_the_task_enforces_is_stated_in_the_register():
    stated = {setting for d in registry.declarations() for setting in d.retention.periods.values()}
    assert {rule.setting for rule in retention.RULES} <= stated


@pytest.mark.parametrize(
    "raw, message",
    [("0", "at least 1"), ("treize mois", "must be an integer")],
)
def test_startup_refuses_a_retention_period_that_is_not_a_number_of_days(raw, message):
    from tests.test_settings import PRODUCTION_ENV, _run_manage

    result = _run_manage("check", env={**PRODUCTION_ENV, "RETENTION_TRACKING_DAYS": raw})
    assert result.returncode != 0
    assert "RETENTION_TRACKING_DAYS" in result.stderr and message in result.stderr
