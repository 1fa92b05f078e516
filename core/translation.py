from django.utils.translation import get_language


class Fallback(str):
    """French text standing in for a missing English one. Templates mark it with the
    `in_original_language` filter (lang="fr" and a visible note), so an English reader
    knows the French is not an error of the page."""

    language = "fr"


def in_language(french: str, english: str) -> str:
    """The English text for English readers when there is one, the French text otherwise
    (as a Fallback when an English reader gets it).

    Content typed by staff and members (descriptions, FAQ answers, names) is stored in both
    languages side by side; French is always filled, English is optional.
    """
    if get_language() == "en":
        return english if english else Fallback(french)
    return french
