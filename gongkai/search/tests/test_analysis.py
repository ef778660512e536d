from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.search import engine
from gongkai.search.analysis import (
    find_doc_nos,
    highlight,
    index_strings,
    normalise_doc_no,
    query_terms,
    query_tokens,
    synonyms_of,
)

cjk_text = st.text(alphabet=st.sampled_from(list("政务公开新媒体国务院办公厅关于印发的通知，。、（）〔〕[]2021号IPv6 ab")), max_size=80)


@given(cjk_text)
def test_index_and_query_see_the_same_words(text: str) -> None:
    # A quoted phrase is searched as query_tokens(phrase) against the words tantivy makes of
    # index_strings(text): they must be the same sequence, or a phrase could never match itself.
    words, search_words = index_strings(text)
    analyzer = engine._analyzer()
    assert analyzer.analyze(words) == query_tokens(text)
    # Every word is also in the search-mode field, with its sub-words beside it.
    assert set(query_tokens(text)) <= set(analyzer.analyze(search_words))


@given(st.sampled_from(["[", "［", "(", "（", "【", "〔"]), st.sampled_from(["]", "］", ")", "）", "】", "〕"]),
       st.integers(1, 999))
def test_doc_no_brackets_normalise_to_hexagonal(left: str, right: str, serial: int) -> None:
    raw = f"国办发{left}2021{right}{serial}号"
    assert normalise_doc_no(raw) == f"国办发〔2021〕{serial}号"
    assert normalise_doc_no(normalise_doc_no(raw)) == normalise_doc_no(raw)


def test_find_doc_nos_in_running_text() -> None:
    found = [n for _, n, _, _ in find_doc_nos("根据《国办发〔2021〕12号》和苏政办发[2020]42号，印发国办发（2019）14号")]
    assert found == ["国办发〔2021〕12号", "苏政办发〔2020〕42号", "国办发〔2019〕14号"]


def test_policy_terms_stay_whole_and_synonyms_expand() -> None:
    assert "政务新媒体" in query_terms("政务新媒体怎么管理")
    assert "政务新媒体" in synonyms_of("政务微博")
    assert "ipv6" in query_terms("IPv6 改造")


def test_highlight_escapes_and_marks() -> None:
    snippet = highlight("<b>政务新媒体</b>要标注拟稿人", ["政务新媒体"])
    assert "&lt;b&gt;" in snippet and "<mark>政务新媒体</mark>" in snippet


doc_no_text = st.text(alphabet=st.sampled_from(list("国办发苏政办函字令〔〕[]（）()【】2021 12号年关于印发和及与、的ab")), max_size=90)


@given(doc_no_text)
def test_anchored_doc_no_scan_finds_what_the_full_pattern_finds(text: str) -> None:
    # find_doc_nos looks for the bracketed year first and only then for the agency before it;
    # that shortcut must never change what is found.
    from gongkai.search import analysis

    assert [m.span() for m in analysis._doc_no_matches(text)] == [m.span() for m in analysis._DOC_NO.finditer(text)]


folding_text = st.text(alphabet=st.sampled_from(list("政务公开新媒体办法ab12ＩＰｖ６，。：（）()／/－-＋+．.＿_％%＃#＆&、 ")), max_size=60)


@given(folding_text)
def test_skipping_the_fold_never_changes_the_words(text: str) -> None:
    # normalise_text leaves a text alone unless it holds a full-width letter, digit or in-word
    # symbol: folding only the other full-width punctuation would give the same words.
    import rjieba

    from gongkai.search import analysis

    analysis._load_dictionary()
    folded = text.translate(analysis._FULL_WIDTH)
    assert query_tokens(text) == [p.lower() for w in rjieba.cut(folded, False) for p in analysis._WORD.findall(w)]
    assert index_strings(text)[1] == " ".join(rjieba.cut_for_search(folded, False)) or \
        engine._analyzer().analyze(index_strings(text)[1]) == engine._analyzer().analyze(
            " ".join(rjieba.cut_for_search(folded, False)))
