from webhooks.services.endpoints import webhook_endpoint_create


def endpoint_listening(*event_types, url="https://hooks.example.org/in", created_by=None):
    """An enabled endpoint receiving `event_types`, made as staff make one."""
    return webhook_endpoint_create(
        url=url, purpose="Test", event_types=list(event_types), created_by=created_by
    )
