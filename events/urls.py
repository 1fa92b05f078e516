from django.urls import path  # noqa: F401  (each area below adds its routes)

app_name = "events"

# Each area of the app adds its routes in its own block.
urlpatterns = [
    # Public calendar and event pages
    # Registration, waitlist, check-in
    # Feeds: public, personal, partner clusters
    # Staff back-office
    # Thematic debates
]
