"""What communications show on stored public pages (core.pagecache)."""

from communications import models
from core.pagecache import changes_feed, changes_private


def _news_topics(article) -> tuple[str, ...]:
    # A member company's news is listed on its directory profile, a page on "register".
    return ("news", "register") if article.organization_id else ("news",)


changes_feed(models.NewsArticle, _news_topics)
changes_feed(models.PressRelease, ("press",))
changes_feed(models.PressAsset, ("press",))
changes_feed(models.MediaCoverage, ("press",))
changes_feed(models.FaqCategory, ("faq",))
changes_feed(models.FaqEntry, ("faq",))
changes_feed(models.Newsletter, ("newsletters",))

for model, reason in (
    (models.Subscriber, "subscribers are private"),
    (models.Delivery, "deliveries are private"),
    (models.DownloadRequest, "press download requests are private"),
    (models.Objective, "the communication plan is staff's"),
    (models.Target, "the communication plan is staff's"),
    (models.Action, "the communication plan is staff's"),
    (models.Indicator, "the communication plan is staff's"),
    (models.Measurement, "the communication plan is staff's"),
):
    changes_private(model, reason)
