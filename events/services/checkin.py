"""The door: recording who came."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Registration
from events.services.registrations import RegistrationError


@transaction.atomic
def registration_attendance_set(*, registration: Registration, attendance: str, by) -> None:
    """Record at the door that the person came (or did not). Only people holding a seat or
    waiting for one count: a cancelled or never confirmed registration is nobody's."""
    if attendance not in Registration.Attendance.values:
        raise RegistrationError(_("Unknown attendance."))
    status = (
        Registration.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=registration.pk)
    )
    if status == Registration.Status.CANCELLED:
        raise RegistrationError(_("This registration is cancelled."))
    if status == Registration.Status.PENDING:
        raise RegistrationError(_("This registration was never confirmed by email."))
    registration.attendance = attendance
    if attendance == Registration.Attendance.PRESENT:
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = by
    else:
        registration.checked_in_at = None
        registration.checked_in_by = None
    registration.save(update_fields=["attendance", "checked_in_at", "checked_in_by"])
