"""Pages that read several apps at once."""
