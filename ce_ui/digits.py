"""The handwritten digits of the Training page, and its cached training runs.

The images come from scikit-learn's bundled copy of the UCI digits (1,797 images of 8×8 pixels,
values 0–16); nothing is downloaded. ce_core does the numerics; this module only loads the data and
caches results so that a rerun with the same settings costs nothing, and limits how much training
one server does at a time (a public link is opened by many visitors at once).
"""

from __future__ import annotations

import contextvars
import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np

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


MAX_TRAINING_AT_ONCE = 1
"""Models trained at the same time on one server, whatever the number of visitors: training holds
a core, and a lecture hall opening links with different settings must not take them all."""
MAX_WAITING = 8
"""Runs that may wait for a free training place; beyond that a run is refused at once (sessions
waiting for a run another session is training do not count: they need no place of their own)."""
WAIT_POLL_SECONDS = 0.5
"""How often a waiting run wakes up to report (its callback lets Streamlit stop a stale run)."""
KEPT_RUNS = 64
"""Finished runs kept for every session of the server (each about 1 MB)."""
SECONDS_PER_STEP = {"softmax": 34e-6, "mlp": 82e-6}
"""CPU time of one mini-batch step of each model on one core of the reference machine (fitted to
timings at batches of 8, 32 and 256)."""
SECONDS_PER_EPOCH = {"softmax": 1.6e-3, "mlp": 1.8e-3}
"""CPU time each epoch costs besides its steps (the pass over the data, the test-set scoring)."""
AUTO_TRAIN_SECONDS = 1.3
"""The most training (:func:`cost`) that a page view starts without the visitor pressing Train,
so that a whole rerun stays within 2 s of CPU (measured at the limit, the page included: 1.4 to
1.7 s, e.g. 1.67 s for two softmax runs of 87 epochs of 8 images, estimated at 1.28 s). It admits
the defaults (0.2 s) and every preset (the network's, 1.1 s). The most a link or the widgets allow
(the network, 200 epochs of 8 images, beside another loss) is estimated at 6.3 s (5.5 s
measured)."""


class ServerBusy(RuntimeError):
    """Too many visitors are already waiting for the server to train their models."""


@dataclass
class _Runs:
    """The finished runs shared by every session, and the ones being trained."""

    done: OrderedDict = field(default_factory=OrderedDict)
    training: set = field(default_factory=set)
    waiting: int = 0
    changed: threading.Condition = field(default_factory=threading.Condition)


_RUNS = _Runs()


def _key(config: training.TrainingConfig, reduced_classes, keep_fraction) -> tuple:
    return (config, tuple(int(c) for c in reduced_classes), float(keep_fraction))


def cost(config: training.TrainingConfig) -> float:
    """The CPU seconds a run of ``config`` is expected to take on the full training split (an upper
    bound: dropping images only shortens it)."""
    examples = math.ceil(len(load().labels) * (1 - TEST_FRACTION))
    steps = math.ceil(examples / config.batch_size)
    model = config.model if config.model in SECONDS_PER_STEP else "mlp"
    return config.epochs * (steps * SECONDS_PER_STEP[model] + SECONDS_PER_EPOCH[model])


def is_trained(
    config: training.TrainingConfig, reduced_classes: tuple[int, ...], keep_fraction: float
) -> bool:
    """Whether a run with these settings is ready, trained by any session."""
    with _RUNS.changed:
        return _key(config, reduced_classes, keep_fraction) in _RUNS.done


def pending_seconds(
    configs: list[training.TrainingConfig], reduced_classes: tuple[int, ...], keep_fraction: float
) -> float:
    """About how many seconds the runs of ``configs`` not yet trained by any session would take."""
    return sum(
        cost(config) for config in configs if not is_trained(config, reduced_classes, keep_fraction)
    )


def fit(
    config: training.TrainingConfig,
    reduced_classes: tuple[int, ...],
    keep_fraction: float,
    _on_epoch: Callable[[int, int], None] | None = None,
) -> Run:
    """Train on the digits with ``config`` after keeping ``keep_fraction`` of the training
    examples of ``reduced_classes`` (uncached; :func:`train` is the shared, limited entry).

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


def train(
    config: training.TrainingConfig,
    reduced_classes: tuple[int, ...],
    keep_fraction: float,
    _on_epoch: Callable[[int, int], None] | None = None,
    _on_wait: Callable[[], None] | None = None,
) -> Run:
    """The run with these settings: taken from the runs every session shares, or trained.

    Each setting trains once per server: a session asking for a run another one is training
    waits for it. At most :data:`MAX_TRAINING_AT_ONCE` runs train at a time; the others wait,
    calling ``_on_wait`` every :data:`WAIT_POLL_SECONDS` (a page shows that it waits, and
    Streamlit can stop a run nobody wants any more), and :class:`ServerBusy` is raised when
    :data:`MAX_WAITING` already wait. ``_on_epoch(epoch, epochs)`` reports progress, and may raise
    to stop the training (nothing is kept then).
    """
    key = _key(config, reduced_classes, keep_fraction)
    runs = _RUNS
    while True:
        with runs.changed:
            if key in runs.done:
                runs.done.move_to_end(key)
                return runs.done[key]
            if key not in runs.training and len(runs.training) < MAX_TRAINING_AT_ONCE:
                runs.training.add(key)
                break
            # Waiting for a run someone is training costs nothing and ends with it: a lecture
            # hall opening one link all waits for one training. Only runs that need a training
            # place of their own queue, and only so many.
            queued = key not in runs.training
            if queued and runs.waiting >= MAX_WAITING:
                raise ServerBusy
            runs.waiting += queued
            try:
                runs.changed.wait(timeout=WAIT_POLL_SECONDS)
            finally:
                runs.waiting -= queued
        if _on_wait is not None:
            _on_wait()
    run = None
    try:
        run = fit(config, reduced_classes, keep_fraction, _on_epoch)
    finally:
        with runs.changed:
            runs.training.discard(key)
            if run is not None:
                runs.done[key] = run
                while len(runs.done) > KEPT_RUNS:
                    runs.done.popitem(last=False)
            runs.changed.notify_all()
    return run


train.__wrapped__ = fit  # the uncached training, as benchmarks/bench_training.py times it


def forget_runs() -> None:
    """Drop every finished run (tests, and a cache clear)."""
    with _RUNS.changed:
        _RUNS.done.clear()


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
