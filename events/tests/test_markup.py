import pytest


@pytest.mark.django_db
def test_event_page_renders_its_description_as_sanitised_markdown(client):
    from events.models import Event
    from events.tests.factories import EventFactory

    event = EventFactory(
        audience=Event.Audience.PUBLIC,
        description_en="Bring **your badge**.\n\n- first\n- second\n\n<script>alert(1)</script>",
    )

    html = client.get(f"/en/events/{event.slug}/").content.decode()

    assert "<strong>your badge</strong>" in html
    assert "<li>first</li>" in html
    assert "<script>alert(1)</script>" not in html and "**your badge**" not in html
