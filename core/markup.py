"""Markdown written by staff (events, news, newsletters, FAQ, groups...), turned into HTML
safe to show anywhere.

Staff accounts can be phished: the rendered HTML is sanitised with an allow-list (nh3), so
no script, event handler or `javascript:` link ever reaches a page or an email.

Every long text field (`TextField`) of the project is declared here, either as Markdown or
as plain text with the reason: `core/tests/test_markup.py` fails for an undeclared one and
for a template that shows a Markdown field without the `markdown` filter (or
`markdown_text`, for excerpts), so no long text staff write is shown raw.
"""

import functools
import html
import re
import threading
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

# The help text of the fields of MARKDOWN_FIELDS in the forms staff write them in.
MARKDOWN_HELP = _("Markdown: **bold**, *italics*, [link](https://…), lists with -.")

# "app_label.Model.field": long texts staff write, shown as sanitised Markdown. Templates
# reach them by the field's name or, for the _fr/_en pairs, the property in the visitor's
# language (`event.description`). The texts member organizations and debate proposers write
# about themselves are descriptions too, and read the same way: one rule for one name.
MARKDOWN_FIELDS = {
    "collaboration.Call.eligibility_en",
    "community.AwardApplication.presentation",
    "community.Message.body",
    "community.SuccessStory.body_en",
    "community.SuccessStory.body_fr",
    "community.Edition.guidance_en",
    "community.Edition.guidance_fr",
    "community.Edition.rules_en",
    "community.Edition.rules_fr",
    "collaboration.Call.eligibility_fr",
    "collaboration.Call.description_en",
    "collaboration.Call.description_fr",
    "collaboration.Opportunity.description",
    "collaboration.Post.description",
    "collaboration.Project.story_en",
    "collaboration.Project.story_fr",
    "collaboration.Project.summary",
    "communications.FaqEntry.answer_en",
    "communications.FaqEntry.answer_fr",
    "communications.Newsletter.body_en",
    "communications.Newsletter.body_fr",
    "communications.NewsArticle.body_en",
    "communications.NewsArticle.body_fr",
    "communications.PressRelease.body_en",
    "communications.PressRelease.body_fr",
    "communications.MediaCoverage.notes",
    "events.Event.description_en",
    "events.Event.description_fr",
    "events.DebateTopic.description",
    "members.Interaction.summary",
    "members.MembershipApplication.decision_message",
    "members.Membership.notes",
    "members.MembershipCategory.description_en",
    "members.MembershipCategory.description_fr",
    "members.Organization.description_en",
    "members.Organization.description_fr",
    "members.Organization.offer_en",
    "members.Organization.offer_fr",
    "members.PartnershipAgreement.description_en",
    "members.PartnershipAgreement.description_fr",
    "members.PerceptionAssessment.note",
    "members.WorkingGroup.description_en",
    "members.WorkingGroup.description_fr",
    # Network of clusters: partner organizations' texts, Markdown as in our own profiles.
    "network.PartnerOrganization.description_en",
    "network.PartnerOrganization.description_fr",
    "network.PartnerOrganization.offer_en",
    "network.PartnerOrganization.offer_fr",
    "reports.Report.intro_en",
    "reports.Report.intro_fr",
    "reports.Report.narrative_en",
    "reports.Report.narrative_fr",
    "surveys.Survey.intro_en",
    "surveys.Survey.intro_fr",
}
# Long texts that stay plain text, and why.
PLAIN_TEXT_FIELDS = {
    "collaboration.Introduction.message": "a member's note to another, shown as is",
    "community.AwardCategory.deliberation": "staff's note on the jury's deliberation, as is",
    "community.MessageReport.reason": "a member's reason for reporting a message, as is",
    "community.Testimonial.quote_en": "a person's own words, quoted as they said them",
    "community.Testimonial.quote_fr": "a person's own words, quoted as they said them",
    "collaboration.Opportunity.search_document": "the full-text search index, never shown",
    "webhooks.WebhookEndpoint.secret": "a signing secret, sealed; shown once, then its end",
    "collaboration.Participation.contribution": "a member's few lines, shown as is",
    "collaboration.Score.comment": "a scorer's remark, shown as is",
    "communications.NewsArticle.summary_en": "a one-paragraph lead, shown as is in lists",
    "communications.NewsArticle.summary_fr": "a one-paragraph lead, shown as is in lists",
    "core.SentEmail.error": "a technical error message",
    "events.PartnerCalendar.last_error": "a technical error message",
    "members.MembershipApplication.motivation": "written by the applicant",
    "members.Organization.search_document": "the full-text search index, never shown",
    "reports.Report.build_error": "a technical error message",
    # Network of clusters.
    "network.PartnerDirectory.last_error": "a technical error message",
    "network.PartnerOrganization.search_document": "the full-text search index, never shown",
    "surveys.Answer.value_text": "a respondent's answer",
}

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
}


# An <img> left without its address once filtered: removed whole.
_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def _image_source_allowed(src: str) -> bool:
    """True for a picture of the site's own uploads, /media/, relative or under SITE_URL.

    The path is judged once decoded and normalised, as the browser and the server will
    read it: `/media/../admin/`, `/media/%2e%2e/...` or `/media/..\\...` leave /media/."""
    site = settings.SITE_URL.rstrip("/")
    if src.startswith(site + "/"):
        src = src[len(site) :]
    if not src.startswith("/") or src.startswith("//"):
        return False
    path = urlsplit(src).path
    # Decoded until stable: %252e%252e is %2e%2e once, then "..".
    for _round in range(3):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    else:
        return False
    # A backslash is a slash to browsers ("/\\evil.test/" is another host) and to some
    # servers; control characters have no place in a file name.
    if "\\" in path or any(ord(char) < 0x20 or char == "\x7f" for char in path):
        return False
    if any(segment in (".", "..") for segment in path.split("/")):
        return False
    return path.startswith("/media/")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _image_source_allowed(value):
        return None
    return value


# markdown.markdown() builds a converter and loads its extensions on every call, two thirds
# of its time: each thread keeps one (a converter is not thread-safe) and resets it instead.
_converters = threading.local()


def _markdown_to_html(text: str) -> str:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        _converters.markdown = converter
    return converter.reset().convert(text)


def markdown_render(text: str) -> SafeString:
    """Markdown → sanitised HTML. Raw HTML in the source is cleaned like the rest."""
    # Lists show one text per row (interactions, follow-ups) on every request, and the same
    # text always gives the same HTML: the latest results are kept in the process. SITE_URL
    # decides which images stay, so it is part of the key.
    # str(): a lazy translation as a key would compare in whatever language is active later.
    return _markdown_render(str(text or ""), settings.SITE_URL)


@functools.lru_cache(maxsize=2048)
def _markdown_render(text: str, site_url: str) -> SafeString:
    cleaned = nh3.clean(
        _markdown_to_html(text),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    # nh3 has just removed everything not allow-listed.
    return mark_safe(_IMG_WITHOUT_SRC.sub("", cleaned))  # noqa: S308


# A pure function of the text, and lists show the same few summaries on every visit (the
# staff dashboard's follow-ups): parsing Markdown costs about half a millisecond a text.
@functools.lru_cache(maxsize=2048)
def markdown_text(text: str) -> str:
    """The words of the Markdown without its markup: for excerpts and one-line previews."""
    return html.unescape(strip_tags(markdown_render(text))).strip()
