from django.urls import path  # noqa: F401

app_name = "collaboration"

# Calls for collaborative projects: public, member space, back-office.
calls_urlpatterns = []


# Needs, offers and introductions: member space, back-office.
introductions_urlpatterns = []


# The opportunities board: public, member space, back-office.
opportunities_urlpatterns = []


urlpatterns = [*calls_urlpatterns, *introductions_urlpatterns, *opportunities_urlpatterns]
