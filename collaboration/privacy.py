"""Personal data held by collaboration (see core.personal_data). Imported by
CollaborationConfig.ready().

Needs, offers, projects and introductions belong to organizations; what points at a person
is who wrote or answered them. Erasure keeps the rows (an organization's history, the
figures of the reports) and removes the person from them."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collaboration.models import (
    Call,
    DigestSending,
    DigestSubscription,
    Introduction,
    Opportunity,
    Participation,
    Post,
    Project,
    ProjectStageChange,
    Score,
)
from core.personal_data import (
    EMAIL_SENDING,
    HOSTING,
    LOGIN_ONLY,
    LegalBasis,
    Person,
    Retention,
    iso,
    register,
)

register(Call, **LOGIN_ONLY)
register(ProjectStageChange, **LOGIN_ONLY)
register(Score, **LOGIN_ONLY)

_KEPT = Retention(_("Kept with the organization's record; the person is removed on erasure"))


def _posts_export(person: Person) -> list[dict]:
    return [
        {
            "kind": post.kind,
            "title": post.title,
            "organization": post.organization.name,
            "posted_at": iso(post.created_at),
            "expires_on": iso(post.expires_on),
        }
        for post in Post.objects.filter(author=person.contact).select_related("organization")
    ]


register(
    Post,
    key="collaboration_posts",
    purpose=_("Needs and offers posted for the organization, to find partners among members"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Author"),
    retention=_KEPT,
    export=_posts_export,
    erase=lambda person: Post.objects.filter(author=person.contact).update(author=None),
)


def _introductions(person: Person):
    return Introduction.objects.filter(
        Q(requested_by=person.contact) | Q(decided_by=person.contact)
    ).select_related("requester", "target")


def _introductions_export(person: Person) -> list[dict]:
    return [
        {
            "requester": introduction.requester.name,
            "target": introduction.target.name,
            "status": introduction.status,
            "message": introduction.message
            if introduction.requested_by_id == person.contact.pk
            else "",
            "asked_at": iso(introduction.created_at),
            "answered_at": iso(introduction.decided_at),
        }
        for introduction in _introductions(person)
    ]


def _introductions_erase(person: Person) -> None:
    Introduction.objects.filter(requested_by=person.contact).update(requested_by=None, message="")
    Introduction.objects.filter(decided_by=person.contact).update(decided_by=None)


register(
    Introduction,
    key="collaboration_introductions",
    purpose=_("Introductions between member organizations, asked for and answered"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Who asked or answered, the message"),
    retention=_KEPT,
    export=_introductions_export,
    erase=_introductions_erase,
    processors=(HOSTING, EMAIL_SENDING),
)


def _participations_export(person: Person) -> list[dict]:
    return [
        {
            "project": participation.project.title,
            "organization": participation.organization.name,
            "contribution": participation.contribution,
            "status": participation.status,
            "expressed_at": iso(participation.created_at),
        }
        for participation in Participation.objects.filter(contact=person.contact).select_related(
            "project", "organization"
        )
    ]


register(
    Participation,
    key="collaboration_participations",
    purpose=_("Expressions of interest in collaborative projects"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Who expressed the interest"),
    retention=_KEPT,
    export=_participations_export,
    erase=lambda person: Participation.objects.filter(contact=person.contact).update(contact=None),
)


def _projects_export(person: Person) -> list[dict]:
    return [
        {
            "project": project.title,
            "call": project.call.title,
            "submitted_at": iso(project.created_at),
        }
        for project in Project.objects.filter(submitted_by=person.contact).select_related("call")
    ]


register(
    Project,
    key="collaboration_projects",
    purpose=_("Collaborative projects submitted to the cluster's calls"),
    legal_basis=LegalBasis.CONTRACT,
    categories=_("Who submitted the project"),
    retention=_KEPT,
    export=_projects_export,
    erase=lambda person: Project.objects.filter(submitted_by=person.contact).update(
        submitted_by=None
    ),
)


def _opportunities_export(person: Person) -> list[dict]:
    return [
        {
            "kind": opportunity.kind,
            "title": opportunity.title,
            "apply_email": opportunity.apply_email,
            "posted_at": iso(opportunity.created_at),
            "expires_on": iso(opportunity.expires_on),
        }
        for opportunity in Opportunity.objects.filter(
            Q(poster=person.contact) | person.by_address("apply_email")
        )
    ]


def _opportunities_erase(person: Person) -> None:
    # A published offer whose address to apply to was the person's has nowhere to send
    # candidates any more: it is withdrawn.
    Opportunity.objects.filter(person.by_address("apply_email")).exclude(apply_url="").update(
        apply_email=""
    )
    Opportunity.objects.filter(person.by_address("apply_email"), apply_url="").update(
        apply_email="erased@invalid", status=Opportunity.Status.WITHDRAWN
    )
    Opportunity.objects.filter(poster=person.contact).update(poster=None)


register(
    Opportunity,
    key="collaboration_opportunities",
    purpose=_("Internships, jobs and trainings posted on the opportunities board"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Who posted it, the email address candidates write to"),
    retention=Retention(_("Kept while published; the person's address is removed on erasure")),
    export=_opportunities_export,
    erase=_opportunities_erase,
)


register(
    DigestSubscription,
    key="collaboration_digest",
    purpose=_("Weekly email of new needs and offers matching the person's organization"),
    legal_basis=LegalBasis.CONSENT,
    categories=_("Subscription date"),
    retention=Retention(_("Until the person unsubscribes")),
    export=lambda person: [
        {"subscribed_at": iso(subscription.subscribed_at)}
        for subscription in DigestSubscription.objects.filter(contact=person.contact)
    ],
    erase=lambda person: DigestSubscription.objects.filter(contact=person.contact).delete(),
    processors=(HOSTING, EMAIL_SENDING),
)


register(
    DigestSending,
    key="collaboration_digests_sent",
    purpose=_("Keeping each weekly digest from being sent twice"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Week and number of items sent"),
    retention=Retention(_("Deleted on erasure")),
    export=lambda person: [
        {"week_start": iso(sending.week_start), "posts": sending.posts}
        for sending in DigestSending.objects.filter(contact=person.contact)
    ],
    erase=lambda person: DigestSending.objects.filter(contact=person.contact).delete(),
)
