"""No survey row shows on a stored public page (core.pagecache): answer pages carry forms that
post, so they are rendered for each visitor."""

from core.pagecache import changes_private
from surveys import models

for model in (
    models.Survey,
    models.Section,
    models.Question,
    models.Invitation,
    models.ResponseDraft,
    models.Response,
    models.PendingResponse,
    models.PublicRespondent,
    models.Answer,
    models.SurveyResults,
):
    changes_private(model, "survey pages carry forms that post: they are never stored")
