"""Freeze PyTorch (and torchvision) reference values into ``golden_torch.json``.

Run from the repository root with torch installed (the test suite itself does not need torch):

    pip install torch   # CPU build is enough; e.g. torch==2.13.0
    python tests/reference/make_golden.py

Every case records the ce_core call that must reproduce it (function name, positional arguments,
keyword arguments, dtype) and the value PyTorch computes for it, in float64 unless the case says
float32. Arrays shared by many cases are stored once under "inputs" and referred to as
{"input": name}. Gradients come from autograd. ``torchvision.ops.sigmoid_focal_loss`` is used when
torchvision is importable; otherwise its documented body is re-run with torch ops (the metadata
says which).
"""

from __future__ import annotations

import json
import platform
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).with_name("golden_torch.json")

try:
    from torchvision.ops import sigmoid_focal_loss

    FOCAL_SOURCE = "torchvision.ops.sigmoid_focal_loss " + __import__("torchvision").__version__
except ImportError:
    FOCAL_SOURCE = (
        "torchvision not importable: torchvision.ops.sigmoid_focal_loss re-implemented from its "
        "documented body with torch ops (make_golden.py: sigmoid_focal_loss)"
    )

    def sigmoid_focal_loss(inputs, targets, alpha=0.25, gamma=2.0, reduction="none"):
        """The body of torchvision.ops.sigmoid_focal_loss (torchvision 0.2x), step by step."""
        p = torch.sigmoid(inputs)
        ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
        p_t = p * targets + (1 - p) * (1 - targets)
        loss = ce_loss * ((1 - p_t) ** gamma)
        if alpha >= 0:
            alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
            loss = alpha_t * loss
        if reduction == "mean":
            loss = loss.mean()
        elif reduction == "sum":
            loss = loss.sum()
        return loss


REDUCTIONS = ("none", "mean", "sum")
cases: list[dict] = []
inputs: dict[str, object] = {}
_input_names: dict[int, str] = {}


def named(name, value):
    """Register an input shared by many cases; cases then refer to it as {"input": name}."""
    inputs[name] = value
    _input_names[id(value)] = name
    return value


def t64(x, grad=False):
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=grad)


def tolist(x):
    if id(x) in _input_names:
        return {"input": _input_names[id(x)]}
    return x.detach().cpu().numpy().tolist() if isinstance(x, torch.Tensor) else x


def add(case_id, function, args, kwargs, expected, dtype="float64"):
    cases.append(
        {
            "id": case_id,
            "function": function,
            "args": [tolist(a) for a in args],
            "kwargs": {k: tolist(v) for k, v in kwargs.items()},
            "dtype": dtype,
            "expected": tolist(expected),
        }
    )


def loss_and_grad(fn, logits, reduction):
    """The loss, and d(loss)/d(logits) (of the sum of the elements for reduction='none')."""
    z = t64(logits, grad=True)
    value = fn(z)
    (value if reduction != "none" else value.sum()).backward()
    return value, z.grad


def add_loss_and_grad(case_id, functions, target, logits, kwargs, fn):
    """Two cases from the torch loss ``fn(z)``: the loss, ``loss_function(target, logits,
    from_logits=True)``, and its gradient with respect to the logits, ``grad_function(target,
    logits)`` (case ``grad_<case_id>``); ``functions`` is ``(loss_function, grad_function)``."""
    loss_function, grad_function = functions
    value, grad = loss_and_grad(fn, logits, kwargs["reduction"])
    add(case_id, loss_function, [target, logits], {**kwargs, "from_logits": True}, value)
    add("grad_" + case_id, grad_function, [target, logits], kwargs, grad)


TENSOR_OPTIONS = ("weight", "pos_weight")


def keywords(reduction, **options):
    """A case's keyword arguments for ce_core, and the same for torch (weights as tensors).
    Options that are None are left out."""
    kwargs = {"reduction": reduction} | {k: v for k, v in options.items() if v is not None}
    torch_kwargs = {k: t64(v) if k in TENSOR_OPTIONS else v for k, v in kwargs.items()}
    return kwargs, torch_kwargs


rng = np.random.default_rng(20240531)

# --- §8 reference cases -----------------------------------------------------------------------
Z = [[2, 1, 0.1], [0.5, 2.5, -1], [0, 0, 0]]
Y = [0, 1, 2]
W = [1, 2, 0.5]
P = [[0.7, 0.2, 0.1], [0, 1, 0], [1 / 3, 1 / 3, 1 / 3]]

# --- categorical cross-entropy from logits, and its gradient ------------------------------------
random_logits = named("ce_logits", (rng.standard_normal((16, 7)) * 3).tolist())
random_index = named("ce_index", rng.integers(0, 7, 16).tolist())
random_weight = named("ce_weight", rng.uniform(0.1, 3, 7).tolist())
random_dist = named("ce_dist", rng.dirichlet(np.ones(7) * 0.7, 16).tolist())
ce_inputs = [
    ("ref8", Z, Y, W, P),
    ("random", random_logits, random_index, random_weight, random_dist),
]
for name, logits, index, weight, dist in ce_inputs:
    for target_kind, target in (("index", index), ("prob", dist)):
        for use_weight in (False, True):
            for smoothing in (0.0, 0.1, 0.35):
                for reduction in REDUCTIONS:
                    kw, torch_kw = keywords(
                        reduction,
                        weight=weight if use_weight else None,
                        label_smoothing=smoothing or None,
                    )
                    torch_target = torch.tensor(target) if target_kind == "index" else t64(target)

                    def fn(z, torch_target=torch_target, torch_kw=torch_kw):
                        return F.cross_entropy(z, torch_target, **torch_kw)

                    case = f"ce_{name}_{target_kind}_w{int(use_weight)}_ls{smoothing}_{reduction}"
                    add_loss_and_grad(
                        case,
                        ("categorical_cross_entropy", "cross_entropy_grad"),
                        target,
                        logits,
                        kw,
                        fn,
                    )

# One example, shape (C,), as torch accepts it.
value = F.cross_entropy(t64(Z[0]), torch.tensor(0))
add("ce_single_example", "categorical_cross_entropy", [0, Z[0]], {"from_logits": True}, value)

# §8 #7: float32 logits of ±1e4 give exactly 0 and 20000.
z32 = torch.tensor([[1e4, -1e4, 0], [-1e4, 1e4, 0]], dtype=torch.float32)
value = F.cross_entropy(z32, torch.tensor([0, 0]), reduction="none")
add(
    "ce_extreme_float32",
    "categorical_cross_entropy",
    [[0, 0], z32],
    {"from_logits": True, "reduction": "none"},
    value,
    dtype="float32",
)

# --- categorical cross-entropy from probabilities = nll_loss(log p) (§8 #8) ---------------------
probs = [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]
random_probs = rng.dirichlet(np.ones(5), 12).tolist()
random_probs_index = rng.integers(0, 5, 12).tolist()
random_probs_weight = rng.uniform(0.1, 3, 5).tolist()
for name, p, index, weight in (
    ("ref8", probs, [0, 2], W),
    ("random", random_probs, random_probs_index, random_probs_weight),
):
    for use_weight in (False, True):
        for reduction in REDUCTIONS:
            kw, torch_kw = keywords(reduction, weight=weight if use_weight else None)
            value = F.nll_loss(torch.log(t64(p)), torch.tensor(index), **torch_kw)
            add(
                f"ce_probs_{name}_w{int(use_weight)}_{reduction}",
                "categorical_cross_entropy",
                [index, p],
                kw,
                value,
            )

# --- binary cross-entropy with logits (§8 #10), multi-label with pos_weight and weight ----------
bce_inputs = [
    ("ref8", [2, -1, 0, 3], [1, 0, 1, 0.25], 3.0, [1, 2, 0.5, 1]),
    (
        "multilabel",
        named("multilabel_logits", (rng.standard_normal((8, 5)) * 4).tolist()),
        named("multilabel_target", rng.integers(0, 2, (8, 5)).astype(float).tolist()),
        rng.uniform(0.2, 5, 5).tolist(),
        named("multilabel_weight", rng.uniform(0, 2, (8, 5)).tolist()),
    ),
    (
        "soft",
        (rng.standard_normal(10) * 5).tolist(),
        rng.uniform(0, 1, 10).tolist(),
        2.5,
        rng.uniform(0, 2, 10).tolist(),
    ),
]
for name, logits, target, pos_weight, weight in bce_inputs:
    for use_pw in (False, True):
        for reduction in REDUCTIONS:
            kw, torch_kw = keywords(reduction, pos_weight=pos_weight if use_pw else None)

            def fn(z, target=target, torch_kw=torch_kw):
                return F.binary_cross_entropy_with_logits(z, t64(target), **torch_kw)

            case = f"bce_logits_{name}_pw{int(use_pw)}_{reduction}"
            add_loss_and_grad(
                case, ("binary_cross_entropy", "binary_cross_entropy_grad"), target, logits, kw, fn
            )
            value = F.binary_cross_entropy_with_logits(
                t64(logits), t64(target), weight=t64(weight), **torch_kw
            )
            add(
                case + "_weight",
                "binary_cross_entropy",
                [target, logits],
                {**kw, "from_logits": True, "weight": weight},
                value,
            )

# float32 logits of ±1e4 (§8 #11): exactly 10000, 10000, 0.
z32 = torch.tensor([1e4, -1e4, -1e4], dtype=torch.float32)
value = F.binary_cross_entropy_with_logits(z32, torch.tensor([0.0, 1.0, 0.0]), reduction="none")
add(
    "bce_logits_extreme_float32",
    "binary_cross_entropy",
    [[0.0, 1.0, 0.0], z32],
    {"from_logits": True, "reduction": "none"},
    value,
    dtype="float32",
)

# --- binary cross-entropy from probabilities (0 < p < 1, where torch's −100 clamp is inactive) --
for name, p, target, weight in (
    ("ref8", [0.9, 0.2, 0.5], [1, 0, 0.3], [1, 2, 3]),
    (
        "random",
        rng.uniform(0.001, 0.999, (6, 4)).tolist(),
        rng.uniform(0, 1, (6, 4)).round(1).tolist(),
        rng.uniform(0, 2, (6, 4)).tolist(),
    ),
):
    for use_weight in (False, True):
        for reduction in REDUCTIONS:
            kw, torch_kw = keywords(reduction, weight=weight if use_weight else None)
            value = F.binary_cross_entropy(t64(p), t64(target), **torch_kw)
            add(
                f"bce_probs_{name}_w{int(use_weight)}_{reduction}",
                "binary_cross_entropy",
                [target, p],
                kw,
                value,
            )

# --- sigmoid focal loss (§8 #13 and a grid of gamma, alpha), and its gradient -------------------
focal_inputs = [
    ("ref8", [-3, -1, 0, 0.5, 2, 4], [1, 0, 1, 0, 1, 0]),
    (
        "random",
        named("focal_logits", (rng.standard_normal((5, 4)) * 3).tolist()),
        named("focal_target", rng.integers(0, 2, (5, 4)).astype(float).tolist()),
    ),
    (
        "soft",
        named("focal_soft_logits", (rng.standard_normal(8) * 3).tolist()),
        named("focal_soft_target", rng.uniform(0, 1, 8).tolist()),
    ),
]
for name, logits, target in focal_inputs:
    for gamma in (0.0, 0.5, 1.0, 2.0, 5.0):
        for alpha in (None, 0.25, 0.75):
            for reduction in REDUCTIONS:
                kw = {"gamma": gamma, "alpha": alpha, "reduction": reduction}

                def fn(z, target=target, gamma=gamma, alpha=alpha, reduction=reduction):
                    tv_alpha = -1 if alpha is None else alpha
                    return sigmoid_focal_loss(z, t64(target), tv_alpha, gamma, reduction)

                case = f"focal_{name}_g{gamma}_a{alpha}_{reduction}"
                add_loss_and_grad(case, ("focal_loss", "focal_loss_grad"), target, logits, kw, fn)


# --- softmax focal loss −Σ_c α_c t_c (1 − q_c)^γ log q_c, and its gradient ----------------------
def categorical_focal(z, target, gamma, alpha):
    """Per-example softmax focal loss, written directly in torch ops."""
    log_q = F.log_softmax(z, dim=-1)
    if target.dtype == torch.int64:
        target = F.one_hot(target, z.shape[-1]).to(z.dtype)
    coef = target * (1 - log_q.exp()) ** gamma
    if alpha is not None:
        coef = coef * alpha
    return -(coef * log_q).sum(dim=-1)


cat_logits = named("cat_logits", (rng.standard_normal((10, 4)) * 3).tolist())
cat_index = named("cat_index", rng.integers(0, 4, 10).tolist())
cat_dist = named("cat_dist", rng.dirichlet(np.ones(4), 10).tolist())
cat_alpha = named("cat_alpha", rng.uniform(0.1, 1, 4).tolist())
for target_kind, target in (("index", cat_index), ("prob", cat_dist)):
    for gamma in (0.0, 0.5, 1.0, 2.0, 5.0):
        for alpha in (None, 0.25, cat_alpha):
            for reduction in REDUCTIONS:
                kw = {"gamma": gamma, "alpha": alpha, "reduction": reduction}
                torch_target = torch.tensor(target) if target_kind == "index" else t64(target)
                torch_alpha = None if alpha is None else t64(alpha)

                def fn(z, tt=torch_target, gamma=gamma, a=torch_alpha, reduction=reduction):
                    per_example = categorical_focal(z, tt, gamma, a)
                    if reduction == "mean":
                        return per_example.mean()
                    return per_example.sum() if reduction == "sum" else per_example

                alpha_name = "vector" if isinstance(alpha, list) else alpha
                case = f"catfocal_{target_kind}_g{gamma}_a{alpha_name}_{reduction}"
                add_loss_and_grad(
                    case,
                    ("categorical_focal_loss", "categorical_focal_loss_grad"),
                    target,
                    cat_logits,
                    kw,
                    fn,
                )

# --- activations ------------------------------------------------------------------------------
act = (rng.standard_normal((4, 6)) * 5).tolist()
add("log_softmax", "log_softmax", [act], {}, F.log_softmax(t64(act), dim=-1))
add("softmax", "softmax", [act], {}, F.softmax(t64(act), dim=-1))
add("softmax_axis0", "softmax", [act], {"axis": 0}, F.softmax(t64(act), dim=0))
add("softmax_t2", "softmax", [act], {"temperature": 2.0}, F.softmax(t64(act) / 2.0, dim=-1))
add("logsumexp", "logsumexp", [act], {}, torch.logsumexp(t64(act), dim=-1))
wide = np.linspace(-60, 60, 25).tolist()
add("sigmoid", "sigmoid", [wide], {}, torch.sigmoid(t64(wide)))
add("log_sigmoid", "log_sigmoid", [wide], {}, F.logsigmoid(t64(wide)))
add("softplus", "softplus", [wide], {}, F.softplus(t64(wide), threshold=1e9))
z32 = torch.tensor([1e4, -1e4, 0], dtype=torch.float32)
add("log_softmax_extreme_float32", "log_softmax", [z32], {}, F.log_softmax(z32, dim=-1), "float32")

# --- KL divergence (§8 #12): kl_div(log q, p) summed over classes ---------------------------------
kl_p = [[0.5, 0.5, 0], [0.2, 0.3, 0.5]]
kl_q = [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3]]
value = F.kl_div(torch.log(t64(kl_q)), t64(kl_p), reduction="none").sum(dim=-1)
add("kl_divergence_ref8", "kl_divergence", [kl_p, kl_q], {}, value)

metadata = {
    "generated_by": "tests/reference/make_golden.py",
    "torch": torch.__version__,
    "numpy": np.__version__,
    "python": platform.python_version(),
    "sigmoid_focal_loss": FOCAL_SOURCE,
    "gradients": "torch autograd; for reduction='none' the gradient of the sum of the losses",
    "dtype": "float64 unless a case says float32",
}
# One case per line keeps the file reviewable and its diffs small.
lines = ",\n".join(json.dumps(case) for case in cases)
OUT.write_text(
    f'{{"metadata": {json.dumps(metadata, indent=1)},\n'
    f'"inputs": {json.dumps(inputs)},\n'
    f'"cases": [\n{lines}\n]}}\n'
)
print(f"wrote {len(cases)} cases to {OUT}")
