"""Use cases of the surveys app, one module per area: building (surveys), sending,
answering (answers). `invitations_bulk_create` is re-exported here: the demo data
imports it by this name."""

from surveys.services.sending import invitations_bulk_create

__all__ = ["invitations_bulk_create"]
