"""Panels: the sections a higher app adds to a page of a lower app.

A page of a lower app cannot import the apps above it, yet may show their sections: an
organization's 360° page (members) shows its event attendance (events) and survey answers
(surveys). The page declares a `Panels` registry in its app's `panels.py`; each app above
registers its section there from its AppConfig.ready(): a template and a function that
reads what the template needs. The view calls `build(...)` with the page's object and the
template renders each built panel in place with `{% panel built %}` (core's `portal` tags).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    key: str
    template_name: str
    context: Callable[..., dict[str, Any]]
    order: int


@dataclass(frozen=True)
class BuiltPanel:
    """A panel ready to render: its template and the context it adds to the page's."""

    key: str
    template_name: str
    context: dict[str, Any]


class Panels:
    def __init__(self, page: str):
        self.page = page
        self._panels: dict[str, Panel] = {}

    def register(
        self,
        key: str,
        *,
        template_name: str,
        context: Callable[..., dict[str, Any]],
        order: int = 100,
    ) -> None:
        """Add (or replace: ready() may run twice in tests) the section named `key`.
        Sections show in `order`, then by key."""
        self._panels[key] = Panel(key, template_name, context, order)

    def keys(self) -> list[str]:
        return [panel.key for panel in self._sorted()]

    def build(self, **kwargs) -> list[BuiltPanel]:
        """Each section's context, read now, for the page's object(s) given as keywords."""
        return [
            BuiltPanel(panel.key, panel.template_name, panel.context(**kwargs))
            for panel in self._sorted()
        ]

    def _sorted(self) -> list[Panel]:
        return sorted(self._panels.values(), key=lambda panel: (panel.order, panel.key))

    def __repr__(self) -> str:
        return f"<Panels of {self.page}: {', '.join(self.keys()) or 'none'}>"
