"""Language models: train an order-5 character model on 100,000 characters and score 1,000.

Goal (issue 19): ≤ 1 s for both together, for each smoothing, in every language's script (the
corpus is the ce_core docstrings' English, or the same number of characters drawn from a
larger alphabet, as a Chinese text has). Also timed: the arithmetic coder on the 1,000
characters, encoding and decoding. Figures only; nothing asserts.

    python -m benchmarks.bench_language
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

import ce_core
from ce_core import coding, language

GOAL_SECONDS = 1.0
LENGTH, SCORED = 100_000, 1_000


def english_corpus() -> str:
    """Real prose: the docstrings of ce_core, repeated up to LENGTH characters."""
    modules = (ce_core, language, coding, ce_core.information, ce_core.categorical)
    prose = " ".join(" ".join((module.__doc__ or "").split()) for module in modules)
    return (prose * (LENGTH // len(prose) + 1))[:LENGTH]


def large_alphabet_corpus(seed: int = 0) -> str:
    """LENGTH characters from 3,000 CJK ideographs with Zipf-like frequencies."""
    rng = np.random.default_rng(seed)
    ranks = np.minimum(rng.zipf(1.3, LENGTH), 3000) - 1
    return "".join(chr(0x4E00 + int(rank)) for rank in ranks)


def train_and_score(corpus: str, smoothing: str) -> None:
    model = language.train_ngram(corpus, 5, smoothing=smoothing, k=0.1)
    language.score_text(model, corpus[:SCORED])


def timed(function, *args, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    print(f"train order 5 on {LENGTH:,} characters + score {SCORED:,} (median of 3)")
    for name, corpus in (
        ("English prose", english_corpus()),
        ("CJK, 3,000 symbols", large_alphabet_corpus()),
    ):
        for smoothing in language.SMOOTHINGS:
            seconds = timed(train_and_score, corpus, smoothing)
            verdict = "met" if seconds <= GOAL_SECONDS else "NOT met"
            print(
                f"  {name:<20} {smoothing:<11} {seconds:6.2f} s  (≤ {GOAL_SECONDS:g} s: {verdict})"
            )
        model = language.train_ngram(corpus, 5)
        text = corpus[:SCORED]
        code = coding.arithmetic_encode(model, text)
        encode = timed(coding.arithmetic_encode, model, text)
        decode = timed(coding.arithmetic_decode, model, code)
        print(f"  {name:<20} coder: encode {encode:.2f} s, decode {decode:.2f} s, {code.bits} bits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
