"""Personal data held by the communications app (see core.personal_data). Imported by
CommunicationsConfig.ready()."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from communications.models import (
    Action,
    Delivery,
    DownloadRequest,
    NewsArticle,
    Newsletter,
    Subscriber,
)
from core.personal_data import (
    EMAIL_SENDING,
    HOSTING,
    LOGIN_ONLY,
    LegalBasis,
    Person,
    Retention,
    erased_address,
    iso,
    register,
)


def _member_news_export(person: Person) -> list[dict]:
    if person.contact is None:
        return []
    articles = (
        NewsArticle.objects.filter(submitted_by=person.contact)
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "title": article.title_fr,
            "organization": article.organization.name if article.organization else "",
            "status": article.moderation,
            "submitted_at": iso(article.submitted_at),
            "published_at": iso(article.published_at) if article.is_published else None,
        }
        for article in articles
    ]


def _member_news_erase(person: Person) -> None:
    # The news is the company's and stays; only who sent it goes.
    if person.contact is not None:
        NewsArticle.objects.filter(submitted_by=person.contact).update(submitted_by=None)
    if person.user is not None:
        NewsArticle.objects.filter(created_by=person.user).update(created_by=None)


register(
    NewsArticle,
    key="member_news",
    purpose=_("News a member company submits, and who sent it to be told of the decision"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Who submitted the news and when (the text is the company's)"),
    retention=Retention(_("Kept with the news; the person is removed on erasure")),
    export=_member_news_export,
    erase=_member_news_erase,
    processors=(HOSTING, EMAIL_SENDING),
)
register(Newsletter, **LOGIN_ONLY)
register(Action, **LOGIN_ONLY)


def _deliveries(person: Person):
    return Delivery.objects.filter(Q(contact=person.contact) | person.by_address("email"))


def _deliveries_export(person: Person) -> list[dict]:
    deliveries = _deliveries(person).select_related("newsletter").order_by("sent_at", "pk")
    return [
        {
            "newsletter": delivery.newsletter.subject,
            "email": delivery.email,
            "status": delivery.status,
            "sent_at": iso(delivery.sent_at),
            "opened_at": iso(delivery.opened_at),
            "clicked_at": iso(delivery.clicked_at),
            "click_count": delivery.click_count,
        }
        for delivery in deliveries
    ]


def _deliveries_erase(person: Person) -> None:
    # The rows stay (a newsletter's sent, opened and clicked counts), without the address.
    _deliveries(person).update(email=erased_address("delivery"), name="")


register(
    Delivery,
    key="newsletter_deliveries",
    purpose=_("Sending the newsletter, and counting opens and clicks when staff ask for it"),
    legal_basis=LegalBasis.CONSENT,
    categories=_("Address, name, sending status, first open and click, click count"),
    retention=Retention(
        _("Opens and clicks are erased %(days)s after sending; the rest without the address"),
        {"days": "RETENTION_TRACKING_DAYS"},
    ),
    export=_deliveries_export,
    erase=_deliveries_erase,
    processors=(HOSTING, EMAIL_SENDING),
)


def _download_requests(person: Person):
    return DownloadRequest.objects.filter(
        Q(subscriber__contact=person.contact) | person.by_address("subscriber__email")
    )


def _download_requests_export(person: Person) -> list[dict]:
    requests = _download_requests(person).select_related("asset").order_by("created_at", "pk")
    return [
        {"asset": request.asset.title, "requested_at": iso(request.created_at)}
        for request in requests
    ]


def _download_requests_erase(person: Person) -> None:
    _download_requests(person).delete()


register(
    DownloadRequest,
    key="press_download_requests",
    purpose=_("Press room: who downloaded a document behind a form"),
    legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    categories=_("Document asked for and when (the details are the subscriber's)"),
    retention=Retention(
        _("Deleted with the lead, %(days)s after their last request"),
        {"days": "RETENTION_PROSPECT_DAYS"},
    ),
    export=_download_requests_export,
    erase=_download_requests_erase,
)


def _subscribers(person: Person):
    return Subscriber.objects.filter(Q(contact=person.contact) | person.by_address("email"))


def _subscribers_export(person: Person) -> list[dict]:
    return [
        {
            "email": subscriber.email,
            "first_name": subscriber.first_name,
            "last_name": subscriber.last_name,
            "organization_name": subscriber.organization_name,
            "status": subscriber.status,
            "language": subscriber.language,
            "source": subscriber.source,
            "consent_text_version": subscriber.consent_text_version,
            "created_at": iso(subscriber.created_at),
            "confirmed_at": iso(subscriber.confirmed_at),
            "unsubscribed_at": iso(subscriber.unsubscribed_at),
            "bounced_at": iso(subscriber.bounced_at),
        }
        for subscriber in _subscribers(person).order_by("created_at", "pk")
    ]


def _subscribers_erase(person: Person) -> None:
    # No address is kept suppressed: the person is gone, not merely unsubscribed.
    _subscribers(person).delete()


register(
    Subscriber,
    key="newsletter_subscriptions",
    purpose=_("Newsletter list and address book of people who asked for a document"),
    legal_basis=LegalBasis.CONSENT,
    categories=_("Email, name, organization, language, consent wording, status and dates"),
    retention=Retention(
        _(
            "Unconfirmed sign-ups are deleted after %(pending)s; leads without a request "
            "for %(leads)s are deleted; unsubscribed addresses are kept so as never to "
            "write to them again"
        ),
        {"pending": "RETENTION_PENDING_SIGNUP_DAYS", "leads": "RETENTION_PROSPECT_DAYS"},
    ),
    export=_subscribers_export,
    erase=_subscribers_erase,
    processors=(HOSTING, EMAIL_SENDING),
)
