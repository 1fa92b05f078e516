from django.urls import path  # noqa: F401

app_name = "community"

# Innovation awards: public pages, applications in the member space, the jury, the back-office.
awards_urlpatterns: list = []

# Working groups' discussions: threads in the member space (group members) and for staff.
discussions_urlpatterns: list = []

# Testimonials and success stories: public pages and the back-office.
testimonials_urlpatterns: list = []

urlpatterns = awards_urlpatterns + discussions_urlpatterns + testimonials_urlpatterns
