"""Personal data held by community (see core.personal_data). Imported by
CommunityConfig.ready().

Applications belong to organizations, messages to working groups, testimonials to the cluster;
what points at a person is who wrote, scored or said them. Erasure keeps the rows (the record
and the figures) and removes the person from them; a published testimonial comes down."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models import (
    AwardApplication,
    DiscussionMessage,
    Edition,
    Juror,
    MessageReport,
    NotificationPreference,
    SuccessStory,
    Testimonial,
    TestimonialConsent,
    Thread,
    ThreadRead,
)
from core.links import links_revoke
from core.personal_data import (
    EMAIL_SENDING,
    HOSTING,
    LOGIN_ONLY,
    LegalBasis,
    Nothing,
    Person,
    Retention,
    iso,
    register,
)

# Awards ------------------------------------------------------------------------------------


register(Edition, **LOGIN_ONLY)

_AWARDS_KEPT = Retention(_("Kept with the record of the awards; the person is removed on erasure"))


def _award_applications_export(person: Person) -> list[dict]:
    if person.contact is None:
        return []
    return [
        {
            "edition": application.edition.title_fr,
            "category": application.category.name_fr,
            "organization": application.organization.name,
            "status": application.status,
            "result": application.result,
            "submitted_at": iso(application.created_at),
        }
        for application in AwardApplication.objects.filter(
            submitted_by=person.contact
        ).select_related("edition", "category", "organization")
    ]


def _award_applications_erase(person: Person) -> None:
    if person.contact is not None:
        AwardApplication.objects.filter(submitted_by=person.contact).update(submitted_by=None)
    if person.user is not None:
        AwardApplication.objects.filter(nominated_by=person.user).update(nominated_by=None)


register(
    AwardApplication,
    key="award_applications",
    purpose=_("Applications to the innovation awards, sent for an organization"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Who sent the application or nominated the organization"),
    retention=_AWARDS_KEPT,
    export=_award_applications_export,
    erase=_award_applications_erase,
    processors=(HOSTING, EMAIL_SENDING),
)


def _jurors_of(person: Person):
    condition = person.by_address("email")
    if person.contact is not None:
        condition |= Q(contact=person.contact)
    return Juror.objects.filter(condition, erased_at__isnull=True)


def _jurors_export(person: Person) -> list[dict]:
    jurors = (
        _jurors_of(person)
        .select_related("edition")
        .prefetch_related(
            "conflicts__organization",
            "scores__criterion",
            "scores__application__organization",
        )
    )
    return [
        {
            "edition": juror.edition.title_fr,
            "name": juror.name,
            "email": juror.email,
            "organization": juror.organization_name,
            "invited_at": iso(juror.invited_at),
            "conflicts_declared_at": iso(juror.conflicts_declared_at),
            "conflicts": [conflict.organization.name for conflict in juror.conflicts.all()],
            "scores": [
                {
                    "application": score.application.organization.name,
                    "criterion": score.criterion.label_fr,
                    "score": score.value,
                    "scored_at": iso(score.scored_at),
                }
                for score in juror.scores.all()
            ],
        }
        for juror in jurors
    ]


def _jurors_erase(person: Person) -> None:
    # The seats, conflicts and scores stay (the ranking's figures); the name, the address,
    # the link to the register and the personal links go.
    for juror in _jurors_of(person):
        links_revoke(target=juror, purpose=Juror.LINK_PURPOSE)
    _jurors_of(person).update(
        name=Juror.ERASED_NAME,
        email="",
        organization_name="",
        contact=None,
        erased_at=timezone.now(),
    )


register(
    Juror,
    key="award_jurors",
    purpose=_("The innovation awards' jury: invitations, conflicts of interest and scores"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Name, email, organization, declared conflicts of interest, scores"),
    retention=_AWARDS_KEPT,
    export=_jurors_export,
    erase=_jurors_erase,
    processors=(HOSTING, EMAIL_SENDING),
)

# Discussions -------------------------------------------------------------------------------
# A person's messages stay in their group's threads (the conversation and the figures of
# the reports need them); erasure removes the person, shown then as a former member.


_DISCUSSIONS_KEPT = Retention(
    _("Kept with the working group's discussions; the person is removed on erasure")
)


def _threads_export(person: Person) -> list[dict]:
    return [
        {
            "group": thread.group.name_fr,
            "title": thread.title,
            "started_at": iso(thread.created_at),
        }
        for thread in Thread.objects.filter(author=person.contact).select_related("group")
    ]


register(
    Thread,
    key="discussion_threads",
    purpose=_("Threads started in a working group's discussions"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Author"),
    retention=_DISCUSSIONS_KEPT,
    export=_threads_export,
    erase=lambda person: Thread.objects.filter(author=person.contact).update(author=None),
)


def _messages_export(person: Person) -> list[dict]:
    return [
        {
            "group": message.thread.group.name_fr,
            "thread": message.thread.title,
            "message": message.body,
            "document": message.attachment_name,
            "hidden": message.is_hidden,
            "posted_at": iso(message.created_at),
        }
        for message in DiscussionMessage.objects.filter(author=person.contact).select_related(
            "thread__group"
        )
    ]


register(
    DiscussionMessage,
    key="discussion_messages",
    purpose=_("Messages posted in a working group's discussions"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Author, the message and its document"),
    retention=_DISCUSSIONS_KEPT,
    export=_messages_export,
    erase=lambda person: DiscussionMessage.objects.filter(author=person.contact).update(
        author=None
    ),
    processors=(HOSTING, EMAIL_SENDING),
)


def _reports_export(person: Person) -> list[dict]:
    return [
        {
            "thread": report.message.thread.title,
            "reason": report.reason,
            "status": report.status,
            "reported_at": iso(report.created_at),
        }
        for report in MessageReport.objects.filter(reporter=person.contact).select_related(
            "message__thread"
        )
    ]


register(
    MessageReport,
    key="discussion_reports",
    purpose=_("Messages reported to the moderators of the discussions"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Who reported, the reason"),
    retention=_DISCUSSIONS_KEPT,
    export=_reports_export,
    erase=lambda person: MessageReport.objects.filter(reporter=person.contact).update(
        reporter=None
    ),
)


def _preferences_export(person: Person) -> list[dict]:
    return [
        {"group": preference.group.name_fr, "emails": preference.frequency}
        for preference in NotificationPreference.objects.filter(
            contact=person.contact
        ).select_related("group")
    ]


register(
    NotificationPreference,
    key="discussion_email_preferences",
    purpose=_("Which emails a person wants about a working group's discussions"),
    legal_basis=LegalBasis.CONSENT,
    categories=_("The choice of emails per group"),
    retention=Retention(_("As long as the person is a member of the group; deleted on erasure")),
    export=_preferences_export,
    erase=lambda person: NotificationPreference.objects.filter(contact=person.contact).delete(),
)


def _reads_erase(person: Person) -> None:
    if person.user is not None:
        ThreadRead.objects.filter(user=person.user).delete()


register(
    ThreadRead,
    purpose=_("Which messages of the discussions a person has already read"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("The last message read in each thread"),
    retention=Retention(_("As long as the thread; deleted on erasure")),
    export=Nothing(_("A technical marker of what was read, shown as unread counts.")),
    erase=_reads_erase,
)


# Testimonials and success stories ----------------------------------------------------------


def _testimonials_of(person: Person):
    condition = person.by_address("email")
    if person.contact is not None:
        condition |= Q(contact=person.contact)
    return Testimonial.objects.filter(condition, anonymised_at__isnull=True)


def _testimonials_export(person: Person) -> list[dict]:
    return [
        {
            "name": testimonial.person_name,
            "role": testimonial.role,
            "company": testimonial.company,
            "email": testimonial.email,
            "quote_fr": testimonial.quote_fr,
            "quote_en": testimonial.quote_en,
            "photo": bool(testimonial.photo),
            "published_at": iso(testimonial.published_at),
            "consents": [
                {
                    "how": consent.method,
                    "given_on": iso(consent.given_on),
                    "text_version": consent.text_version,
                    "withdrawn_at": iso(consent.withdrawn_at),
                    "withdrawn_by": consent.withdrawal_method,
                }
                for consent in testimonial.consents.all()
            ],
        }
        for testimonial in _testimonials_of(person)
        .select_related("organization")
        .prefetch_related("consents")
    ]


def _testimonials_erase(person: Person) -> None:
    from community.services.testimonials import testimonial_anonymise

    for testimonial in _testimonials_of(person):
        testimonial_anonymise(testimonial=testimonial)


register(
    Testimonial,
    key="testimonials",
    purpose=_("Testimonials the cluster publishes with the person's consent"),
    legal_basis=LegalBasis.CONSENT,
    categories=_("Name, role, company, photo, email address, the quote"),
    retention=Retention(
        _(
            "Published while the consent is in force; on erasure the testimonial comes down and "
            "keeps no name"
        )
    ),
    export=_testimonials_export,
    erase=_testimonials_erase,
    processors=(HOSTING, EMAIL_SENDING),
    free_text=("quote_fr", "quote_en"),
    review_url=lambda row: reverse("community:staff_testimonial_edit", args=[row.pk]),
)
register(
    TestimonialConsent,
    purpose=_("Proof of the consent to publish a testimonial, and of its withdrawal"),
    legal_basis=LegalBasis.LEGAL_OBLIGATION,
    categories=_("How and when consent was given and withdrawn, the login that recorded it"),
    retention=Retention(_("As long as the testimonial's record")),
    export=Nothing(_("Exported with the person's testimonials.")),
    erase=Nothing(_("Kept as proof; the testimonial it is for keeps no name.")),
)
register(SuccessStory, **LOGIN_ONLY)
