"""The layers between the apps (README, "Architecture"), as import-linter checks them.

core < members < events < surveys < collaboration < network < community < communications <
reports < webhooks < api < portal < cluster_portal: each package imports only those below it,
function-level imports and tests included. The contract lives in pyproject.toml; `make test`
runs `lint-imports` before pytest, and these tests prove the contract holds and that it would
catch an upward import.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = (
    "cluster_portal",
    "core",
    "members",
    "events",
    "surveys",
    "collaboration",
    "network",
    "community",
    "communications",
    "reports",
    "webhooks",
    "api",
    "portal",
)


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_of_the_project(tmp_path: Path) -> Path:
    """The Python packages and the contract, without templates, static files or data."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            copy / package,
            ignore=lambda directory, names: [
                name
                for name in names
                if not name.endswith(".py") and not (Path(directory) / name).is_dir()
            ],
        )
    return copy


def test_the_contract_declares_every_app_in_its_layer():
    contract = (ROOT / "pyproject.toml").read_text()
    apps = [app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()]
    for app in apps:
        assert f'"{app}"' in contract, f"{app} is not in the layers contract of pyproject.toml"


def test_the_apps_import_only_downwards():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, upward",
    [
        # core is a library: not even a lazy import of a domain app.
        ("core/upward_probe.py", "def f():\n    from members.models import Organization\n"),
        # members knows nothing of the events built on it.
        ("members/upward_probe.py", "from events.models import Event\n"),
        # An app's tests obey its layer too.
        ("events/tests/test_upward_probe.py", "from surveys.models import Survey\n"),
        # Only the top layer may read every app.
        ("communications/upward_probe.py", "from portal.services import personal_data\n"),
        # The reports read every domain app; the portal reads them, never the reverse.
        ("reports/upward_probe.py", "from portal.services import space\n"),
    ],
)
def test_an_upward_import_breaks_the_contract(tmp_path, module, upward):
    copy = _copy_of_the_project(tmp_path)
    assert _lint_imports(copy).returncode == 0
    (copy / module).write_text(upward)
    result = _lint_imports(copy)
    assert result.returncode != 0
    probe = module.removesuffix(".py").replace("/", ".")
    assert "BROKEN" in result.stdout and probe in result.stdout, result.stdout


DOMAIN_APPS = (
    "members",
    "events",
    "surveys",
    "collaboration",
    "network",
    "community",
    "communications",
    "reports",
    "webhooks",
    "api",
)
TEMPLATE_FOLDERS = {"public", "space", "staff", "emails", "pdf"}


@pytest.mark.parametrize("app", (*DOMAIN_APPS, "portal"))
def test_every_app_has_the_same_layout(app):
    """README, "Architecture": the same places in every app, so a newcomer who knows one
    app knows where everything is in the others."""
    folder = ROOT / app
    for package in ("services", "views", "tests"):
        assert (folder / package / "__init__.py").is_file(), f"{app}/{package}/ is not a package"
    for module in ("apps.py", "urls.py", "permissions.py", "tasks.py"):
        assert (folder / module).is_file(), f"{app}/{module} is missing"
    if app in DOMAIN_APPS:
        assert (folder / "privacy.py").is_file(), f"{app}/privacy.py is missing"
        demo = (folder / "demo.py").is_file() or (folder / "demo" / "__init__.py").is_file()
        assert demo, f"{app}/demo.py is missing"
        for package in ("models", "forms"):
            assert (folder / package / "__init__.py").is_file(), f"{app}/{package}/ is missing"
        assert (folder / "selectors.py").is_file() or (folder / "selectors").is_dir()
    # One module per area inside the packages, never beside them.
    strays = sorted(
        path.name
        for path in folder.glob("*.py")
        if path.stem in {"models", "services", "views", "forms"}
        or path.stem.startswith(("forms_", "views_", "services_"))
    )
    assert not strays, f"{app}: {strays} belong in the package of the same name"
    # Templates by audience: nothing loose at the top of templates/<app>/.
    templates = folder / "templates" / app
    loose = sorted(path.name for path in templates.iterdir() if path.is_file())
    assert not loose, f"{app}: templates {loose} belong in one of {sorted(TEMPLATE_FOLDERS)}"
    unknown = {path.name for path in templates.iterdir() if path.is_dir()} - TEMPLATE_FOLDERS
    assert not unknown, f"{app}: template folders {unknown} are not one of {TEMPLATE_FOLDERS}"


def test_core_holds_no_page_of_the_apps():
    """core is a library: its templates are the back-office pages of its own models only."""
    templates = {path.name for path in (ROOT / "core" / "templates" / "core").rglob("*.html")}
    assert templates <= {"staff_emails.html", "staff_notifications.html"}, templates
