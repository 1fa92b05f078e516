"""What every app's demo data (`manage.py seed_demo`) needs and no domain owns."""


def unique(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… the first not in `taken`, which it joins: slugs and
    web domains of thousands of demo rows must not collide."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    taken.add(candidate)
    return candidate
