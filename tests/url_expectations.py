"""Who may open a URL, as the persona matrix (tests/test_urls_personas.py) states it: the
expected answer of each persona. Apps whose URLs are listed in modules of their own (the
collaboration pages, in tests/personas_*.py) use the same vocabulary."""

from conftest import PERSONA_NAMES

LOGIN = "login"  # 302 to the login page

PUBLIC = dict.fromkeys(PERSONA_NAMES, 200)
STAFF_ONLY = {
    "staff": 200,
    "member_admin": 403,
    "member_contact": 403,
    "other_member": 403,
    "anonymous": LOGIN,
}
MEMBERS_ONLY = {
    "staff": 403,
    "member_admin": 200,
    "member_contact": 200,
    "other_member": 200,
    "anonymous": LOGIN,
}
# Organization A's admin only; other members must not even learn the page exists.
ORG_A_ADMIN_ONLY = {
    "staff": 403,
    "member_admin": 200,
    "member_contact": 404,
    "other_member": 404,
    "anonymous": LOGIN,
}
REDIRECT_ALL = dict.fromkeys(PERSONA_NAMES, 302)
# Organization A's admins and staff (pages that staff may use on the organization's behalf).
ORG_A_MANAGERS = {**ORG_A_ADMIN_ONLY, "staff": 200}
# A working group's page: its accepted members (org A's admin leads it) and staff.
GROUP_MEMBERS = {**ORG_A_MANAGERS}
