"""What reports adds to the pages of the apps below it, registered when the app is ready."""
