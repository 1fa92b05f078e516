"""The full address of a page in an email, in the recipient's language."""

from core.email import page_address


def test_a_page_address_is_the_site_and_the_path_in_the_language(settings):
    settings.SITE_URL = "https://cluster.example/"

    assert page_address("collaboration:space_posts", language="en") == (
        "https://cluster.example/en/space/needs-offers/"
    )
    assert page_address("collaboration:space_introduction", language="fr", pk=7) == (
        "https://cluster.example/fr/space/introductions/7/"
    )
    # No language (a contact who never chose): the site's own.
    assert page_address("collaboration:call_list").startswith("https://cluster.example/fr/")
