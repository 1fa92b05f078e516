"""Personal data held by the member register (see core.personal_data). Imported by
MembersConfig.ready().

Erasure anonymises rather than deletes where rows are counted: the contact row stays so that
the members of an organization, the participants of a working group and the people met in
interactions stay true, but nothing left in it says who the person was.
"""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.personal_data import (
    ANONYMISED_FIRST_NAME,
    LOGIN_ONLY,
    LegalBasis,
    Nothing,
    Person,
    Retention,
    iso,
    register,
)
from members.models import (
    Affiliation,
    ConsentRecord,
    Contact,
    DuesReminder,
    ImportJob,
    Interaction,
    Invitation,
    Membership,
    MembershipApplication,
    Organization,
    PerceptionAssessment,
    WorkingGroupDocument,
    WorkingGroupMember,
)

PROSPECTS = Retention(
    _(
        "As long as the person takes part in the cluster; prospects' contacts with no "
        "interaction for %(days)s are anonymised"
    ),
    {"days": "RETENTION_PROSPECT_DAYS"},
)
MEMBERSHIP = Retention(_("As long as the contact is in the register; kept, anonymised, on erasure"))


def _organization_erase(person: Person) -> None:
    # An organization's "general" address that is the person's own (a sole trader's) is theirs.
    Organization.objects.filter(person.by_address("email")).update(email="")


register(
    Organization,
    purpose=_("Member register: organizations and who follows them"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("The organization's general email and phone, the animator in charge"),
    retention=PROSPECTS,
    export=Nothing(_("An organization's details are not the person's; their roles in it are.")),
    erase=_organization_erase,
)


def _contact_export(person: Person) -> dict:
    contact = person.contact
    return {
        "id": contact.pk,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": contact.email,
        "phone": contact.phone,
        "job_title": contact.job_title,
        "preferred_language": contact.preferred_language,
        "created_at": iso(contact.created_at),
    }


def _contact_erase(person: Person) -> None:
    contact = person.contact
    contact.first_name = ANONYMISED_FIRST_NAME
    contact.last_name = f"#{contact.pk}"
    contact.email = ""
    contact.phone = ""
    contact.job_title = ""
    contact.anonymised_at = timezone.now()
    contact.save(
        update_fields=["first_name", "last_name", "email", "phone", "job_title", "anonymised_at"]
    )


register(
    Contact,
    key="contact",
    purpose=_("Member register: the people of member, prospect and partner organizations"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Name, email, phone, job title, preferred language, login"),
    retention=PROSPECTS,
    export=_contact_export,
    erase=_contact_erase,
)


def _affiliations_export(person: Person) -> list[dict]:
    affiliations = person.contact.affiliations.select_related("organization").order_by("pk")
    return [
        {
            "organization": affiliation.organization.name,
            "organization_slug": affiliation.organization.slug,
            "position": affiliation.position,
            "portal_role": affiliation.access,
        }
        for affiliation in affiliations
    ]


register(
    Affiliation,
    key="affiliations",
    purpose=_("Member register: who works for which organization, and their portal role"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Organization, job role, portal role"),
    retention=MEMBERSHIP,
    export=_affiliations_export,
    erase=Nothing(_("Kept, linked to the anonymised contact: the organization's count stays.")),
)


def _invitations_export(person: Person) -> list[dict]:
    invitations = (
        Invitation.objects.filter(person.by_address("email"))
        .select_related("organization")
        .order_by("created_at", "pk")
    )
    return [
        {
            "organization": invitation.organization.name,
            "email": invitation.email,
            "first_name": invitation.first_name,
            "last_name": invitation.last_name,
            "created_at": iso(invitation.created_at),
            "accepted_at": iso(invitation.accepted_at),
            "revoked_at": iso(invitation.revoked_at),
        }
        for invitation in invitations
    ]


def _invitations_erase(person: Person) -> None:
    Invitation.objects.filter(person.by_address("email")).update(
        email=f"erased-contact-{person.contact.pk}@invalid",
        first_name=ANONYMISED_FIRST_NAME,
        last_name=f"#{person.contact.pk}",
        revoked_at=timezone.now(),
    )


register(
    Invitation,
    key="invitations",
    purpose=_("Inviting people to the member space"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Name, email, language, who invited them"),
    retention=Retention(_("As long as the organization is in the register; revoked on erasure")),
    export=_invitations_export,
    erase=_invitations_erase,
    processors=(),
)


def _consents_export(person: Person) -> list[dict]:
    return [
        {
            "purpose": record.purpose,
            "granted": record.granted,
            "recorded_at": iso(record.recorded_at),
            "source": record.source,
            "text_version": record.text_version,
        }
        for record in person.contact.consents.order_by("recorded_at", "pk")
    ]


register(
    ConsentRecord,
    key="consents",
    purpose=_("Proof of consents given and withdrawn"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=_("Purpose, answer, date, source, wording version"),
    retention=Retention(_("Kept as proof; name no one once the contact is anonymised")),
    export=_consents_export,
    erase=Nothing(_("Kept as the proof of what was agreed; they name no one once anonymised.")),
)


def _interactions_export(person: Person) -> list[dict]:
    # What concerns the person only: not the other people met nor the staff author.
    interactions = (
        Interaction.objects.filter(contacts=person.contact)
        .select_related("organization")
        .order_by("happened_on", "pk")
    )
    return [
        {
            "date": iso(interaction.happened_on),
            "kind": interaction.kind,
            "organization": interaction.organization.name,
            "summary": interaction.summary,
        }
        for interaction in interactions
    ]


def _organization_page(row) -> str:
    return reverse("members:staff_organization", args=[row.organization.slug])


register(
    Interaction,
    key="interactions",
    purpose=_("Relationship follow-up by the animators (CRM)"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Date, kind, people met, summary written by staff"),
    retention=PROSPECTS,
    export=_interactions_export,
    erase=Nothing(_("Kept, linked to the anonymised contact; summaries naming them are reviewed.")),
    free_text=("summary",),
    review_url=_organization_page,
    review_related=("organization",),
)

register(
    PerceptionAssessment,
    **{
        **LOGIN_ONLY,
        "purpose": _("Segmentation of organizations by how they see the cluster"),
        "categories": _("Staff's note, the animator who assessed"),
    },
    free_text=("note",),
    review_url=_organization_page,
    review_related=("organization",),
)

register(
    Membership,
    purpose=_("Memberships, dues and invoices"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=_("Staff's notes on the membership"),
    retention=Retention(_("Ten years for accounting records (French commercial code)")),
    export=Nothing(_("The organization's membership, not the person's.")),
    erase=Nothing(_("Accounting records are kept; notes naming the person are reviewed.")),
    free_text=("notes",),
    review_url=lambda row: reverse(
        "members:staff_membership_edit", args=[row.organization.slug, row.pk]
    ),
    review_related=("organization",),
)


def _working_groups_export(person: Person) -> list[dict]:
    memberships = (
        WorkingGroupMember.objects.filter(contact=person.contact)
        .select_related("group")
        .order_by("requested_at", "pk")
    )
    return [
        {
            "group": membership.group.name_fr,
            "group_slug": membership.group.slug,
            "role": membership.role,
            "status": membership.status,
            "requested_at": iso(membership.requested_at),
            "decided_at": iso(membership.decided_at),
        }
        for membership in memberships
    ]


register(
    WorkingGroupMember,
    key="working_groups",
    purpose=_("Working groups: who takes part"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Group, role, requests and decisions"),
    retention=MEMBERSHIP,
    export=_working_groups_export,
    erase=Nothing(_("Kept, linked to the anonymised contact: the group's count stays.")),
)


def _documents_export(person: Person) -> list[dict]:
    if person.user is None:
        return []
    documents = (
        WorkingGroupDocument.objects.filter(uploaded_by=person.user)
        .select_related("group")
        .order_by("uploaded_at", "pk")
    )
    return [
        {
            "group": document.group.name_fr,
            "title": document.title,
            "file_name": document.file.name.rsplit("/", 1)[-1],
            "uploaded_at": iso(document.uploaded_at),
        }
        for document in documents
    ]


def _documents_erase(person: Person) -> None:
    if person.user is None:
        return
    documents = WorkingGroupDocument.objects.filter(uploaded_by=person.user)
    files = [(document.file.storage, document.file.name) for document in documents]
    documents.delete()

    def remove_files():
        for storage, name in files:
            storage.delete(name)

    # The files go once the rows are gone for good: a rolled-back erasure keeps both.
    transaction.on_commit(remove_files)


register(
    WorkingGroupDocument,
    key="documents_uploaded",
    purpose=_("Working groups: documents shared by their members"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Documents and who uploaded them"),
    retention=Retention(_("As long as the group; the documents a person uploaded go with them")),
    export=_documents_export,
    erase=_documents_erase,
)


def _import_jobs_erase(person: Person) -> None:
    # A spreadsheet brought in holds many people: once its import is over, the file, its
    # preview and its errors are only a record. Those that name the person are emptied.
    condition = Q(pk__in=[])
    for needle in (*person.addresses, *person.names):
        condition |= Q(preview__icontains=needle) | Q(errors__icontains=needle)
    finished = [ImportJob.Status.DONE, ImportJob.Status.FAILED]
    for job in ImportJob.objects.filter(condition, status__in=finished):
        storage, name = job.file.storage, job.file.name
        ImportJob.objects.filter(pk=job.pk).update(file="", preview=[], errors=[])
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


register(
    ImportJob,
    **{
        **LOGIN_ONLY,
        "purpose": _("Bringing spreadsheets of organizations and contacts into the register"),
        "categories": _("The spreadsheet, a preview of its rows, the staff member who imported"),
        "erase": _import_jobs_erase,
    },
)


def _dues_reminders_export(person: Person) -> list[dict]:
    reminders = (
        DuesReminder.objects.filter(person.by_address("sent_to"))
        .select_related("membership__organization")
        .order_by("sent_at", "pk")
    )
    return [
        {
            "organization": reminder.membership.organization.name,
            "sent_to": reminder.sent_to,
            "sent_at": iso(reminder.sent_at),
        }
        for reminder in reminders
    ]


def _dues_reminders_erase(person: Person) -> None:
    DuesReminder.objects.filter(person.by_address("sent_to")).update(
        sent_to=f"erased-contact-{person.contact.pk}@invalid"
    )


register(
    DuesReminder,
    key="dues_reminders",
    purpose=_("Memberships, dues and invoices"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("The address a dues reminder was sent to"),
    retention=Retention(_("As long as the membership; the address goes on erasure")),
    export=_dues_reminders_export,
    erase=_dues_reminders_erase,
    processors=(),
)


def _applications_export(person: Person) -> list[dict]:
    applications = (
        MembershipApplication.objects.filter(contact=person.contact)
        .select_related("organization", "category")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "organization": application.organization.name,
            "category": application.category.name_fr if application.category else None,
            "motivation": application.motivation,
            "status": application.status,
            "submitted_at": iso(application.submitted_at),
            "reviewed_at": iso(application.reviewed_at),
            "decision_message": application.decision_message,
        }
        for application in applications
    ]


def _applications_erase(person: Person) -> None:
    # The decision stays (the organization's history); the person's words and the message
    # written to them go.
    MembershipApplication.objects.filter(contact=person.contact).update(
        motivation="", decision_message=""
    )


register(
    MembershipApplication,
    key="membership_applications",
    purpose=_("Membership applications sent from the public site"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Applicant's details, motivation, staff's decision and message"),
    retention=Retention(
        _("Rejected applications are deleted %(days)s after the decision"),
        {"days": "RETENTION_REJECTED_APPLICATION_DAYS"},
    ),
    export=_applications_export,
    erase=_applications_erase,
)
