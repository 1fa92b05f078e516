import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files only views that check permissions may hand out (working-group and agreement
    documents). They live in PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, so that no web-server
    rule for /media/ can ever publish them."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)
