"""The sections apps above events add to events' pages (see core.panels)."""

from core.panels import Panels

# The staff dashboard of one event, in its "After the event" card: context(event=...).
event_dashboard = Panels("an event's staff dashboard")
