"""Celery tasks of collaboration: they load objects by key and call a service."""
