"""The sections apps above communications add to its pages (see core.panels)."""

from core.panels import Panels

# The public press room: context() with no argument.
press_room = Panels("the press room")
