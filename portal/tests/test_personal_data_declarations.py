"""Completeness of the personal-data declarations (core.personal_data): every model that
points at a person is declared, the export has something for every declaration of a person
who left traces everywhere, and after erasure no text column of any model still holds their
address or name, except staff's free text, which the erasure page lists instead."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models
from django.test.utils import isolate_apps
from django.urls import reverse
from django.utils import timezone

from community.tests import testimonials_factories
from core import personal_data as registry
from core.models import SentEmail
from members.models import (
    ConsentRecord,
    Contact,
    DuesReminder,
    ImportJob,
    Interaction,
    Invitation,
    Membership,
    MembershipApplication,
    PerceptionAssessment,
    WorkingGroup,
    WorkingGroupDocument,
    WorkingGroupMember,
)
from members.tests.factories import OrganizationFactory
from portal.services import personal_data
from surveys.models import PendingResponse, PublicRespondent

pytestmark = pytest.mark.django_db

FIRST, LAST = "Martine", "Zébulon-Quatrefages"
EMAIL = "martine.zq@alpha.test"


# Every model is declared


def test_every_model_that_points_at_a_person_is_declared():
    assert registry.undeclared_models(apps.get_models()) == []


def test_the_walk_finds_the_kinds_of_fields_that_point_at_a_person():
    assert registry.holds_personal_data(SentEmail) == ["to"]
    assert set(registry.holds_personal_data(Interaction)) == {"author", "contacts"}
    from communications.models import DownloadRequest

    assert registry.holds_personal_data(DownloadRequest) == ["subscriber"]
    assert registry.holds_personal_data(WorkingGroup) == []


@isolate_apps("core")
def test_a_new_model_without_a_declaration_is_reported():
    class Badge(models.Model):  # noqa: DJ008 (throwaway)
        holder = models.ForeignKey("members.Contact", on_delete=models.CASCADE)

        class Meta:
            app_label = "core"

    class Mailing(models.Model):  # noqa: DJ008 (throwaway)
        recipient_email = models.CharField(max_length=200)

        class Meta:
            app_label = "core"

    class Colour(models.Model):  # noqa: DJ008 (throwaway)
        name = models.CharField(max_length=20)

        class Meta:
            app_label = "core"

    assert registry.undeclared_models([Badge, Mailing, Colour]) == ["core.Badge", "core.Mailing"]


def test_a_declaration_removed_is_reported(monkeypatch):
    monkeypatch.delitem(registry._REGISTRY, SentEmail)
    assert registry.undeclared_models(apps.get_models()) == ["core.SentEmail"]


def test_a_model_cannot_be_declared_twice_nor_exported_without_a_key():
    declaration = registry._REGISTRY[SentEmail]
    with pytest.raises(ValueError, match="twice"):
        registry.register(
            SentEmail,
            key="again",
            purpose=declaration.purpose,
            legal_basis=declaration.legal_basis,
            categories=declaration.categories,
            retention=declaration.retention,
            export=declaration.export,
            erase=declaration.erase,
        )
    with isolate_apps("core"):

        class Note(models.Model):  # noqa: DJ008 (throwaway)
            class Meta:
                app_label = "core"

        with pytest.raises(ValueError, match="key"):
            registry.register(Note, **{**registry.LOGIN_ONLY, "export": lambda person: []})


# A person who left traces in every declared model


@pytest.fixture
def everywhere(personas):
    """The member contact, renamed so that their name is unique, with a row in every model
    that can hold something about them."""
    from communications.models import Delivery, DownloadRequest, Newsletter, PressAsset, Subscriber
    from events.models import DebateRound, DebateTopic, DebateVote, PersonalCalendar
    from events.tests.factories import GuestRegistrationFactory, RegistrationFactory
    from portal.tests.test_personal_data import _survey_with_answers
    from surveys.models import ResponseDraft

    user = personas.member_contact
    user.first_name, user.last_name, user.email = FIRST, LAST, EMAIL
    user.save()
    me = user.contact
    Contact.objects.filter(pk=me.pk).update(first_name=FIRST, last_name=LAST, email=EMAIL)
    me.refresh_from_db()
    staff = personas.staff
    named = f"Appel avec {FIRST} {LAST} ({EMAIL})"

    EmailAddress.objects.update_or_create(
        user=user, primary=True, defaults={"email": EMAIL, "verified": True}
    )
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    SentEmail.objects.create(
        key="welcome:1", to=EMAIL, template="emails/x", status="failed", error=f"550 {EMAIL}"
    )
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Contact),
        object_id=str(me.pk),
        object_repr=f"{FIRST} {LAST}",
        action_flag=CHANGE,
        change_message=f"Changed {LAST}",
    )
    OrganizationFactory(name="Zébulon Conseil", slug="zc", email=EMAIL)
    Invitation.objects.create(
        organization=personas.org_b,
        email=EMAIL,
        first_name=FIRST,
        last_name=LAST,
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    ConsentRecord.objects.create(
        contact=me, purpose="newsletter", granted=True, source="web_form", text_version="v"
    )
    interaction = Interaction.objects.create(
        organization=personas.org_a, kind="call", summary=named, author=staff
    )
    interaction.contacts.set([me])
    PerceptionAssessment.objects.create(
        organization=personas.org_a, segment="acquired", note=f"Vu avec {FIRST} {LAST}"
    )
    membership = Membership.objects.create(
        organization=personas.org_a,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        notes=f"Payé par {LAST.upper()} {FIRST.lower()}",
    )
    DuesReminder.objects.create(membership=membership, offset_days=-30, sent_to=EMAIL)
    MembershipApplication.objects.create(
        organization=personas.org_a,
        contact=me,
        motivation="Nous voulons rejoindre",
        decision_message=f"Chère {FIRST} {LAST}",
    )
    group = WorkingGroup.objects.create(name_fr="IA", slug="ia")
    WorkingGroupMember.objects.create(group=group, contact=me, status="accepted")
    document = WorkingGroupDocument(group=group, title=f"CV {LAST}", uploaded_by=user)
    document.file.save("ia/cv.pdf", ContentFile(b"%PDF cv"), save=False)
    document.save()
    job = ImportJob(
        kind="contacts",
        original_name="contacts.csv",
        status=ImportJob.Status.DONE,
        preview=[{"email": EMAIL, "last_name": LAST}],
        created_by=staff,
    )
    job.file.save("contacts.csv", ContentFile(f"{EMAIL};{LAST}".encode()), save=False)
    job.save()

    RegistrationFactory(contact=me)
    GuestRegistrationFactory(email=EMAIL, first_name=FIRST, last_name=LAST, organization_name=LAST)
    PersonalCalendar.objects.create(user=user)
    debate = DebateRound.objects.create(title_fr="Débat de mars")
    topic = DebateTopic.objects.create(
        round=debate, title="Sobriété numérique", proposed_by=me, description="Urgent"
    )
    DebateVote.objects.create(round=debate, topic=topic, contact=me)

    subscriber = Subscriber.objects.create(
        email=EMAIL, first_name=FIRST, last_name=LAST, status="lead", source="gated_download"
    )
    newsletter = Newsletter.objects.create(subject_fr="Lettre", body_fr="Bonjour", slug="lettre")
    Delivery.objects.create(
        newsletter=newsletter,
        email=EMAIL,
        name=f"{FIRST} {LAST}",
        subscriber=subscriber,
        contact=me,
        status="sent",
        sent_at=timezone.now(),
        opened_at=timezone.now(),
        clicked_at=timezone.now(),
        click_count=2,
    )
    asset = PressAsset(kind="brochure", title_fr="Plaquette", slug="plaquette", is_gated=True)
    asset.file.save("plaquette.pdf", ContentFile(b"%PDF"), save=False)
    asset.save()
    DownloadRequest.objects.create(subscriber=subscriber, asset=asset)

    _survey, invitation = _survey_with_answers(me)
    _draft_survey, draft_invitation = _survey_with_answers(me)
    ResponseDraft.objects.create(invitation=draft_invitation, answers={"1": f"signé {LAST}"})
    # A public link that counts one answer per confirmed address: one answer waiting for its
    # confirmation, one confirmed.
    PendingResponse.objects.create(survey=_survey, email=EMAIL, values={"1": f"{LAST} ici"})
    PublicRespondent.objects.create(
        survey=_draft_survey, email_hash=PublicRespondent.hash_email(EMAIL)
    )
    _collaboration_traces(me, personas, staff)
    _discussions_traces(me, user, group)
    testimonials_factories.personal_data_traces(contact=me, email=EMAIL)
    _member_news_traces(me, personas)
    _award_traces(me, personas)
    _api_traces(user, personas)
    _network_traces(user, personas)
    _webhook_traces()
    return {"contact": me, "user": user, "document": document, "job": job}


def _api_traces(user, personas):
    """The open API: a token the person made for their organization, and a write made
    with it."""
    from api.models import ApiAuditEntry
    from api.tests.helpers import organization_token

    organization_token(user, personas.org_a)
    ApiAuditEntry.objects.create(
        token=user.api_tokens.get(), actor=user, method="POST", path="/api/v1/x", status=405
    )


def _network_traces(user, personas):
    """The person answered for their organization on the network directory feed."""
    from network.models import NetworkConsentRecord

    NetworkConsentRecord.objects.create(
        organization=personas.org_a, granted=True, recorded_by=user, text_version="2026-12"
    )


def _webhook_traces():
    """A webhook message told an application of the person's registration."""
    from webhooks.models import WebhookMessage
    from webhooks.tests.factories import endpoint_listening

    WebhookMessage.objects.create(
        endpoint=endpoint_listening("registration.confirmed"),
        event_type="registration.confirmed",
        payload={"type": "registration.confirmed", "data": {"email": EMAIL, "last_name": LAST}},
    )


def _discussions_traces(me, user, group):
    from community.models import (
        DiscussionMessage,
        MessageReport,
        NotificationPreference,
        Thread,
        ThreadRead,
    )

    # Their own messages stay after erasure, without their name: the text names nobody.
    thread = Thread.objects.create(group=group, title="Modèles d'audit", author=me)
    message = DiscussionMessage.objects.create(thread=thread, author=me, body="Voici le nôtre.")
    MessageReport.objects.create(message=message, reporter=me, reason="Doublon")
    NotificationPreference.objects.create(contact=me, group=group, frequency="each")
    ThreadRead.objects.create(thread=thread, user=user, last_message_id=message.pk)


def _member_news_traces(me, personas):
    from communications.models import NewsArticle

    NewsArticle.objects.create(
        slug="actualite-membre",
        title_fr="Nouveau produit",
        body_fr="Texte.",
        organization=personas.org_a,
        kind=NewsArticle.Kind.PRODUCT,
        moderation=NewsArticle.Moderation.PENDING,
        is_published=False,
        submitted_by=me,
    )


def _award_traces(me, personas):
    from community.models import AwardApplication, Juror, JurorConflict, JuryScore
    from community.tests.awards_helpers import category_of, edition_make

    edition = edition_make()
    application = AwardApplication.objects.create(
        edition=edition,
        category=category_of(edition),
        organization=personas.org_b,
        submitted_by=me,
        presentation="Notre innovation.",
        public_summary="Un résumé.",
    )
    juror = Juror.objects.create(
        edition=edition,
        contact=me,
        name=f"{FIRST} {LAST}",
        email=EMAIL,
        organization_name=personas.org_a.name,
        conflicts_declared_at=timezone.now(),
    )
    JurorConflict.objects.create(juror=juror, organization=personas.org_a)
    JuryScore.objects.create(
        juror=juror, application=application, criterion=edition.criteria.first(), value=3
    )


def _collaboration_traces(me, personas, staff):
    from collaboration.models import (
        Call,
        DigestSending,
        DigestSubscription,
        Introduction,
        Opportunity,
        Participation,
        Post,
        Project,
    )

    post = Post.objects.create(
        organization=personas.org_a,
        author=me,
        kind="need",
        title="Partenaire cybersécurité",
        description="Pour un client industriel.",
        expires_on=datetime.date(2099, 1, 1),
    )
    Introduction.objects.create(
        requester=personas.org_a,
        requested_by=me,
        target=personas.org_b,
        post=post,
        message=f"Bonjour, ici {FIRST} {LAST} ({EMAIL})",
    )
    call = Call.objects.create(
        slug="appel", title_fr="Appel", deadline=timezone.now(), created_by=staff
    )
    project = Project.objects.create(
        call=call,
        slug="projet",
        title="Projet",
        summary="Idée",
        lead=personas.org_a,
        submitted_by=me,
    )
    Participation.objects.create(
        project=project, organization=personas.org_b, contact=me, contribution="Des capteurs"
    )
    Opportunity.objects.create(
        kind="internship",
        slug="stage",
        title="Stage",
        description="Six mois.",
        organization=personas.org_a,
        poster=me,
        apply_email=EMAIL,
        expires_on=datetime.date(2099, 1, 1),
    )
    DigestSubscription.objects.create(contact=me)
    DigestSending.objects.create(contact=me, week_start=datetime.date(2026, 11, 30), posts=2)


def test_the_export_has_something_from_every_exported_declaration(everywhere):
    data = personal_data.personal_data_export(contact=everywhere["contact"])
    exported = [d for d in registry.declarations() if not isinstance(d.export, registry.Nothing)]
    assert list(data) == ["format", "exported_at", "consents_in_force", *[d.key for d in exported]]
    empty = [key for key, value in data.items() if not value]
    assert empty == []
    # The findings of the audit, one by one.
    assert [t["title"] for t in data["debate_topics"]] == ["Sobriété numérique"]
    assert [v["topic"] for v in data["debate_votes"]] == ["Sobriété numérique"]
    [delivery] = data["newsletter_deliveries"]
    assert delivery["opened_at"] and delivery["clicked_at"] and delivery["click_count"] == 2
    assert [r["asset"] for r in data["press_download_requests"]] == ["Plaquette"]
    assert [a["motivation"] for a in data["membership_applications"]] == ["Nous voulons rejoindre"]
    assert [d["title"] for d in data["documents_uploaded"]] == [f"CV {LAST}"]
    assert len(data["survey_invitations"]) == 2
    assert data["survey_drafts"][0]["answers"] == {"1": f"signé {LAST}"}
    assert [e["to"] for e in data["emails_sent"]] == [EMAIL]
    # The second factor's secret is the person's key, not their data to hand out.
    assert "secret" not in str(data["second_factors"])


def _text_fields(model):
    text = (models.CharField, models.TextField, models.JSONField)
    return [f for f in model._meta.concrete_fields if isinstance(f, text)]


def test_after_erasure_no_column_of_any_model_holds_the_address_or_the_name(
    everywhere, django_capture_on_commit_callbacks
):
    document, job = everywhere["document"], everywhere["job"]
    document_storage, document_name = document.file.storage, document.file.name
    job_storage, job_name = job.file.storage, job.file.name
    staff_free_text = {(d.model, name) for d in registry.declarations() for name in d.free_text}

    with django_capture_on_commit_callbacks(execute=True):
        personal_data.contact_erase(contact=everywhere["contact"], erased_by=None)

    left = []
    for model in apps.get_models():
        for field in _text_fields(model):
            if (model, field.name) in staff_free_text:
                continue
            for needle in (EMAIL, LAST):
                rows = model.objects.filter(**{f"{field.name}__icontains": needle})
                left += [f"{model._meta.label}.{field.name}: {needle}" for _row in rows]
    assert left == []
    # The uploaded document and the imported spreadsheet are gone, files included.
    assert not WorkingGroupDocument.objects.filter(pk=document.pk).exists()
    assert not document_storage.exists(document_name)
    assert not job_storage.exists(job_name)
    # What staff wrote freely is left for them, and listed below.
    assert Interaction.objects.filter(summary__contains=LAST).exists()


def test_the_erasure_page_lists_staff_notes_naming_the_person_with_links(
    everywhere, personas, client_for, django_assert_num_queries
):
    contact = everywhere["contact"]
    Interaction.objects.create(
        organization=personas.org_b, kind="note", summary="Rien à voir avec personne"
    )
    # Written without accents and in capitals: still found.
    Interaction.objects.create(
        organization=personas.org_b, kind="note", summary="Relancer ZEBULON-QUATREFAGES Martine"
    )
    url = reverse("portal:staff_contact_erase", args=[contact.pk])
    client = client_for("staff")

    # Session, user, the contact with its counts, one search per model of staff notes (with
    # what their links need), the layout's member check.
    with django_assert_num_queries(8):
        page = client.get(url)
    mentions = page.context["mentions"]
    assert sorted(m.text for m in mentions) == sorted(
        [
            f"Appel avec {FIRST} {LAST} ({EMAIL})",
            "Relancer ZEBULON-QUATREFAGES Martine",
            f"Vu avec {FIRST} {LAST}",
            f"Payé par {LAST.upper()} {FIRST.lower()}",
        ]
    )
    organization_b = reverse("members:staff_organization", args=[personas.org_b.slug])
    assert organization_b in page.content.decode()
    assert "Rien à voir" not in page.content.decode()

    # Listed once more after erasing, when no name is left to search by.
    erased = client.post(url)
    assert erased.context["contact"].anonymised_at is not None
    assert len(erased.context["mentions"]) == 4
    assert organization_b in erased.content.decode()
    assert client.get(url).context["mentions"] == []
