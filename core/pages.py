"""No row of core's own models shows on a stored public page (core.pagecache)."""

from core import models
from core.pagecache import changes_private

for model in (
    models.User,
    models.SentEmail,
    models.OutboxTask,
    models.AnimatorPreferences,
    models.PersonalLink,
):
    changes_private(model, "accounts, emails and background work are nobody's public page")
