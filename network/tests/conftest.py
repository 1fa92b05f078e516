import pytest

from network.tests.factories import DirectoryFeedServer


@pytest.fixture
def feed_server(settings):
    # The test server listens on 127.0.0.1, which production refuses to fetch from.
    settings.PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS = True
    server = DirectoryFeedServer().start()
    yield server
    server.stop()
