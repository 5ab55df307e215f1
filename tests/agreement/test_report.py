"""The agreement report read from the database: original tags only, per pair, by outlet and by
kind, scoped to what the user may see, in a fixed number of queries."""

import pytest

from kzclaims.agreement.report import agreement_report
from kzclaims.models import DoubleReview
from tests.agreement.factories import blind_tag, make_assignment, make_claims, tag_table
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# The fifty proposals (kappa 0.40, 70% agreement) in the first two statuses.
PROPOSALS = [[20, 5, 0], [10, 15, 0], [0, 0, 0]]


def pair(report_group, a, b):
    return next(p for p in report_group.pairs if (p.editor_a, p.editor_b) == (a, b))


def test_pair_figures_and_confusion_table_of_a_constructed_set(admin_user, editors):
    anna, boris, _ = editors
    tag_table(make_assignment(), anna, boris, PROPOSALS)
    report = agreement_report(admin_user)
    assert report.overall.claims == 50
    figures = pair(report.overall, "anna", "boris")
    assert figures.kappa.value == pytest.approx(0.40)
    assert figures.agreement.value == pytest.approx(0.70)
    assert figures.n == 50
    assert figures.confusion == PROPOSALS
    assert report.overall.alpha.value == pytest.approx(0.40)


def test_only_original_tags_count(admin_user, editors):
    anna, boris, _ = editors
    assignment = make_assignment()
    claims = tag_table(assignment, anna, boris, [[3, 2, 0], [0, 3, 0], [0, 0, 2]])
    before = pair(agreement_report(admin_user).overall, "anna", "boris")
    # boris changes his mind on every claim he disagreed on: new rows, later than the first.
    for claim in claims[3:5]:
        blind_tag(assignment, claim, boris, "verified")
    after = pair(agreement_report(admin_user).overall, "anna", "boris")
    assert after.confusion == before.confusion == [[3, 2, 0], [0, 3, 0], [0, 0, 2]]
    assert after.kappa.value == before.kappa.value


def test_by_outlet_and_by_kind(admin_user, editors):
    anna, boris, chen = editors
    assignment = make_assignment()
    tag_table(assignment, anna, boris, [[4, 0, 0], [0, 4, 0], [0, 0, 0]], outlet="TASS")
    tag_table(
        assignment, anna, chen, [[2, 2, 0], [2, 2, 0], [0, 0, 0]], outlet="Izvestia",
        kind="indirect",
    )  # fmt: skip
    report = agreement_report(admin_user)
    by_outlet = {g.label: g for g in report.by_outlet}
    assert set(by_outlet) == {"TASS", "Izvestia"}
    assert by_outlet["TASS"].claims == 8
    assert pair(by_outlet["TASS"], "anna", "boris").kappa.value == pytest.approx(1.0)
    assert by_outlet["TASS"].alpha.value == pytest.approx(1.0)
    assert pair(by_outlet["Izvestia"], "anna", "chen").kappa.value == pytest.approx(0.0)
    by_kind = {g.label: g for g in report.by_kind}
    assert by_kind["Direct quotation"].claims == 8
    assert by_kind["Reported speech"].agreement.value == pytest.approx(0.5)
    assert report.overall.claims == 16
    assert report.overall.agreement.value == pytest.approx(12 / 16)


def test_three_editors_on_one_claim_and_missing_tags(admin_user, editors):
    anna, boris, chen = editors
    assignment = make_assignment()
    one, two, three = make_claims(3)
    for editor, status in ((anna, "verified"), (boris, "verified"), (chen, "disputed")):
        blind_tag(assignment, one, editor, status)
    blind_tag(assignment, two, anna, "disputed")
    blind_tag(assignment, two, chen, "disputed")
    blind_tag(assignment, three, boris, "verified")  # a single tag: not double-reviewed
    report = agreement_report(admin_user)
    assert report.overall.claims == 2
    assert {(p.editor_a, p.editor_b): p.n for p in report.overall.pairs} == {
        ("anna", "boris"): 1,
        ("anna", "chen"): 2,
        ("boris", "chen"): 1,
    }
    assert report.overall.alpha.n == 2


def test_single_reviews_do_not_count(admin_user, editors):
    anna, boris, _ = editors
    single = make_assignment(reviews=1)
    claim = make_claims(1)[0]
    blind_tag(single, claim, anna, "verified")
    blind_tag(single, claim, boris, "disputed")
    assert agreement_report(admin_user).empty


def test_undefined_kappa_in_the_report(admin_user, editors):
    anna, boris, _ = editors
    tag_table(make_assignment(), anna, boris, [[5, 0, 0], [0, 0, 0], [0, 0, 0]])
    report = agreement_report(admin_user)
    figures = pair(report.overall, "anna", "boris")
    assert figures.kappa.value is None
    assert "Verified" in figures.kappa.reason
    assert figures.agreement.value == 1
    assert report.overall.alpha.value is None


def test_a_resolver_sees_only_the_assignments_naming_them(admin_user, editors, resolver):
    anna, boris, chen = editors
    tag_table(make_assignment(resolver=resolver), anna, boris, PROPOSALS)
    tag_table(make_assignment(), anna, chen, [[1, 1, 0], [0, 1, 0], [0, 0, 0]])
    mine = agreement_report(resolver)
    assert [(p.editor_a, p.editor_b) for p in mine.overall.pairs] == [("anna", "boris")]
    assert mine.overall.claims == 50
    assert agreement_report(admin_user).overall.claims == 53
    nobody = make_user("nobody", "editor")
    assert agreement_report(nobody).empty


def test_query_count_does_not_grow_with_the_claims(admin_user, editors, django_assert_num_queries):
    anna, boris, _ = editors
    assignment = make_assignment()
    tag_table(assignment, anna, boris, [[1, 1, 0], [0, 1, 0], [0, 0, 1]])
    # the admin check (the user's permissions, kzclaims.roles: their own and their groups',
    # cached on the user after the first time), the figures' counts, editors' names, outlets'
    # names
    with django_assert_num_queries(5):
        agreement_report(admin_user)
    tag_table(assignment, anna, boris, [[20, 5, 3], [4, 9, 2], [1, 1, 7]], outlet="TASS")
    admin_user = type(admin_user).objects.get(pk=admin_user.pk)  # a new request's user
    with django_assert_num_queries(5):
        agreement_report(admin_user)


def test_double_review_state_does_not_change_the_figures(admin_user, editors):
    anna, boris, _ = editors
    assignment = make_assignment()
    tag_table(assignment, anna, boris, PROPOSALS)
    before = agreement_report(admin_user).overall.pairs[0].kappa.value
    DoubleReview.objects.filter(state="disagreed").update(state="resolved")
    assert agreement_report(admin_user).overall.pairs[0].kappa.value == before
