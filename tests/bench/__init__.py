"""`make bench`: load the main pages with wrk against gunicorn, as in production."""
