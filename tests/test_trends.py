"""Cross-report comparison on a small corpus: the sample, the same district a year later, another district."""

import math

import duckdb
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(prefect_server, tmp_path_factory, sample_text):
    from baogao.flows.ingest import ingest
    from baogao.home import Home

    home = Home(tmp_path_factory.mktemp("corpus") / "home").ensure()
    next_year = (sample_text.replace("XX区委2023年", "XX区委2024年").replace("2023年，XX区委", "2024年，XX区委")
                 .replace("815.33万人次", "901.26万人次").replace("“巡中成案”", "“巡前预警”"))
    other = sample_text.replace("XX区委", "YY区委")
    (home.inbox / "xx-2023.txt").write_text(sample_text, encoding="utf-8")
    (home.inbox / "xx-2024.txt").write_text(next_year, encoding="utf-8")
    (home.inbox / "yy-2023.txt").write_text(other, encoding="utf-8")
    summary = ingest(home=str(home.root), settle_seconds=0)
    assert summary["exit_code"] == 0, summary
    con = duckdb.connect(str(home.published), read_only=True)
    yield con
    con.close()


def test_a_changed_figure_is_two_points_of_one_series(corpus):
    rows = corpus.execute("""
        select series_key, report_year, normalized_value, unit, kind, years_in_series, raw_text
        from v_indicator_series where issuer = 'XX区委' and measure = '接待游客#'
        order by report_year, normalized_value""").fetchall()
    # 累计接待游客815.33万人次 and, in another paragraph, 接待游客超1500万人次 measure the same words
    assert rows == [
        ("XX区委 | 接待游客# | 人次 | count", 2023, 8153300, "人次", "count", 2, "815.33万人次"),
        ("XX区委 | 接待游客# | 人次 | count", 2023, 15000000, "人次", "count", 2, "超1500万人次"),
        ("XX区委 | 接待游客# | 人次 | count", 2024, 9012600, "人次", "count", 2, "901.26万人次"),
        ("XX区委 | 接待游客# | 人次 | count", 2024, 15000000, "人次", "count", 2, "超1500万人次"),
    ]
    # another district's figure is its own series
    assert corpus.execute("select count(distinct series_key) from v_indicator_series where measure = '接待游客#'"
                          ).fetchone()[0] == 2


def test_term_trends_count_documents_occurrences_and_rate(corpus):
    rows = corpus.execute("""
        select issuer, report_year, documents, occurrences, per_10k_chars from v_term_trends
        where term = '主题教育' order by issuer, report_year""").fetchall()
    chars = dict(corpus.execute("select issuer || report_year, char_count from v_documents").fetchall())
    occurrences = dict(corpus.execute("""
        select d.issuer || d.report_year, t.occurrences from v_terms t join v_documents d using (document_id)
        where t.term = '主题教育'""").fetchall())
    assert [r[:2] for r in rows] == [("XX区委", 2023), ("XX区委", 2024), ("YY区委", 2023)]
    for issuer, year, documents, occ, rate in rows:
        assert documents == 1 and occ == occurrences[f"{issuer}{year}"] and occ >= 8
        assert rate == round(occ * 10000 / chars[f"{issuer}{year}"], 3)


def test_slogan_trends_and_first_seen_year(corpus):
    rows = {(s, y): (d, o, f) for s, y, d, o, f in corpus.execute(
        "select slogan, report_year, documents, occurrences, first_seen_year from v_slogan_trends").fetchall()}
    assert rows[("两个维护", 2023)] == (2, 2, 2023)
    assert rows[("两个维护", 2024)] == (1, 1, 2023)
    assert rows[("巡中成案", 2023)] == (2, 2, 2023)
    assert rows[("巡前预警", 2024)] == (1, 1, 2024)
    assert ("巡中成案", 2024) not in rows


def test_keywords_use_the_corpus_idf(corpus):
    doc = corpus.execute("select document_id from v_documents where issuer = 'YY区委'").fetchone()[0]
    terms = dict(corpus.execute("select term, sum(occurrences) from v_terms where document_id = ? group by term",
                                [doc]).fetchall())
    df = dict(corpus.execute("select term, count(distinct document_id) from v_terms group by term").fetchall())
    total = sum(terms.values())
    expected = {t: round(n / total * (math.log((1 + 3) / (1 + df[t])) + 1), 6) for t, n in terms.items()}
    best = sorted(expected.items(), key=lambda tw: (-tw[1], tw[0]))[:20]
    got = corpus.execute("select term, weight from v_keywords where document_id = ? order by rank", [doc]).fetchall()
    assert got == best
    # a term in one report of three weighs more than one in all three, at equal counts
    assert math.log(4 / 2) + 1 > math.log(4 / 4) + 1
