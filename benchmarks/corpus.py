"""Synthetic corpus for the speed figures: documents of ~2,000 characters made of seed sentences
(the common policy vocabulary) plus words drawn by frequency from jieba's dictionary, so rare terms
exist as in real text. Deterministic for a given seed."""

from __future__ import annotations

import os
import random
import re
from functools import cache
from pathlib import Path

SEEDS = Path(os.environ.get("SEEDS_DIR", Path(__file__).resolve().parents[2] / "shared" / "seeds"))


@cache
def seed_sentences() -> list[str]:
    sentences: list[str] = []
    for path in sorted(SEEDS.glob("00*.txt")):
        text = re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))
        sentences += [s.strip() + "。" for s in re.split(r"[。！？\n]", text) if 12 <= len(s.strip()) <= 120]
    return sentences


@cache
def cumulative() -> tuple[list[str], list[int]]:
    """Words and cumulative weights, computed once (random.choices would redo it on every call)."""
    import itertools

    words, freqs = dictionary()
    return words, list(itertools.accumulate(freqs))


@cache
def dictionary() -> tuple[list[str], list[int]]:
    import jieba

    words, freqs = [], []
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            word, freq, *_ = line.split()
            if len(word) >= 2:
                words.append(word)
                freqs.append(int(freq))
    return words, freqs


def generate_corpus(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """n (title, body) pairs of about 2,000 characters each."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    words, cum = cumulative()
    docs = []
    for i in range(n):
        parts: list[str] = []
        size = 0
        while size < 2000:
            if rng.random() < 0.6:
                part = rng.choice(sentences)
            else:
                part = "".join(rng.choices(words, cum_weights=cum, k=rng.randint(6, 14))) + "。"
            parts.append(part)
            size += len(part)
        title = "关于" + "".join(rng.choices(words, cum_weights=cum, k=3)) + f"的通知（{i}）"
        docs.append((title, "".join(parts)))
    return docs


def generate_queries(k: int = 60, seed: int = 11) -> list[str]:
    """A third common words, a third rare words, a third one of each."""
    rng = random.Random(seed)
    words, freqs = dictionary()
    ranked = sorted(zip(freqs, words, strict=True), reverse=True)
    common = [w for _, w in ranked[50:2000] if len(w) >= 2]
    rare = [w for f, w in ranked if 3 <= f <= 20 and len(w) >= 2]
    queries = []
    for i in range(k):
        if i % 3 == 0:
            queries.append(rng.choice(common))
        elif i % 3 == 1:
            queries.append(rng.choice(rare))
        else:
            queries.append(rng.choice(common) + " " + rng.choice(rare))
    return queries


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def write_files(corpus: list[tuple[str, str]], folder: Path, start: int = 0) -> list[Path]:
    """The corpus as .txt files laid out like a 红头文件: title, 文号, 主送, paragraphs, 落款 and date,
    so `import_documents` extracts their metadata as it would from a real office's export."""
    from datetime import date, timedelta

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (title, body) in enumerate(corpus, start=start):
        when = date(2019, 1, 1) + timedelta(days=i % 2500)
        paragraphs = [body[k:k + 240] for k in range(0, len(body), 240)]
        text = "\n".join([title, "", f"青政发〔{when.year}〕{i + 1}号", "",
                          "各乡镇人民政府，各街道办事处，县政府各部门、各直属单位：", *paragraphs, "",
                          "青溪县人民政府", f"{when.year}年{when.month}月{when.day}日", ""])
        path = folder / f"{i:07d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
