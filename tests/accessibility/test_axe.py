"""axe-core (tests/vendor/axe-core) on every page of the app in a real Chromium, signed in with
the role that sees the page: no serious or critical violation. The pages are listed in
pages.py; a failure names the rule, the elements and axe's help."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.accessibility.pages import PAGES
from tests.conftest import PASSWORD, login, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + n.failureSummary),
  }));
}"""


def open_help(page):
    page.get_by_role("button", name="Keys").click()
    expect(page.locator("dialog#keys")).to_be_visible()


def open_note(page):
    page.locator(".claim-row details.note summary").first.click()
    expect(page.locator(".claim-row details.note textarea").first).to_be_visible()


def open_panel(page):
    page.locator("#article-body mark.hl").first.click()
    expect(page.locator("#side-panel #panel-claim")).to_be_visible()


def refuse_zone(page):
    page.get_by_label("A time zone I choose").check()
    page.get_by_label("Time zone", exact=True).fill("Mars/Olympus")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".field-error")).to_be_visible()


def post_tag(page):
    """A viewer's write, sent as a plain form would be: the app answers with its 403 page."""
    with page.expect_navigation():
        page.evaluate(
            """() => {
              const form = document.createElement("form");
              form.method = "post";
              form.action = location.pathname + "tag/";
              for (const [name, value] of [["status", "verified"], ["version", "1"],
                  ["csrfmiddlewaretoken", document.cookie.match(/csrftoken=([^;]+)/)[1]]]) {
                const input = document.createElement("input");
                input.name = name; input.value = value; form.append(input);
              }
              document.body.append(form);
              form.submit();
            }"""
        )
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


ACTIONS = {f.__name__: f for f in (open_help, open_note, open_panel, refuse_zone, post_tag)}


def sign_in(page, live_server, role):
    if role == "anonymous":
        return
    user = {
        "editor": lambda: make_user("edith", "editor"),
        "viewer": lambda: make_user("victor", "viewer"),
        "admin": lambda: make_user("ada", "admin", is_staff=True),
        "norole": lambda: make_user("nora"),
    }[role]()
    if role == "norole":  # the login form sends her to the "no access" page
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        return
    login(page, live_server, user)


def violations(page):
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]


@pytest.mark.parametrize(("name", "role", "path", "action"), PAGES, ids=[p[0] for p in PAGES])
def test_no_serious_accessibility_violations(
    page, live_server, review_data, name, role, path, action, console_errors
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.add_init_script(path=str(AXE))  # via the browser, not the page: CSP stays strict
    claim = review_data[0]
    sign_in(page, live_server, role)
    url = path.format(
        claim=claim.pk,
        article=claim.article_id,
        speaker=claim.speaker_id,
        outlet=claim.article.outlet.slug,
    )
    page.goto(f"{live_server.url}{url}")
    if action:
        ACTIONS[action](page)
    found = violations(page)
    assert not found, "\n".join(
        f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"]) for v in found
    )
    assert page.evaluate("typeof axe") == "object"  # axe really ran on this page


def test_axe_finds_what_it_should(page, live_server, review_data):
    """The check is live: a page with an unlabelled button and an image without text fails."""
    page.add_init_script(path=str(AXE))
    login(page, live_server, make_user("edith", "editor"))
    page.evaluate(
        """() => {
          const b = document.createElement("button"); document.querySelector("main").append(b);
          const i = document.createElement("img"); i.src = "/static/img/favicon.svg";
          document.querySelector("main").append(i);
        }"""
    )
    ids = {v["id"] for v in violations(page)}
    assert {"button-name", "image-alt"} <= ids


def test_compare_page_with_timelines_and_diffs(page, live_server, reports):
    """The compare page with figures over several dates (the timeline) and wordings that
    differ (the diff), which the review data above does not have."""
    page.add_init_script(path=str(AXE))
    login(page, live_server, make_user("edith", "editor"))
    page.goto(f"{live_server.url}/compare/")
    expect(page.locator(".timeline svg").first).to_be_visible()
    found = violations(page)
    assert not found, found
