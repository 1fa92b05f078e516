"""What reports show on stored public pages (core.pagecache): a public report version appears
in the press room and on the public annual report page."""

from core.pagecache import changes_feed, changes_private
from reports import models

changes_feed(models.ReportVersion, ("reports",))

for model, reason in (
    (models.Report, "drafts are staff's; only published versions are public"),
    (models.ReportDownload, "download counts are staff's"),
    (models.MemberStatement, "statements are private to each member"),
):
    changes_private(model, reason)
