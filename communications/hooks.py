"""What communications adds to the apps below it, registered when the app is ready (apps.py)."""

from communications.models import Subscriber
from communications.selectors import member_news as member_news_selectors
from communications.selectors.subscriptions import contact_newsletter_consent
from communications.services import subscriptions
from members import panels as members_panels
from members.models import ConsentRecord
from members.services.consents import ConsentAnswer, ConsentOwner, consent_owner_register


def _newsletter_answer(*, contact) -> ConsentAnswer:
    """The subscription of the address decides (contact_newsletter_consent)."""
    newsletter = contact_newsletter_consent(contact=contact)
    return ConsentAnswer(
        purpose=ConsentRecord.Purpose.NEWSLETTER,
        state=newsletter.state,
        label=newsletter.label,
        granted=newsletter.granted,
        since=newsletter.since,
        changeable=newsletter.state != newsletter.State.BOUNCED,
    )


def _newsletter_choose(*, contact, granted: bool, text_version: str) -> None:
    """From "My data": subscribes or unsubscribes the address (and records the consent)."""
    subscriptions.subscription_member_set(
        contact=contact, subscribed=granted, consent_text_version=text_version
    )


def _newsletter_join_request(*, contact, organization_name: str, text_version: str) -> None:
    """The box ticked on the membership application: the same double opt-in as the
    newsletter page, so the subscription (what sending obeys) and the record agree."""
    subscriptions.subscription_request(
        email=contact.email,
        first_name=contact.first_name,
        last_name=contact.last_name,
        organization_name=organization_name,
        language=contact.preferred_language,
        source=Subscriber.Source.JOIN_FORM,
        consent_text_version=text_version,
    )


consent_owner_register(
    ConsentRecord.Purpose.NEWSLETTER,
    ConsentOwner(
        answer=_newsletter_answer,
        choose=_newsletter_choose,
        join_request=_newsletter_join_request,
    ),
)


# Member news: a member company's directory profile lists its latest published news. The
# profile is stored on "register", which news of a company feeds (pages.py).
def _profile_news(*, organization) -> dict:
    return {
        "member_news": member_news_selectors.organization_news_published(organization=organization)
    }


members_panels.profile_page.register(
    "communications_member_news",
    template_name="communications/public/_profile_news.html",
    context=_profile_news,
    order=60,
)
