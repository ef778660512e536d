"""refresh_citations: the 文号 quoted in a document's body are recorded (its own number is not a citation) and
linked to the library's public policy with that number; a number no longer quoted is dropped. A helper run
inside document_publish / the import, whose audit rows cover it: it checks no role and writes no audit row."""

from __future__ import annotations

from datetime import date

from gongkai.publishing.models import Citation, Document, Status
from gongkai.publishing.services import refresh_citations
from gongkai.publishing.tests.conftest import published
from gongkai.search.analysis import normalise_doc_no


def _citing(cast, body: str, doc_no: str = "青财规〔2026〕5号") -> Document:
    return Document.objects.create(organisation=cast.dept_a, index_no="TEST-2026-00009", title="引用测试",
                                   doc_no=doc_no, doc_no_normalised=normalise_doc_no(doc_no), body_text=body)


def _links(doc: Document) -> dict[str, int | None]:
    return dict(Citation.objects.filter(citing=doc).values_list("normalised", "cited_id"))


def test_quoted_numbers_are_recorded_and_linked(cast) -> None:
    cited = published(cast, "青溪县财政局关于印发专项资金管理办法的通知", "青财规〔2024〕2号", date(2024, 5, 6))
    draft = Document.objects.create(organisation=cast.dept_a, index_no="TEST-2026-00008", title="草稿",
                                    doc_no="青财规〔2025〕7号", doc_no_normalised=normalise_doc_no("青财规〔2025〕7号"),
                                    status=Status.DRAFT)
    doc = _citing(cast, "根据《专项资金管理办法》（青财规[2024]2号）、青财规〔2025〕7号和苏政办发〔2019〕12号，"
                        "现印发本办法（青财规〔2026〕5号）。")
    refresh_citations(doc)
    links = _links(doc)
    assert links == {cited.doc_no_normalised: cited.pk, draft.doc_no_normalised: None,
                     normalise_doc_no("苏政办发〔2019〕12号"): None}  # a draft is not citable; its own number is absent
    assert Citation.objects.get(citing=doc, cited=cited).raw == "青财规[2024]2号"


def test_a_number_no_longer_quoted_is_dropped_and_rerun_is_stable(cast) -> None:
    cited = published(cast, "青溪县财政局关于印发专项资金管理办法的通知", "青财规〔2024〕2号", date(2024, 5, 6))
    doc = _citing(cast, "依据青财规〔2024〕2号和苏政办发〔2019〕12号。")
    refresh_citations(doc)
    assert len(_links(doc)) == 2
    doc.body_text = "依据青财规〔2024〕2号。"
    doc.save()
    refresh_citations(doc)
    refresh_citations(doc)
    assert _links(doc) == {cited.doc_no_normalised: cited.pk}


def test_a_withdrawn_policy_is_still_linked(cast) -> None:
    cited = published(cast, "青溪县财政局关于印发专项资金管理办法的通知", "青财规〔2024〕2号", date(2024, 5, 6))
    Document.objects.filter(pk=cited.pk).update(status=Status.WITHDRAWN)
    doc = _citing(cast, "依据青财规〔2024〕2号。")
    refresh_citations(doc)
    assert _links(doc) == {cited.doc_no_normalised: cited.pk}
