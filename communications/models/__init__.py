"""Public content and communication: the FAQ, the newsletter (subscribers, issues,
deliveries), news and the press room, and the communication plan with its indicators."""

from communications.models.content import MediaCoverage, NewsArticle, PressAsset, PressRelease
from communications.models.faq import FaqCategory, FaqEntry, FaqEntryQuerySet
from communications.models.newsletters import Delivery, DownloadRequest, Newsletter, Subscriber
from communications.models.plan import Action, Indicator, Measurement, Objective, Target

__all__ = [
    "Action",
    "Delivery",
    "DownloadRequest",
    "FaqCategory",
    "FaqEntry",
    "FaqEntryQuerySet",
    "Indicator",
    "Measurement",
    "MediaCoverage",
    "NewsArticle",
    "Newsletter",
    "Objective",
    "PressAsset",
    "PressRelease",
    "Subscriber",
    "Target",
]
