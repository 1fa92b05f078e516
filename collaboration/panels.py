"""The sections apps above collaboration add to its pages (see core.panels)."""

from core.panels import Panels

# A need or offer's staff page (its suggestions): context(post=...).
staff_post_page = Panels("a need or offer's staff page")
