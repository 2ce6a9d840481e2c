"""The Training page's runs as the page draws them: each model trained (or taken from the shared
cache) with its progress reported on the page's bar, and which runs a stopped training finished.

The numerics are ``ce_core``'s (through :mod:`ce_ui.digits`), the summaries
:func:`ce_ui.training_setup.summarize`'s; this module only wires them to Streamlit's cache and
progress bar.
"""

from __future__ import annotations

import streamlit as st

from ce_core import training
from ce_ui import digits
from ce_ui import training_setup as setup
from ce_ui.explanations import training as explain
from ce_ui.i18n import t

STOPPED = "training.stopped"
"""Session state: the settings whose training the visitor stopped (they wait for Train)."""


def progress_with_stop(slot, run_key: str):
    """The progress bar and a Stop button side by side in ``slot`` (near the top of the page);
    returns the bar's slot. Stop records ``run_key`` as stopped, and its click makes Streamlit
    end the running script at the bar's next update (the run is not kept)."""
    bar_column, stop_column = slot.container().columns([5, 1], vertical_alignment="bottom")
    stop_column.button(
        t("training.stop_button"),
        key="training.stop",
        help=t("training.stop_help"),
        icon=":material/stop:",
        on_click=st.session_state.__setitem__,
        args=(STOPPED, run_key),
    )
    return bar_column.empty()


def reporters(slot, name: str, run: int, runs: int):
    """The progress bar's updates during run ``run`` of ``runs`` (of the loss ``name``), and while
    it waits for the server; none without a bar (nothing is left to train)."""
    if slot is None:
        return None, None

    def on_epoch(epoch: int, epochs: int) -> None:
        fraction, text = explain.progress(name, run, runs, epoch, epochs)
        slot.progress(fraction, text=text)

    def on_wait() -> None:
        slot.progress(0.0, text=t("training.waiting"))

    return digits.outside_cache(on_epoch), digits.outside_cache(on_wait)


@st.cache_resource(max_entries=64, show_spinner=False)
def trained(
    settings: str, _config, _name, _rare_digits, _keep_fraction, _base, _on_epoch, _on_wait
) -> setup.Summary:
    """The summary of the run with these settings, trained or taken from the digits' cache.

    Keyed by ``settings``, the repr of the config, name, rare digits, kept fraction and base that
    follow it (exact, and much faster to hash than they are), and shared rather than copied, as
    the page only reads it."""
    run = digits.train(
        _config, _rare_digits, _keep_fraction, _on_epoch=_on_epoch, _on_wait=_on_wait
    )
    return setup.summarize(run, _name, _rare_digits, _base)


def summaries(
    configs: list[training.TrainingConfig],
    names: dict[str, str],
    rare_digits: tuple[int, ...],
    keep_fraction: float,
    base: float,
    *,
    train: bool,
    slot=None,
) -> tuple[list[setup.Summary], list[str]]:
    """The summaries of the runs of ``configs`` and the names of those left out: with ``train``
    every run (trained now if need be, its progress on ``slot``), otherwise only the runs already
    trained by any session (after a Stop: what finished). Raises what training raises
    (:class:`~ce_core.training.TrainingDiverged`, :class:`~ce_ui.digits.ServerBusy`); a Stop
    interrupts it from the progress bar's update."""
    shown, missing = [], []
    for run, config in enumerate(configs, start=1):
        name = names[config.loss]
        if not (train or digits.is_trained(config, rare_digits, keep_fraction)):
            missing.append(name)
            continue
        settings = (config, name, rare_digits, keep_fraction, base)
        shown.append(trained(repr(settings), *settings, *reporters(slot, name, run, len(configs))))
    return shown, missing
