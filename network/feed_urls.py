"""The feed partner clusters poll, outside the language prefixes: one stable address."""

from django.urls import path

from network.views import feed

app_name = "network_feed"

urlpatterns = [
    path("network/directory.json", feed.directory_json, name="directory_json"),
]
