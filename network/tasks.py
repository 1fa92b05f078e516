"""Celery tasks of the network app: each loads its objects by key and calls a service."""

from celery import shared_task

from network.models import PartnerDirectory


@shared_task(soft_time_limit=600)
def partner_directories_import() -> int:
    """Beat task: queue the import of every active partner directory; returns how many."""
    from network.services import imports

    return imports.partner_directories_import()


@shared_task(soft_time_limit=120)
def partner_directory_import(partner_id: int) -> bool:
    from network.services import imports

    partner = PartnerDirectory.objects.filter(pk=partner_id).first()
    if partner is None:  # Deleted meanwhile.
        return False
    return imports.partner_directory_import(partner=partner)
