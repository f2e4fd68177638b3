"""transforms.segment gives jieba.lcut's words, token for token, on reports and on hostile strings."""

import random

import pytest

from tests.conftest import DEMO, ROOT


def _lcut(text):
    import jieba

    return jieba.lcut(text)


def _cut(text):
    from transforms import tokens

    return tokens.cut(text)


REPORTS = [DEMO, *sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_same_words_as_jieba_on_reports(jieba_ready, path):
    text = path.read_text(encoding="utf-8-sig")
    assert _cut(text) == _lcut(text)


def test_same_words_as_jieba_on_the_sample(jieba_ready, sample_text):
    words = _cut(sample_text)
    assert words == _lcut(sample_text)
    assert "".join(words) == sample_text


def test_same_words_as_jieba_on_hostile_strings(jieba_ready):
    """Random runs of rare characters (the HMM's ground), Latin, digits, full-width forms and emoji."""
    rng = random.Random(20261128)
    han = [chr(c) for c in range(0x4E00, 0x9FD6)]
    other = list("abcXYZ0123456789+#&._%- ，。、！？“”《》（）\n\t１２３％·＋😀éΩ")
    for _ in range(1500):
        text = "".join(rng.choice(han) if rng.random() < 0.6 else rng.choice(other)
                       for _ in range(rng.randint(1, 60)))
        assert _cut(text) == _lcut(text), text
    assert _cut("") == []


def test_unknown_names_go_through_the_hmm(jieba_ready):
    # 韦昊旸 is in no dictionary: its characters are single-character routes that jieba's HMM joins
    words = _cut("区长韦昊旸主持召开常务会议")
    assert words == ["区长", "韦昊", "旸", "主持", "召开", "常务会议"]
