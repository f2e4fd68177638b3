"""The search index of sentences: bigrams, run ends, ASCII words, and the numbers SQL cuts a query into."""

import polars as pl

from baogao.transforms.search_index import ascii_gram, cjk_gram, postings
from baogao.warehouse import db


def sentences(*rows):
    return pl.DataFrame([{"document_id": d, "ordinal": o, "text": t, "in_appendix": a} for d, o, t, a in rows],
                        schema={"document_id": pl.String, "ordinal": pl.Int32, "text": pl.String,
                                "in_appendix": pl.Boolean})


def test_a_run_gives_its_bigrams_and_its_last_character_alone():
    found = postings(sentences(("00000000000000d1", 3, "建成5G基站，", False)))
    rows = list(zip(found["gram"], found["lead_char"], found["position"], strict=True))
    assert sorted(rows, key=lambda r: r[2]) == [
        (cjk_gram("建", "成"), ord("建"), 0), (cjk_gram("成"), ord("成"), 1), (ascii_gram("5g"), None, 2),
        (cjk_gram("基", "站"), ord("基"), 4), (cjk_gram("站"), ord("站"), 5)]
    assert list(found["lead_char"]) == [None, ord("基"), ord("建"), ord("成"), ord("站")]  # by first character
    assert set(found["sentence_chars"]) == {7} and set(found["ordinal"]) == {3}


def test_runs_never_cross_sentences_and_each_row_keeps_its_sentence():
    found = postings(sentences(("00000000000000d1", 1, "廉", False), ("f0000000000000d2", 7, "洁PPP项目", True)))
    rows = found.select("document_key", "ordinal", "gram", "position", "in_appendix").rows()
    d1, d2 = 0xd1, 0xf0000000000000d2  # each report by its id's hex digits, the top bit set too
    assert sorted(rows, key=lambda r: (r[0], r[3])) == [
        (d1, 1, cjk_gram("廉"), 0, False),
        (d2, 7, cjk_gram("洁"), 0, True), (d2, 7, ascii_gram("ppp"), 1, True),
        (d2, 7, cjk_gram("项", "目"), 4, True), (d2, 7, cjk_gram("目"), 5, True)]


def test_ascii_words_at_either_end_of_a_sentence_in_any_case_are_one_entry_each():
    found = postings(sentences(("00000000000000d1", 1, "ABC认证", False), ("00000000000000d1", 2, "达到Tier3", False),
                               ("00000000000000d1", 3, "编号GB50016x2014RevB与9", False)))
    words = found.filter(found["gram"] < 0).select("ordinal", "gram", "position").rows()
    assert words == [(1, ascii_gram("abc"), 0), (2, ascii_gram("tier3"), 2),
                     (3, ascii_gram("gb50016x2014revb"), 2), (3, ascii_gram("9"), 19)]
    assert ascii_gram("gb50016x2014revb") == ascii_gram("gb50016x2014")


def test_words_are_numbered_exactly_up_to_twelve_characters():
    assert ascii_gram("5g") == -(6 * 37 + 17)
    assert ascii_gram("2024") != ascii_gram("2042")
    assert ascii_gram("abcdefghijklmnop") == ascii_gram("abcdefghijkl")  # a longer word by its first twelve


def test_sql_cuts_a_query_into_the_numbers_the_index_holds(tmp_path):
    con = db.connect(tmp_path / "w.duckdb")
    db.create_views(con)  # as in a published copy: the views and the search macros
    terms = con.execute("select search_terms('优化营商 5G廉 GDP2万亿')").fetchone()[0]
    assert [(t["gram"], t["lead_char"], t["offset"]) for t in terms] == [
        (cjk_gram("优", "化"), None, 0), (cjk_gram("化", "营"), None, 1), (cjk_gram("营", "商"), None, 2),
        (ascii_gram("5g"), None, 5), (None, ord("廉"), 7),
        (ascii_gram("gdp2"), None, 9), (cjk_gram("万", "亿"), None, 13)]
    con.close()
