"""Every public page is valid HTML, as the Nu HTML checker (vnu) sees it.

Invalid markup is what browsers and screen readers repair each in their own way: a duplicate
id sends an anchor or an `aria-labelledby` to the wrong element, a stray end tag moves
content out of its landmark. The pages of the walk, in French and English, and the
anonymous forms showing their errors go to one run of the checker (one JVM start); so do
the pages of the back-office's and the member space's navigation.

`.ci/run` installs Java and the `vnu-jar` npm package; elsewhere the test is skipped when
they are missing. `VNU_JAR` names the jar, otherwise it is looked for in npm's global folder.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.public_pages import LANGUAGES, public_paths, seed_demo_cluster

# htmx's attributes are not HTML's; the checker knows no way to declare them.
HTMX_ATTRIBUTE = re.compile(r"^Attribute “hx-[\w:-]+” not allowed on element")


def _vnu_jar() -> Path | None:
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    npm = shutil.which("npm")
    if npm is None:
        return None
    root = subprocess.run([npm, "root", "--global"], capture_output=True, text=True, check=False)
    return Path(root.stdout.strip()) / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    """The command that runs the checker, to which the files are appended."""
    java, jar = shutil.which("java"), _vnu_jar()
    if java is None or jar is None or not jar.is_file():
        message = (
            "The Nu HTML checker needs Java and the vnu-jar npm package "
            "(apt-get install default-jre-headless; npm install --global vnu-jar)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-jar", str(jar), "--format", "json", "--stdout", "--exit-zero-always"]


def _errors(vnu: list[str], pages: dict[str, str], folder: Path) -> list[str]:
    """`pages` maps a name to its HTML; the checker's errors as "name:line: message"."""
    names = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page-{number:03}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    result = subprocess.run(
        [*vnu, *(str(folder / file) for file in names)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    errors = []
    for message in json.loads(result.stdout)["messages"]:
        # "info" messages (warnings among them) pass; errors and "non-document-error"s
        # (a file it could not read) fail.
        if message["type"] == "info" or HTMX_ATTRIBUTE.match(message["message"]):
            continue
        name = names.get(Path(message.get("url", "")).name, message.get("url", "?"))
        line = message.get("lastLine", "?")
        errors.append(f"{name}:{line}: {message['message']} [{message.get('extract', '')}]")
    return errors


def _page(client, path: str, *, method: str = "get", data: dict | None = None) -> str:
    # Followed: a few links of the member space lead to their organization's own page.
    response = getattr(client, method)(path, data or {}, follow=True)
    assert response.status_code == 200, f"{method.upper()} {path}: {response.status_code}"
    return response.content.decode()


def test_checker_reports_a_duplicate_id(vnu, tmp_path):
    # The check below only means something if the checker does report what it should.
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        '<body hx-get="/"><h2 id="twice">a</h2><p id="twice">b</p></body></html>'
    )

    errors = _errors(vnu, {"duplicate": page}, tmp_path)

    assert len(errors) == 1 and errors[0].startswith("duplicate:1: Duplicate ID “twice”")


def test_public_pages_and_their_forms_with_errors_are_valid_html(vnu, client, db, tmp_path):
    seed_demo_cluster()
    pages = {}
    for language in LANGUAGES:
        for path in public_paths(language, lambda path: _page(client, path)):
            pages[path] = _page(client, path)
        # Forms sent empty or wrong come back with their errors next to the fields.
        for path, data in [
            ("join/", {"organization_name": ""}),
            ("newsletter/", {"email": "not-an-address"}),
            ("accounts/login/", {"login": "nobody@example.org", "password": "wrong"}),
            ("accounts/password/reset/", {"email": "not-an-address"}),
        ]:
            html = _page(client, f"/{language}/{path}", method="post", data=data)
            assert 'aria-invalid="true"' in html or "alert--error" in html, f"{path}: no error"
            pages[f"POST /{language}/{path}"] = html

    errors = _errors(vnu, pages, tmp_path)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    ("email", "home"), [("staff@demo.local", "/fr/staff/"), ("member@demo.local", "/fr/space/")]
)
def test_back_office_and_member_space_pages_are_valid_html(vnu, client, db, tmp_path, email, home):
    seed_demo_cluster()
    client.force_login(get_user_model().objects.get(email=email))
    navigation = re.search(r'<ul id="sidebar-links">(.*?)</ul>', _page(client, home), re.S)[1]
    paths = re.findall(r'href="(/fr/[^"]+)"', navigation)
    pages = {path: _page(client, path) for path in paths}

    assert len(pages) > 10
    errors = _errors(vnu, pages, tmp_path)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)
