import pytest

from network.tests.factories import FeedServer


@pytest.fixture
def feed_server(settings):
    # The test server listens on 127.0.0.1, which production refuses to fetch from.
    settings.PARTNER_FEEDS_ALLOW_PRIVATE_HOSTS = True
    server = FeedServer()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
