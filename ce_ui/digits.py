"""The handwritten digits of the Training page, and its cached training runs.

The images come from scikit-learn's bundled copy of the UCI digits (1,797 images of 8×8 pixels,
values 0–16); nothing is downloaded. ce_core does the numerics; this module only loads the data and
caches results so that a rerun with the same settings costs nothing.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import streamlit as st

# threadpoolctl comes with scikit-learn (a dependency of it), like the digits themselves.
from threadpoolctl import threadpool_limits

from ce_core import training

TEST_FRACTION = 0.25
SPLIT_SEED = 0
"""The train/test split is fixed, so every setting is scored on the same test images."""


@dataclass(frozen=True)
class Digits:
    images: np.ndarray
    """Shape (N, 8, 8), ink intensity 0 (blank) to 16."""
    features: np.ndarray
    """Shape (N, 64): the images as rows of pixels."""
    labels: np.ndarray
    """Shape (N,): the digit shown, 0–9."""


@cache
def load() -> Digits:
    """The 1,797 digits, loaded once per process."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return Digits(
        images=bunch.images.astype(np.float64),
        features=bunch.data.astype(np.float64),
        labels=bunch.target.astype(np.int64),
    )


@dataclass(frozen=True)
class Run:
    """One cached training run and the data it was scored on."""

    result: training.TrainingResult
    data: training.PreparedData


@st.cache_data(show_spinner=False, max_entries=64)
def train(
    config: training.TrainingConfig,
    reduced_classes: tuple[int, ...],
    keep_fraction: float,
    _on_epoch: Callable[[int, int], None] | None = None,
) -> Run:
    """Train on the digits with ``config`` after keeping ``keep_fraction`` of the training
    examples of ``reduced_classes``; cached on all settings (the callback is not part of the key).

    The imbalance draw is seeded by ``config.seed``, like the weights and the shuffling.
    """
    digits = load()
    data = training.prepare_data(
        digits.features,
        digits.labels,
        test_fraction=TEST_FRACTION,
        split_seed=SPLIT_SEED,
        reduced_classes=reduced_classes,
        keep_fraction=keep_fraction,
        subsample_seed=config.seed,
    )
    # The matrices are small: BLAS threads cost more in start-up and contention than they save.
    with threadpool_limits(limits=1, user_api="blas"):
        result = training.train(
            data.train_features,
            data.train_labels,
            data.test_features,
            data.test_labels,
            config,
            n_classes=data.n_classes,
            on_epoch=_on_epoch,
        )
    return Run(result=result, data=data)


def outside_cache(update: Callable[..., None]) -> Callable[..., None]:
    """``update`` wrapped to run in the caller's context.

    Streamlit records every element call made inside a cached function and replays it on a cache
    hit. A progress bar drawn before the call and updated from inside it must not be recorded, so
    the update runs in a copy of the context taken here, outside the cached function.
    """
    context = contextvars.copy_context()

    def run(*args, **kwargs) -> None:
        context.run(update, *args, **kwargs)

    return run
