"""What collaboration shows on stored public pages (core.pagecache): published calls and the
success stories on the "calls" topic, the opportunities board on "opportunities". Needs,
offers and introductions live in the member space."""

from collaboration import models
from core.pagecache import changes_feed, changes_private

CALLS = ("calls",)

for model in (
    models.Call,
    models.CallDocument,
    models.Criterion,
    models.Project,
    models.Participation,
):
    changes_feed(model, CALLS)
changes_feed(models.Opportunity, ("opportunities",))

for model, reason in (
    (models.ProjectStageChange, "a project's history is staff's"),
    (models.Score, "scores are staff's"),
    (models.Post, "needs and offers are shown to members only"),
    (models.Introduction, "introductions are private to both sides"),
    (models.DigestSubscription, "a person's email preference"),
    (models.DigestSending, "a record of emails sent"),
):
    changes_private(model, reason)
