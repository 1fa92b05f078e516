from django.utils.translation import get_language


def in_language(french: str, english: str) -> str:
    """The English text for English readers when there is one, the French text otherwise.

    Content typed by staff and members (descriptions, FAQ answers, names) is stored in both
    languages side by side; French is always filled, English is optional.
    """
    if get_language() == "en" and english:
        return english
    return french
