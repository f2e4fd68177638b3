"""transforms.segment gives jieba.lcut's words, token for token, on reports and on hostile strings."""

import random

import pytest

from tests.conftest import DEMO, ROOT


def _lcut(text):
    import jieba

    return jieba.lcut(text)


@pytest.fixture(scope="module")
def segmenter(jieba_ready):
    """A segmenter over jieba's dictionary with baogao's domain words, as tokens.init makes it."""
    import jieba

    from transforms.segment import Segmenter

    return Segmenter(jieba.dt)


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


def test_unknown_names_go_through_the_hmm(segmenter):
    # 韦昊旸 is in no dictionary: its characters are single-character routes that jieba's HMM joins
    words = segmenter.cut("区长韦昊旸主持召开常务会议")
    assert words == ["区长", "韦昊", "旸", "主持", "召开", "常务会议"]


def test_terms_are_cut_by_the_segmenter(jieba_ready):
    from transforms import tokens
    from transforms.segment import Segmenter

    assert isinstance(tokens._segmenter, Segmenter)
    assert tokens.cut("持续优化营商环境") == ["持续", "优化", "营商环境"]
