from api.models.tokens import ApiAuditEntry, ApiToken

__all__ = ["ApiAuditEntry", "ApiToken"]
