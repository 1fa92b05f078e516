"""Every translatable string of the source is in the French catalogue.

makemessages runs on a copy of the project in a temporary folder (never on the real
catalogue, which it would rewrite whole); a msgid it adds without a translation, or marks
fuzzy (a guess from a similar string), is one the source uses and French pages would show
in English.
"""

import os
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

PROBE = "A string planted to show the check finds what is missing"
IGNORED = shutil.ignore_patterns(
    ".venv",
    ".git",
    ".ruff_cache",
    ".pytest_cache",
    "__pycache__",
    "media",
    "private-media",
    "staticfiles",
    "bench-results",
    "*.sqlite3",
    "*.mo",
)


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> polib.POFile:
    if shutil.which("xgettext") is None:
        message = "GNU gettext is missing: apt-get install gettext"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    copy = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(settings.BASE_DIR, copy, ignore=IGNORED)
    # A string no catalogue has: the check below must report it, or it reports nothing.
    (copy / "core" / "catalogue_probe.py").write_text(
        f"from django.utils.translation import gettext_lazy\n\ngettext_lazy({PROBE!r})\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "fr",
            "-e",
            "html,txt,py",
            "-i",
            "tests",
        ],
        cwd=copy,
        env={**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": "sqlite:///unused.sqlite3"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def _name(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r} ({where})"


def test_every_msgid_of_the_source_has_a_french_translation(regenerated):
    missing = {
        entry.msgid: _name(entry)
        for entry in regenerated
        if not entry.obsolete and (entry.fuzzy or not entry.translated())
    }
    assert missing.pop(PROBE, None), "the planted string was not reported"
    assert len(regenerated) > 1000
    missing = list(missing.values())
    assert not missing, f"{len(missing)} strings missing from the French catalogue:\n" + "\n".join(
        missing
    )
