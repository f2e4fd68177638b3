"""transforms.segment gives jieba.lcut's words, token for token, on reports and on hostile strings."""

import json
import random
import subprocess
import sys

import pytest

from tests.conftest import DEMO, ROOT


def _lcut(text):
    import jieba

    return jieba.lcut(text)


@pytest.fixture(scope="module", params=["compiled", "python"])
def segmenter(request, jieba_ready):
    """A segmenter over jieba's dictionary with baogao's domain words, as tokens.init makes it:
    once with rjieba cutting the runs of Chinese characters, once in Python alone."""
    import jieba

    from baogao.transforms.segment import Segmenter

    made = Segmenter(jieba.dt, compiled=request.param == "compiled")
    assert made.compiled == (request.param == "compiled")
    return made


REPORTS = [DEMO, *sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_same_words_as_jieba_on_reports(segmenter, path):
    text = path.read_text(encoding="utf-8-sig")
    assert segmenter.cut(text) == _lcut(text)


def test_same_words_as_jieba_on_the_sample(segmenter, sample_text):
    words = segmenter.cut(sample_text)
    assert words == _lcut(sample_text)
    assert "".join(words) == sample_text


def test_same_words_as_jieba_on_hostile_strings(segmenter):
    """Random runs of rare characters (the HMM's ground), Latin, digits, full-width forms and emoji."""
    rng = random.Random(20261128)
    han = [chr(c) for c in range(0x4E00, 0x9FD6)]
    other = list("abcXYZ0123456789+#&._%- ，。、！？“”《》（）\n\t１２３％·＋😀éΩ")
    for _ in range(1500):
        text = "".join(rng.choice(han) if rng.random() < 0.6 else rng.choice(other)
                       for _ in range(rng.randint(1, 60)))
        assert segmenter.cut(text) == _lcut(text), text
    assert segmenter.cut("") == []


def test_same_words_as_jieba_on_runs_of_chinese_characters(segmenter):
    """The runs the compiled path takes: rare characters, common ones, and shuffled report words."""
    import jieba

    rng = random.Random(20261129)
    han = [chr(c) for c in range(0x4E00, 0x9FD6)]
    report_words = [w for w in _lcut(DEMO.read_text(encoding="utf-8")) if jieba.re_han_default.match(w)]
    common = sorted({c for w in report_words for c in w})
    for i in range(3000):
        if i % 3 == 0:
            text = "".join(rng.choice(han) for _ in range(rng.randint(1, 40)))
        elif i % 3 == 1:
            text = "".join(rng.choice(common) for _ in range(rng.randint(1, 40)))
        else:
            text = "".join(rng.choice(report_words) for _ in range(rng.randint(1, 12)))
        assert segmenter.cut(text) == _lcut(text), text


def test_same_words_as_jieba_on_runs_of_chinese_digits_and_letters(segmenter):
    """Runs that mix figures, decimals, percentages, letters and separators into Chinese words."""
    rng = random.Random(20261130)
    han = list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
               "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点")
    report_words = [w for w in _lcut(DEMO.read_text(encoding="utf-8")) if len(w) > 1]
    other = list("abcXYZ0123456789+#&._%-")

    def piece():
        roll = rng.random()
        if roll < 0.3:
            return rng.choice(han)
        if roll < 0.5:
            return rng.choice(report_words)
        if roll < 0.75:
            figure = str(rng.randint(0, 9999))
            return figure + (f".{rng.randint(0, 99)}" if rng.random() < 0.5 else "") + ("%" if rng.random() < 0.3 else "")
        return rng.choice(other)

    for _ in range(4000):
        text = "".join(piece() for _ in range(rng.randint(1, 12)))
        assert segmenter.cut(text) == _lcut(text), text


@pytest.mark.parametrize("run, compiled", [
    ("区委常委会46次", True), ("增长194.6%", True), ("5G基站", True), ("2.6亿元", True), ("GDP增长8.5%以上", True),
    ("5-7", False), ("2024-01-18", False), ("8.5G", False), ("b_c", False), ("12.5.3", False), ("-0.5%", False),
])
def test_runs_go_where_they_are_cut_as_jieba_cuts_them(jieba_ready, run, compiled):
    """rjieba joins every chain of letters and digits with a separator in it ("5-7"); jieba only a
    decimal. Runs with such a chain stay in Python; the rest, decimals too, go to rjieba."""
    import jieba

    from baogao.transforms.segment import Segmenter, _cut_alike

    assert _cut_alike(run) == compiled
    assert Segmenter(jieba.dt).cut(run) == _lcut(run)


def test_same_words_as_jieba_for_every_character(jieba_ready):
    """Each character, alone and in a row, next to Chinese, letters, a decimal and whitespace.

    rjieba runs take CJK characters jieba leaves out of its runs (extension A, U+9FD6-9FFF, the
    compatibility ideographs, the supplementary planes); text with them must not reach it whole.
    """
    import jieba

    from baogao.transforms.segment import Segmenter

    made = Segmenter(jieba.dt)
    assert made.compiled
    points = [c for c in range(0x30000) if not 0xD800 <= c <= 0xDFFF and (c < 0x10000 or c % 5 == 0)]
    points += range(0x30000, 0x110000, 997)
    differ = []
    for point in points:
        c = chr(point)
        text = f"中国{c}发展{c}{c}ab{c}12{c}。{c}\r\n{c} 科技8{c}5%{c}"
        if made.cut(text) != _lcut(text):
            differ.append(hex(point))
    assert differ == []


def test_stretches_rjieba_would_cut_otherwise_go_run_by_run(jieba_ready):
    """A report goes to rjieba whole, but for the runs holding a chain joined by a separator or a
    CJK character beyond jieba's range; those go run by run, each cut where jieba cuts it."""
    import jieba

    from baogao.transforms.segment import Segmenter, _stretches_apart

    text = "增长8.5%，日期2024-01-18发布，㐀字在此，5G基站建成𠀀个"
    dated, rare, astral = "日期2024-01-18发布", "㐀字在此", "5G基站建成𠀀个"
    assert _stretches_apart(text) == [(text.index(s), text.index(s) + len(s)) for s in (dated, rare, astral)]
    assert _stretches_apart("增长8.5%，5G基站，GDP增长12.5%以上") == []

    made = Segmenter(jieba.dt)
    calls = []
    compiled = made._compiled

    class Counting:
        def cut(self, piece):
            calls.append(piece)
            return compiled.cut(piece)

    made._compiled = Counting()
    report = DEMO.read_text(encoding="utf-8")
    assert _stretches_apart(report) == []
    assert made.cut(report) == _lcut(report)
    assert calls == [report]
    calls.clear()
    assert made.cut(text) == _lcut(text)
    assert calls == ["增长8.5%，", "，", "字在此", "，", "5G基站建成", "个"]


def test_the_compiled_path_counts_jieba_total(jieba_ready):
    """A domain word already in jieba's dictionary is counted twice in jieba's total; rjieba must
    rank routes against that same total, or close calls between routes go the other way."""
    import jieba

    from baogao.transforms.segment import _FILLER, Segmenter

    made = Segmenter(jieba.dt)
    assert jieba.dt.total > sum(jieba.dt.FREQ.values())  # the domain dictionary re-adds known words
    assert made._compiled.has_word(_FILLER)
    # never a word of any text: it is no Chinese character, so it is never in a run rjieba cuts
    assert made.cut(_FILLER * 2) == _lcut(_FILLER * 2) == [_FILLER, _FILLER]


def test_unknown_names_go_through_the_hmm(segmenter):
    # 韦昊旸 is in no dictionary: its characters are single-character routes that jieba's HMM joins
    words = segmenter.cut("区长韦昊旸主持召开常务会议")
    assert words == ["区长", "韦昊", "旸", "主持", "召开", "常务会议"]


def test_terms_are_cut_by_the_segmenter(jieba_ready):
    from baogao.transforms import tokens
    from baogao.transforms.segment import Segmenter

    assert isinstance(tokens._segmenter, Segmenter)
    assert tokens.cut("持续优化营商环境") == ["持续", "优化", "营商环境"]


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "python"])
def test_a_word_jieba_must_not_join_is_split_as_jieba_splits_it(jieba_ready, monkeypatch, compiled):
    """jieba.del_word puts a word in the HMM's force-split set: the HMM's "韦昊" then comes out as two."""
    import jieba
    from jieba import finalseg

    from baogao.transforms.segment import Segmenter

    monkeypatch.setattr(finalseg, "Force_Split_Words", {"韦昊", "xyz"})
    made = Segmenter(jieba.dt, compiled=compiled)
    text = "区长韦昊旸主持召开常务会议"
    assert made.cut(text) == _lcut(text) == ["区长", "韦", "昊", "旸", "主持", "召开", "常务会议"]
    # the HMM splits only words it made of Chinese characters: letters stay one word
    text = "区长xyz主持"
    assert made.cut(text) == _lcut(text) == ["区长", "xyz", "主持"]


def test_same_words_when_cut_from_several_threads(jieba_ready):
    """A Dask worker started with `dask worker` runs tasks on several threads of one process."""
    from concurrent.futures import ThreadPoolExecutor

    from baogao.transforms import tokens

    texts = [p.read_text(encoding="utf-8-sig") for p in REPORTS] * 4
    expected = [_lcut(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(tokens.cut, texts)) == expected


_PARSE_IN_A_PROCESS = """
import json, sys
import jieba
from baogao.transforms import tokens
from baogao.transforms.parse import parse_report
tokens.init(sys.argv[1])
terms = [parse_report(open(p, "rb").read(), "r.txt").frames["fact_term"].rows() for p in sys.argv[2:]]
print(json.dumps({"jieba_loaded": jieba.dt.initialized, "terms": terms}, ensure_ascii=False))
"""


def test_the_next_process_loads_the_saved_words_instead_of_jieba_and_cuts_the_same(tmp_path):
    """The first process with a cache folder loads jieba and saves what the segmenter reads; the next
    loads that alone (jieba's dictionary never loaded) and gives every report the same terms and parts of
    speech, on the Python path too. Saved words cut short are not used, and are saved anew."""
    cache = tmp_path / "cache"
    hostile = tmp_path / "hostile.txt"  # a date and a character beyond jieba's range take the Python path
    hostile.write_text("2024-01-18召开全区会议，㐀字村完成“1+9+6”组织体系建设5-7项，"
                       + DEMO.read_text(encoding="utf-8"), encoding="utf-8")
    reports = [str(p) for p in (DEMO, *REPORTS[1:3], hostile)]

    def parse() -> dict:
        done = subprocess.run([sys.executable, "-c", _PARSE_IN_A_PROCESS, str(cache), *reports], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    first = parse()
    saved = list(cache.glob("baogao-words-*.marshal"))
    assert first["jieba_loaded"] is True and len(saved) == 1
    # (term, part of speech): "字村" the HMM's, on the Python path beside "㐀"; the quoted “1+9+6” no term
    assert [(row[2], row[3]) for row in first["terms"][-1][:5]] == [
        ("全区", "n"), ("会议", "n"), ("字村", "x"), ("完成", "v"), ("组织", "v")]
    assert {"区委", "全面从严治党"} <= {row[2] for rows in first["terms"] for row in rows}

    second = parse()
    assert second["jieba_loaded"] is False
    assert second["terms"] == first["terms"]

    whole = saved[0].read_bytes()
    saved[0].write_bytes(whole[: len(whole) // 2])
    third = parse()
    assert third["jieba_loaded"] is True and third["terms"] == first["terms"]
    assert saved[0].read_bytes() == whole


def test_saved_words_replace_only_this_installation_s_older_ones(tmp_path):
    """Every installation on the machine shares the dictionary cache: saving replaces its own words
    of an older version, never another installation's; what is saved loads back the same."""
    from baogao.transforms import tokens
    from baogao.transforms.segment import Words

    ours, name = tokens._saved_name()
    older, theirs = tmp_path / f"{ours}0000000000000000.marshal", tmp_path / "baogao-words-ffffffff-1.marshal"
    older.write_bytes(b"older")
    theirs.write_bytes(b"another installation's")
    words = Words(total=7, known=["改革", "发展"], counts=[3, 2], prefixes=["改"], force_split=frozenset({"韦昊"}))
    tokens._save(str(tmp_path), words, {"改革": "vn", "发展": "vn"})

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, theirs.name])
    assert tokens._load_saved(str(tmp_path)) == (words, {"改革": "vn", "发展": "vn"})
    assert words.frequencies() == {"改革": 3, "发展": 2, "改": 0}
