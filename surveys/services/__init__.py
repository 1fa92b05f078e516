"""Use cases of the surveys app, one module per area: building (surveys), sending,
answering (answers)."""
