"""Many-class scenarios: where the loss of a multi-label prediction comes from.

The Multi-label and Focal pages score one example with ``C`` classes, ``P`` of them present
(positives) and ``N = C - P`` absent (negatives), each class through its own sigmoid. Every class
adds a binary cross-entropy (or focal) term, so the total is

.. math:: L = \\sum_{c \\in pos} \\ell(1, p_c) + w \\sum_{c \\in neg} \\ell(0, p_c),

with ``w`` an optional weight on the negatives. When every positive gets the same prediction and
every negative too, this is the closed form ``P·ℓ(1, p_pos) + w·N·ℓ(0, p_neg)``: constant time,
whatever ``C`` is. Negatives with varied predictions (Beta-distributed, seeded) are scored in one
vectorised pass. The per-class terms come from :func:`ce_core.binary_cross_entropy` and
:func:`ce_core.focal_loss`, so these numbers agree with the rest of the package to the last digit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

import ce_core as cc
from ce_core._validation import (
    MAX_EXACT_INT,
    InputError,
    check_array,
    check_choice,
    check_instance,
    check_int,
    check_scalar,
    log_of_base,
)

MAX_CLASSES = 100_000
"""The most classes the app's scenarios offer."""

PROBABILITY_LOW = 1e-6
PROBABILITY_HIGH = 1 - 1e-6
"""The range of predicted probabilities the app's scenarios offer."""

REDUCTIONS = ("sum", "mean")
"""Ways to reduce the per-class terms: their sum, or their mean over the classes."""

MAX_BINS_PER_GROUP = 40
"""Most bars per group (positives, negatives) in a class profile."""

MAX_COUNT = MAX_EXACT_INT
"""The most classes the closed form counts exactly (float64 holds every whole number up to it)."""

MAX_DRAWS = 10_000_000
"""The most Beta-distributed negatives drawn (they are kept in memory)."""

MAX_BINS = 10_000
"""The largest ``max_bins`` a class profile accepts."""


@dataclass(frozen=True)
class ScenarioLoss:
    """The loss of one many-class example, split into what the positives and negatives add.

    Attributes
    ----------
    positives, negatives : float
        The reduced loss from the positive classes and from the (weighted) negative classes.
    """

    positives: float
    negatives: float

    @property
    def total(self) -> float:
        """The loss of the example: positives plus negatives."""
        return self.positives + self.negatives

    @property
    def negative_share(self) -> float:
        """The negatives' fraction of the total, in [0, 1] (0 when the total is 0)."""
        total = self.total
        return self.negatives / total if total > 0 else 0.0


@dataclass(frozen=True)
class ClassProfile:
    """The per-class terms in at most a few dozen bins per group, small at any number of classes.

    Each group (positives first, then negatives) is sorted from the largest term to the smallest
    and cut into consecutive bins of nearly equal size. Arrays have one entry per bin.

    Attributes
    ----------
    is_positive : ndarray of bool
        Whether the bin holds positives.
    first, last : ndarray of int
        1-based ranks of the bin's first and last class within its group (largest term = 1).
    mean, low, high, total : ndarray of float
        Mean, smallest, largest and summed per-class term in the bin.
    cumulative_share : ndarray of float
        Fraction of the summed terms of all classes reached at the end of the bin.
    """

    is_positive: np.ndarray
    first: np.ndarray
    last: np.ndarray
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    total: np.ndarray
    cumulative_share: np.ndarray


@dataclass(frozen=True)
class Scenario:
    """What :func:`many_class_scenario` returns.

    Attributes
    ----------
    loss : ScenarioLoss
        The reduced loss, split into positives and negatives.
    profile : ClassProfile
        The per-class terms (unreduced, weights applied), binned.
    negative_p_mean, negative_p_low, negative_p_high : float
        Mean, 5th and 95th percentile of the negatives' predicted probabilities (all equal to
        ``p_neg`` for constant negatives; NaN when there are no negatives).
    """

    loss: ScenarioLoss
    profile: ClassProfile
    negative_p_mean: float
    negative_p_low: float
    negative_p_high: float


@dataclass(frozen=True)
class CategoricalView:
    """0/1 labels scored as one softmax distribution with categorical cross-entropy.

    Attributes
    ----------
    target : ndarray
        The labels scaled to sum to 1, ``y / sum(y)``: the only way to make them a distribution
        (unchanged for a single label; ``[0.5, 0, 0, 0, 0.5]`` for two).
    prediction : ndarray
        ``p / sum(p)``: what a softmax outputs for the logits ``log p``, so the classes compete
        for one unit of probability (unchanged when ``p`` already sums to 1).
    terms : ndarray
        Per-class terms ``−target_c log prediction_c`` (0 where ``target_c = 0``).
    loss : float
        Their sum, the categorical cross-entropy ``H(target, prediction)``.
    floor : float
        The lowest loss any prediction can reach, ``H(target)``: 0 for one label, ``log k`` for
        ``k`` labels.
    best_probability : float
        What each present class gets at that floor, ``1 / k``.
    """

    target: np.ndarray
    prediction: np.ndarray
    terms: np.ndarray
    loss: float
    floor: float
    best_probability: float


def _check_probability(name: str, value) -> float:
    return check_scalar(
        value,
        name,
        low=0.0,
        high=1.0,
        low_open=True,
        high_open=True,
        hint="a predicted probability; 0 and 1 give an infinite loss",
    )


def _check_gamma(gamma) -> float:
    return check_scalar(gamma, "gamma", low=0.0, hint="the focusing parameter; 0 = plain CE")


def _check_alpha(alpha) -> float | None:
    if alpha is None:
        return None
    return check_scalar(alpha, "alpha", low=0.0, high=1.0, hint="or None for no alpha factor")


def binary_class_terms(
    y_true: ArrayLike,
    y_pred: ArrayLike,
    *,
    gamma: float = 0.0,
    alpha: float | None = None,
    base: float = math.e,
) -> np.ndarray:
    """Per-class loss terms of independent sigmoids: binary CE, or focal loss when ``gamma > 0``
    or ``alpha`` is set.

    Parameters
    ----------
    y_true : array_like
        0/1 labels, one per class.
    y_pred : array_like
        Predicted probabilities of the label being 1, same shape.
    gamma : float
        Focusing parameter; 0 with ``alpha=None`` is exactly binary cross-entropy.
    alpha : float or None
        Weight ``α`` of positives (``1 − α`` of negatives); None for none.
    base : float
        Logarithm base (e: nats, 2: bits).

    Returns
    -------
    ndarray
        ``−α_t (1 − p_t)^γ log p_t`` per class, with ``p_t = p`` where ``y = 1`` else ``1 − p``.
    """
    gamma, alpha = _check_gamma(gamma), _check_alpha(alpha)
    if gamma == 0 and alpha is None:
        return cc.binary_cross_entropy(y_true, y_pred, reduction="none", base=base)
    return cc.focal_loss(y_true, y_pred, gamma=gamma, alpha=alpha, reduction="none", base=base)


def beta_negatives(count: int, mean: float, concentration: float, *, seed: int = 0) -> np.ndarray:
    """Predicted probabilities for ``count`` negatives drawn from a Beta distribution.

    The distribution is Beta(a, b) with ``a = mean·κ`` and ``b = (1 − mean)·κ`` for the
    concentration ``κ``: its mean is ``mean`` and its variance ``mean(1 − mean)/(κ + 1)``, so a
    small ``κ`` spreads the predictions and a large one bunches them around the mean. The same
    ``seed`` always gives the same draws. A draw that rounds to exactly 1 is moved to the largest
    float below 1, so every loss stays finite.

    Parameters
    ----------
    count : int
        Number of negatives, >= 0.
    mean : float
        Mean predicted probability, in (0, 1).
    concentration : float
        ``κ = a + b`` > 0.
    seed : int
        Seed of NumPy's default generator, >= 0.

    Returns
    -------
    ndarray of float64, shape (count,)
    """
    count = check_int(count, "count", low=0, high=MAX_DRAWS)
    mean = _check_probability("mean", mean)
    concentration = check_scalar(concentration, "concentration", low=0.0, low_open=True)
    if not min(mean, 1 - mean) * concentration > 0:
        raise InputError(
            f"concentration = {concentration!r} is too small: the Beta parameters mean·κ and "
            "(1 − mean)·κ round to 0; use a concentration of at least 1e-300"
        )
    seed = check_int(seed, "seed", low=0)
    draws = np.random.default_rng(seed).beta(
        mean * concentration, (1 - mean) * concentration, count
    )
    return np.minimum(draws, np.nextafter(1.0, 0.0))


def _bin_sorted(values: np.ndarray | float, count: int, max_bins: int):
    """Bin edges and per-bin (mean, low, high, total) of ``count`` terms sorted in decreasing
    order; ``values`` is that array, or one number shared by all ``count`` classes."""
    bins = min(count, max_bins)
    edges = np.linspace(0, count, bins + 1).round().astype(np.int64)
    sizes = np.diff(edges)
    if np.ndim(values) == 0:
        term = float(values)
        same = np.full(bins, term)
        return edges, same, same, same, sizes * term
    total = np.add.reduceat(values, edges[:-1]) if bins else np.zeros(0)
    return edges, total / sizes, values[edges[1:] - 1], values[edges[:-1]], total


def class_profile(
    positive_terms: np.ndarray | float,
    negative_terms: np.ndarray | float,
    *,
    positives: int,
    negatives: int,
    max_bins: int = MAX_BINS_PER_GROUP,
) -> ClassProfile:
    """Bin the per-class terms of the positives and of the negatives (see :class:`ClassProfile`).

    Parameters
    ----------
    positive_terms, negative_terms : ndarray or float
        Each group's per-class terms, or one number when all classes of the group share it (then
        the work does not grow with the number of classes).
    positives, negatives : int
        Number of classes in each group (the arrays' lengths, when arrays are given).
    max_bins : int
        Most bins per group.
    """
    max_bins = check_int(max_bins, "max_bins", low=1, high=MAX_BINS)
    groups = []
    for terms, count, name, count_name in (
        (positive_terms, positives, "positive_terms", "positives"),
        (negative_terms, negatives, "negative_terms", "negatives"),
    ):
        count = check_int(count, count_name, low=0, high=MAX_COUNT)
        if not isinstance(terms, list | tuple | np.ndarray) or (
            isinstance(terms, np.ndarray) and terms.ndim == 0
        ):
            terms = check_scalar(terms, name, hint="a loss term")
        else:
            terms = check_array(terms, name, ndim=1, min_size=0, finite=True, what="loss terms")
            terms = np.sort(terms.astype(np.float64, copy=False))[::-1]
            if terms.shape != (count,):
                raise InputError(
                    f"{name} has {terms.shape[0]} terms but {count_name} is {count}; "
                    "give one term per class of the group"
                )
        groups.append(_bin_sorted(terms, count, max_bins))
    (pos_edges, *pos), (neg_edges, *neg) = groups
    mean, low, high, total = (np.concatenate(pair) for pair in zip(pos, neg, strict=True))
    grand_total = total.sum()
    cumulative = np.cumsum(total)
    share = cumulative / grand_total if grand_total > 0 else np.zeros_like(cumulative)
    return ClassProfile(
        is_positive=np.arange(len(total)) < len(pos_edges) - 1,
        first=np.concatenate([pos_edges[:-1], neg_edges[:-1]]) + 1,
        last=np.concatenate([pos_edges[1:], neg_edges[1:]]),
        mean=mean,
        low=low,
        high=high,
        total=total,
        cumulative_share=share,
    )


def many_class_scenario(
    classes: int,
    positives: int,
    p_pos: float,
    p_neg: float,
    *,
    neg_weight: float = 1.0,
    gamma: float = 0.0,
    alpha: float | None = None,
    reduction: str = "sum",
    base: float = math.e,
    concentration: float | None = None,
    seed: int = 0,
    max_bins: int = MAX_BINS_PER_GROUP,
) -> Scenario:
    """Score one example with ``classes`` sigmoid outputs, ``positives`` of them labelled 1.

    Every positive predicts ``p_pos``. Every negative predicts ``p_neg``, or, when
    ``concentration`` is given, a probability drawn by :func:`beta_negatives` with mean ``p_neg``.
    The loss is

    .. math:: L = \\frac{1}{D}\\Big(\\sum_{pos} \\ell(1, p_c) + w \\sum_{neg} \\ell(0, p_c)\\Big),

    with ``ℓ`` from :func:`binary_class_terms`, ``w = neg_weight`` and ``D = 1`` for
    ``reduction="sum"`` or ``D = classes`` for ``"mean"`` (as PyTorch's ``weight`` and
    ``reduction="mean"`` do).
    Constant negatives take constant time; Beta negatives one vectorised pass.

    Parameters
    ----------
    classes : int
        Number of classes C >= 1.
    positives : int
        Number of positives P, 0 <= P <= C.
    p_pos, p_neg : float
        Predicted probabilities, in (0, 1).
    neg_weight : float
        Weight of every negative's term, >= 0 (below 1 mutes the negatives).
    gamma, alpha : float, float or None
        Focal-loss parameters (see :func:`binary_class_terms`); 0 and None give binary CE.
    reduction : {"sum", "mean"}
        Sum over the classes, or mean over the classes.
    base : float
        Logarithm base.
    concentration : float or None
        None for constant negatives, else the Beta concentration ``κ``.
    seed : int
        Seed for the Beta draws.
    max_bins : int
        Most bins per group in the profile.

    Returns
    -------
    Scenario
    """
    classes = check_int(classes, "classes", low=1, high=MAX_COUNT)
    positives = check_int(positives, "positives", low=0)
    if positives > classes:
        raise InputError(f"positives is {positives}; it cannot exceed classes ({classes})")
    p_pos = _check_probability("p_pos", p_pos)
    p_neg = _check_probability("p_neg", p_neg)
    neg_weight = check_scalar(neg_weight, "neg_weight", low=0.0, hint="1 = unweighted")
    gamma, alpha = _check_gamma(gamma), _check_alpha(alpha)
    reduction = check_choice(reduction, "reduction", REDUCTIONS)
    log_of_base(base)
    if concentration is not None:
        concentration = check_scalar(concentration, "concentration", low=0.0, low_open=True)
        if classes - positives > MAX_DRAWS:
            raise InputError(
                f"classes - positives = {classes - positives} negatives is more than the "
                f"{MAX_DRAWS} Beta draws offered; use fewer classes, or concentration=None"
            )
    seed = check_int(seed, "seed", low=0)
    max_bins = check_int(max_bins, "max_bins", low=1, high=MAX_BINS)
    negatives = classes - positives
    scale = 1.0 if reduction == "sum" else 1.0 / classes

    pos_term, neg_term = binary_class_terms(
        [1.0, 0.0], [p_pos, p_neg], gamma=gamma, alpha=alpha, base=base
    )
    pos_term, neg_term = float(pos_term), neg_weight * float(neg_term)
    if concentration is None:
        negative_terms = neg_term
        negatives_sum = negatives * neg_term
        p_stats = (p_neg, p_neg, p_neg) if negatives else (math.nan,) * 3
    else:
        draws = beta_negatives(negatives, p_neg, concentration, seed=seed)
        # No negatives cost nothing (the losses refuse empty arrays, so they are not asked).
        negative_terms = (
            neg_weight
            * binary_class_terms(np.zeros(negatives), draws, gamma=gamma, alpha=alpha, base=base)
            if negatives
            else np.zeros(0)
        )
        negatives_sum = float(negative_terms.sum())
        if negatives:
            low, high = np.quantile(draws, [0.05, 0.95])
            p_stats = (float(draws.mean()), float(low), float(high))
        else:
            p_stats = (math.nan,) * 3
    loss = ScenarioLoss(positives=positives * pos_term * scale, negatives=negatives_sum * scale)
    profile = class_profile(
        pos_term, negative_terms, positives=positives, negatives=negatives, max_bins=max_bins
    )
    return Scenario(loss, profile, *p_stats)


def negative_weight_for_share(unweighted: ScenarioLoss, share: float) -> float:
    """The weight on the negatives that makes them ``share`` of the total.

    With ``P`` and ``N`` the unweighted positives' and negatives' losses, the weighted share is
    ``wN / (P + wN)``; solving for ``w`` gives ``w = share·P / ((1 − share)·N)``.

    Parameters
    ----------
    unweighted : ScenarioLoss
        The scenario scored with ``neg_weight=1``.
    share : float
        Wanted share of the negatives, in (0, 1).
    """
    check_instance(unweighted, "unweighted", ScenarioLoss, "the scenario with neg_weight=1")
    share = check_scalar(share, "share", low=0.0, high=1.0, low_open=True, high_open=True)
    check_scalar(unweighted.positives, "unweighted.positives", low=0.0)
    check_scalar(unweighted.negatives, "unweighted.negatives", low=0.0)
    if unweighted.negatives <= 0:
        raise InputError(
            "unweighted.negatives is 0: the negatives add no loss, so no weight can give them "
            "a share"
        )
    return share * unweighted.positives / ((1 - share) * unweighted.negatives)


def _labels_and_probabilities(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y = check_array(y_true, "y_true", ndim=1).astype(np.float64, copy=False)
    p = check_array(y_pred, "y_pred", ndim=1, finite=True, what="probabilities")
    p = p.astype(np.float64, copy=False)
    if y.shape != p.shape:
        raise InputError(
            f"y_true has shape {y.shape} and y_pred {p.shape}; give two 1-D vectors of the same "
            "length, one entry per class"
        )
    if not np.all((y == 0) | (y == 1)):
        raise InputError("y_true must hold only 0 (class absent) and 1 (class present)")
    check_array(p, "y_pred", low=0.0, high=1.0, low_open=True, high_open=True, what="probabilities")
    return y, p


def categorical_view(
    y_true: ArrayLike, y_pred: ArrayLike, *, base: float = math.e
) -> CategoricalView:
    """Score 0/1 labels and per-class probabilities the single-label way (see
    :class:`CategoricalView`).

    Parameters
    ----------
    y_true : array_like, shape (C,)
        0/1 labels with at least one 1.
    y_pred : array_like, shape (C,)
        Probabilities in (0, 1); they need not sum to 1 (they are rescaled as a softmax would).
    base : float
        Logarithm base.

    Returns
    -------
    CategoricalView
    """
    y, p = _labels_and_probabilities(y_true, y_pred)
    log_of_base(base)
    labels = int(y.sum())
    if labels == 0:
        raise InputError("y_true has no 1: categorical cross-entropy needs at least one label")
    target = y / labels
    prediction = p / p.sum()
    terms = np.zeros_like(target)
    present = target > 0
    terms[present] = -target[present] * np.log(prediction[present]) / math.log(base)
    return CategoricalView(
        target=target,
        prediction=prediction,
        terms=terms,
        loss=float(cc.cross_entropy(target, prediction, base=base)),
        floor=float(cc.entropy(target, base=base)),
        best_probability=1.0 / labels,
    )


def logit(p: ArrayLike) -> np.ndarray:
    """The logit ``z = log(p / (1 − p))`` whose sigmoid is ``p``, for ``p`` in (0, 1).

    Computed as ``log p − log1p(−p)`` so that it stays accurate near 0 and 1.
    """
    p = check_array(
        p,
        "p",
        finite=True,
        low=0.0,
        high=1.0,
        low_open=True,
        high_open=True,
        what="probabilities",
        hint="0 and 1 have no logit",
    ).astype(np.float64, copy=False)
    return np.log(p) - np.log1p(-p)


def modulating_factor(p_t: ArrayLike, gamma: float) -> np.ndarray:
    """Focal loss's modulating factor ``(1 − p_t)^γ``: how much of the CE term is kept.

    Parameters
    ----------
    p_t : array_like
        Probability given to the true outcome, in [0, 1].
    gamma : float
        Focusing parameter >= 0 (``0^0`` counts as 1, so γ = 0 keeps everything).
    """
    p_t = check_array(p_t, "p_t", finite=True, low=0.0, high=1.0, what="probabilities")
    p_t = p_t.astype(np.float64, copy=False)
    gamma = _check_gamma(gamma)
    return np.power(1.0 - p_t, gamma)


def down_weighting(
    p_t: ArrayLike, *, gamma: float, alpha: float | None = None, base: float = math.e
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cross-entropy and focal loss of a positive example predicted ``p_t``, and their ratio.

    Parameters
    ----------
    p_t : array_like
        Probabilities of the true class, in (0, 1).
    gamma, alpha : float, float or None
        Focal-loss parameters.
    base : float
        Logarithm base (the ratio does not depend on it).

    Returns
    -------
    ce, focal, times : ndarray
        ``−log p_t``, ``−α (1 − p_t)^γ log p_t`` and ``ce / focal``, how many times smaller the
        focal loss is (``inf`` where it is 0, as with α = 0).
    """
    p_t = check_array(
        p_t,
        "p_t",
        finite=True,
        low=0.0,
        high=1.0,
        low_open=True,
        high_open=True,
        what="probabilities of the true class",
        hint="0 and 1 give an infinite or a zero loss",
    ).astype(np.float64, copy=False)
    gamma, alpha = _check_gamma(gamma), _check_alpha(alpha)
    log_of_base(base)
    ones = np.ones_like(p_t)
    ce = binary_class_terms(ones, p_t, base=base)
    focal = binary_class_terms(ones, p_t, gamma=gamma, alpha=alpha, base=base)
    times = np.divide(ce, focal, out=np.full_like(ce, np.inf), where=focal > 0)
    return ce, focal, times
