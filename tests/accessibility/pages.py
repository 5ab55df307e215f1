"""Every page of the app that axe-core checks, in one list: adding a page is one line.

Each entry: a name, the role that opens it ("editor", "viewer", "admin", "norole" or "anonymous"),
the path (with {claim}, {article}, {speaker}, {outlet} filled from the test data) and what to do
on the page before the check (None, or the name of an action in test_axe.ACTIONS)."""

PAGES = [
    ("login", "anonymous", "/accounts/login/", None),
    ("queue", "editor", "/", None),
    ("queue, filtered", "editor", "/?outlet={outlet}&kind=indirect&status=unreviewed", None),
    ("queue, search", "editor", "/?q=stabilized", None),
    ("queue, nothing found", "editor", "/?q=zzzzunfindable", None),
    ("queue, help dialog open", "editor", "/", "open_help"),
    ("queue, note open", "editor", "/", "open_note"),
    ("queue, read-only", "viewer", "/", None),
    ("claim page", "editor", "/claims/{claim}/", None),
    ("article reader", "editor", "/articles/{article}/", None),
    ("article reader, claim in the side panel", "editor", "/articles/{article}/", "open_panel"),
    ("speaker page", "editor", "/speakers/{speaker}/", None),
    ("speaker identity", "editor", "/speakers/{speaker}/identity/", None),
    ("compare", "editor", "/compare/", None),
    ("compare, filtered", "editor", "/compare/?outlet={outlet}&date_from=2022-01-01", None),
    ("preferences", "editor", "/preferences/", None),
    ("preferences, refused", "editor", "/preferences/", "refuse_zone"),
    ("import page", "admin", "/admin/kzclaims/article/import/", None),
    ("my queue", "editor", "/?assigned=me", None),
    ("assignments", "admin", "/team/", None),
    ("assign from a filtered queue", "admin", "/team/assign/?outlet={outlet}", None),
    ("agreement", "admin", "/agreement/", None),
    ("resolution queue", "admin", "/agreement/resolve/", None),
    ("not found (404)", "editor", "/claims/999999999/", None),
    ("not allowed (403)", "viewer", "/claims/{claim}/", "post_tag"),
    ("no access", "norole", "/", None),
]
