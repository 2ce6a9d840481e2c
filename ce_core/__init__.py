"""ce_core: cross-entropy and its relatives in NumPy, exact, stable and checked against the
libraries people use (PyTorch, torchvision, Keras, scikit-learn, SciPy).

>>> import ce_core as cc
>>> float(cc.categorical_cross_entropy(0, [0.7, 0.2, 0.1]))
0.35667494393873245
"""

from ._validation import ROW_SUM_TOLERANCE, InputError
from .activations import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax, softplus
from .binary import binary_cross_entropy, binary_cross_entropy_grad
from .categorical import (
    categorical_cross_entropy,
    cross_entropy_grad,
    cross_entropy_terms,
    probability_grad,
)
from .focal import categorical_focal_loss, categorical_focal_loss_grad, focal_loss, focal_loss_grad
from .information import (
    SymbolInformation,
    cross_entropy,
    entropy,
    kl_divergence,
    nats_to,
    symbol_entropy,
    symbol_information,
)

# Topic modules built on the functions above, used as ``cc.scenarios.many_class_loss(...)``.
from . import calibration, curves, descent, scenarios, training  # noqa: E402  isort: skip

__all__ = [
    "ROW_SUM_TOLERANCE",
    "InputError",
    "calibration",
    "curves",
    "descent",
    "scenarios",
    "training",
    "SymbolInformation",
    "binary_cross_entropy",
    "binary_cross_entropy_grad",
    "categorical_cross_entropy",
    "categorical_focal_loss",
    "categorical_focal_loss_grad",
    "cross_entropy",
    "cross_entropy_grad",
    "cross_entropy_terms",
    "entropy",
    "focal_loss",
    "focal_loss_grad",
    "kl_divergence",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "nats_to",
    "probability_grad",
    "sigmoid",
    "softmax",
    "softplus",
    "symbol_entropy",
    "symbol_information",
]
