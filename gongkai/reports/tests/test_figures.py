"""Table 三 and 四 from the records: receipt date for 本年新收, reply date for results, open requests
carried over, a reply in the next year counted in the year of reply, an empty year."""

from __future__ import annotations

from datetime import date

from gongkai.reports import rules, selectors
from gongkai.reports.tests.factories import request, review


def test_a_year_with_no_data_gives_empty_tables(cast) -> None:
    figures = selectors.own_record_figures(cast.dept_a, 2025)
    assert figures["table3"]["rows"] == rules.empty_table3()
    assert figures["table4"] == rules.empty_table4()
    assert figures["table2"]["rules"] == {"issued": 0, "repealed": 0, "valid": 0}
    assert rules.check_table3(figures["table3"]["rows"]) == ([], [])


def test_received_replied_and_carried(cast) -> None:
    o = cast.officer_a
    request(o, cast.dept_a, date(2024, 12, 20))  # open at the start of 2025: carried over, still open → forward
    request(o, cast.dept_a, date(2024, 12, 22), outcome="disclose", replied=date(2025, 1, 10))  # carried, replied
    request(o, cast.dept_a, date(2024, 6, 1), outcome="disclose", replied=date(2024, 6, 20))  # not in 2025 at all
    request(o, cast.dept_a, date(2025, 3, 3), kind="commercial", outcome="partial", replied=date(2025, 3, 20))
    request(o, cast.dept_a, date(2025, 5, 6), kind="legal_service", outcome="withheld_secret", replied=date(2025, 5, 8))
    request(o, cast.dept_a, date(2025, 12, 20), outcome="rejected_repeat", replied=date(2026, 1, 8))  # next year
    request(cast.officer_b, cast.dept_b, date(2025, 4, 1), outcome="disclose", replied=date(2025, 4, 2))  # another department

    rows = selectors.table3_from_records(selectors.record_org_ids(cast.dept_a), 2025)
    assert rows["一"] == [1, 1, 0, 0, 1, 0, 3]
    assert rows["二"] == [2, 0, 0, 0, 0, 0, 2]
    assert rows["三.一"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["三.二"] == [0, 1, 0, 0, 0, 0, 1]
    assert rows["三.三.1"] == [0, 0, 0, 0, 1, 0, 1]
    assert rows["三.五.2"] == [0] * 7  # replied in 2026: not a 2025 result
    assert rows["三.七"] == [1, 1, 0, 0, 1, 0, 3]
    assert rows["四"] == [2, 0, 0, 0, 0, 0, 2]
    assert rules.check_table3(rows) == ([], [])

    next_year = selectors.table3_from_records(selectors.record_org_ids(cast.dept_a), 2026)
    assert next_year["二"] == rows["四"]  # carried forward = next year's carried over
    assert next_year["三.五.2"] == [1, 0, 0, 0, 0, 0, 1]  # counted in the year of reply


def test_requests_of_the_departments_office_count_for_the_department(cast) -> None:
    from gongkai.core.creditcode import make_credit_code
    from gongkai.core.models import Membership, Organisation, Role

    office = Organisation.objects.create(name="青溪县财政局办公室", credit_code=make_credit_code("11", "320199", "TC000093"),
                                         kind=Organisation.Kind.OFFICE, level="county", parent=cast.dept_a)
    Membership.objects.create(user=cast.officer_a, organisation=office, role=Role.OFFICER)
    app = request(cast.officer_a, cast.dept_a, date(2025, 2, 1))
    assert app.organisation == office  # handled by the 工作机构 (条例第四条)
    rows = selectors.table3_from_records(selectors.record_org_ids(cast.dept_a), 2025)
    assert rows["一"][6] == 1 and rows["四"][6] == 1


def test_table_four_counts_reviews_filed_in_the_year_by_result_at_year_end(cast) -> None:
    o = cast.officer_a
    app = request(o, cast.dept_a, date(2025, 2, 1), outcome="withheld_process", replied=date(2025, 2, 20))
    review(o, app, "reconsideration", date(2025, 3, 1), "upheld", date(2025, 5, 1))
    review(o, app, "reconsideration", date(2025, 4, 1), "corrected", date(2025, 6, 1))
    review(o, app, "litigation_direct", date(2025, 11, 1), "other", date(2026, 2, 1))  # decided next year
    review(o, app, "litigation_after", date(2025, 7, 1))
    review(o, app, "reconsideration", date(2024, 12, 1), "upheld", date(2025, 1, 5))  # filed last year
    t4 = selectors.table4_from_records(selectors.record_org_ids(cast.dept_a), 2025)
    assert t4 == {"reconsideration": [1, 1, 0, 0, 2], "litigation_direct": [0, 0, 0, 1, 1],
                  "litigation_after": [0, 0, 0, 1, 1]}
    assert rules.check_table4(t4) == ([], [])


def test_closed_without_outcome_is_named_as_a_problem(cast) -> None:
    from gongkai.applications.models import Application

    app = request(cast.officer_a, cast.dept_a, date(2025, 2, 1), outcome="disclose", replied=date(2025, 2, 3))
    Application.objects.filter(pk=app.pk).update(outcome="")  # a record from before outcome codes
    ids = selectors.record_org_ids(cast.dept_a)
    rows = selectors.table3_from_records(ids, 2025)
    errors, _ = rules.check_table3(rows)
    assert any(e.rule == rules.RULE_BALANCE and e.column == "自然人" for e in errors)
    assert selectors.record_problems(ids, 2025) == [(app.number, "已答复但未选择办理结果")]
