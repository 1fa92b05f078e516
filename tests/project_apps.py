"""The project's own apps, read from INSTALLED_APPS: the walks over every app's models, forms
and URLs take them from here, so a new app is walked the day it is installed."""

from pathlib import Path

from django.conf import settings

PROJECT_APPS = tuple(
    dict.fromkeys(
        app.split(".")[0]
        for app in settings.INSTALLED_APPS
        if (Path(settings.BASE_DIR) / app.split(".")[0]).is_dir()
    )
)
