import polib
from django.conf import settings

FRENCH = settings.BASE_DIR / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_french_catalogue_is_complete_and_reviewed():
    catalogue = polib.pofile(str(FRENCH))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"French translations missing: {untranslated[:10]}"
    assert not fuzzy, f"French translations to review (fuzzy): {fuzzy[:10]}"


def test_french_translations_keep_their_placeholders():
    catalogue = polib.pofile(str(FRENCH))
    for entry in catalogue.translated_entries():
        for placeholder in ("%(", "{{"):
            assert entry.msgid.count(placeholder) <= sum(
                text.count(placeholder) for text in [entry.msgstr, *entry.msgstr_plural.values()]
            ), entry.msgid
