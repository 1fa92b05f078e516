"""Member news: a member organization's admins submit news about their company; it goes
live only once staff approve it, and the submitter is told of each decision. Staff feature
any article on the home page.

A submission may be edited while it waits for moderation, or after a rejection (which sends
it back to moderation). Once published it is no longer edited from the member space: the
text is what the team approved, already in a newsletter and on the company's profile;
taking it down (withdraw) and submitting anew keeps that record honest.
"""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from communications.models import NewsArticle
from communications.services.content import news_article_save
from core.email import email_send_once, page_address
from core.outbox import task_enqueue
from core.pagecache import topics_changed
from members.models import Contact, Organization

# What the member's form sets; status, moderation and authorship are the services'.
MEMBER_FIELDS = (
    "kind",
    "title_fr",
    "summary_fr",
    "body_fr",
    "title_en",
    "summary_en",
    "body_en",
    "link",
)
# Staff edit the same text before approving.
STAFF_FIELDS = MEMBER_FIELDS
EDITABLE = (NewsArticle.Moderation.PENDING, NewsArticle.Moderation.REJECTED)


class MemberNewsNotEditableError(Exception):
    """Published or withdrawn: the member space no longer changes it."""


class MemberNewsNotPendingError(Exception):
    """Moderated (or withdrawn) in the meantime: nothing to decide."""


class MemberNewsChangedError(Exception):
    """Edited after the moderator opened it: what they read is not what would go live."""


def _text_set(article: NewsArticle, data: dict, fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data:
            setattr(article, name, data[name] or "")


@transaction.atomic
def member_news_submit(
    *,
    organization: Organization,
    contact: Contact | None,
    user,
    data: dict,
    image: UploadedFile | None = None,
) -> NewsArticle:
    """A company's news, waiting for moderation (not public: is_published stays off)."""
    article = NewsArticle(
        organization=organization,
        submitted_by=contact,
        moderation=NewsArticle.Moderation.PENDING,
        submitted_at=timezone.now(),
        is_published=False,
        revision=1,
    )
    _text_set(article, data, MEMBER_FIELDS)
    return news_article_save(article=article, data={}, image=image, user=user)


def _locked(article: NewsArticle) -> NewsArticle:
    return NewsArticle.objects.select_for_update().get(pk=article.pk)


@transaction.atomic
def member_news_update(
    *, article: NewsArticle, data: dict, image: UploadedFile | None = None
) -> NewsArticle:
    """A member's edit of a pending or rejected submission: it waits for moderation again.
    The row is locked, so a moderator deciding at this moment waits, then sees it changed."""
    locked = _locked(article)
    if locked.moderation not in EDITABLE:
        raise MemberNewsNotEditableError
    _text_set(locked, data, MEMBER_FIELDS)
    locked.moderation = NewsArticle.Moderation.PENDING
    locked.moderation_note = ""
    locked.submitted_at = timezone.now()
    locked.revision += 1
    return news_article_save(article=locked, data={}, image=image)


@transaction.atomic
def member_news_withdraw(*, article: NewsArticle) -> NewsArticle:
    """Take the news down (or cancel the submission): it leaves every public page at once."""
    locked = _locked(article)
    locked.moderation = NewsArticle.Moderation.WITHDRAWN
    locked.is_published = False
    locked.is_featured = False
    locked.revision += 1
    locked.save(update_fields=["moderation", "is_published", "is_featured", "revision"])
    return locked


@transaction.atomic
def member_news_staff_update(
    *, article: NewsArticle, data: dict, image: UploadedFile | None = None
) -> NewsArticle:
    """Staff correct a submission before approving it; it keeps its status (they are the
    moderators), and the new revision is what the next decision must name."""
    locked = _locked(article)
    _text_set(locked, data, STAFF_FIELDS)
    locked.revision += 1
    return news_article_save(article=locked, data={}, image=image)


def member_news_version(article: NewsArticle) -> str:
    """What identifies the text a moderator reads: it changes with every save."""
    return str(article.revision)


def _pending_locked(article: NewsArticle, seen_version: str | None) -> NewsArticle:
    locked = _locked(article)
    if locked.moderation != NewsArticle.Moderation.PENDING:
        raise MemberNewsNotPendingError
    if seen_version is not None and seen_version != member_news_version(locked):
        raise MemberNewsChangedError
    return locked


@transaction.atomic
def member_news_approve(
    *, article: NewsArticle, moderator, seen_version: str | None = None
) -> NewsArticle:
    """Publish a pending submission, if it is still what the moderator read; the submitter
    is told, and the company's profile shows it."""
    from communications.tasks import member_news_decision_send

    article = _pending_locked(article, seen_version)
    now = timezone.now()
    article.moderation = NewsArticle.Moderation.PUBLISHED
    article.is_published = True
    article.published_at = now
    article.moderated_by = moderator
    article.moderated_at = now
    article.moderation_note = ""
    article.save()
    task_enqueue(member_news_decision_send, article.pk)
    return article


@transaction.atomic
def member_news_reject(
    *, article: NewsArticle, moderator, note: str, seen_version: str | None = None
) -> NewsArticle:
    """Decline a pending submission with a note the submitter reads (email and member
    space), if it is still what the moderator read."""
    from communications.tasks import member_news_decision_send

    article = _pending_locked(article, seen_version)
    article.moderation = NewsArticle.Moderation.REJECTED
    article.is_published = False
    article.moderated_by = moderator
    article.moderated_at = timezone.now()
    article.moderation_note = note.strip()
    article.save()
    task_enqueue(member_news_decision_send, article.pk)
    return article


def member_news_decision_send(*, article: NewsArticle) -> bool:
    """Email the submitter the decision, in their language, once per decision: a news item
    rejected, edited and moderated again gets a new email for the new decision."""
    decided = (NewsArticle.Moderation.PUBLISHED, NewsArticle.Moderation.REJECTED)
    if article.moderation not in decided or article.moderated_at is None:
        return False
    contact = article.submitted_by
    if contact is None or not contact.email:
        return False
    approved = article.moderation == NewsArticle.Moderation.PUBLISHED
    language = contact.preferred_language
    if approved:
        url = page_address("communications:news_detail", language=language, slug=article.slug)
    else:
        url = page_address(
            "communications:space_member_news_edit", language=language, pk=article.pk
        )
    return email_send_once(
        key=f"member-news:{article.pk}:{article.moderation}:{article.moderated_at.isoformat()}",
        template=(
            "communications/emails/member_news_approved"
            if approved
            else "communications/emails/member_news_rejected"
        ),
        to=contact.email,
        language=language,
        context={
            "first_name": contact.first_name,
            "title_fr": article.title_fr,
            "title_en": article.title_en,
            "note": article.moderation_note,
            "url": url,
            "contact_email": settings.CONTACT_EMAIL,
        },
    )


# Featuring on the home page (any article, staff's or a member's).


@transaction.atomic
def news_article_feature(*, article: NewsArticle, featured: bool, until=None) -> NewsArticle:
    """Put the article on the home page (until `until`, included, if given) or take it off.
    The home page is stored on topic "news", which the save changes."""
    locked = _locked(article)
    locked.is_featured = featured
    locked.featured_until = until if featured else None
    locked.save(update_fields=["is_featured", "featured_until"])
    return locked


def news_home_refresh() -> None:
    """Make stored pages on "news" stale once a day: a feature whose end date passed leaves
    the home page (the query filters by date; stored pages only change with their topic)."""
    topics_changed("news")
