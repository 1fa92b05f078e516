"""What collaboration adds to the pages of the apps below it, registered when the app is
ready (apps.py)."""
