"""Nothing of the API's own models is shown on stored public pages."""

from api.models import ApiAuditEntry, ApiToken
from core.pagecache import changes_private

changes_private(ApiToken, "API tokens are their makers'")
changes_private(ApiAuditEntry, "the audit log is staff's")
