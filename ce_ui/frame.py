"""The frame every page starts with: page config, sidebar navigation, the shared settings
(language, units, presenter mode, predict-then-reveal quizzes, chart export format), and the share
link with its QR code."""

from __future__ import annotations

import functools
import math
import pickle
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ce_ui import chart_text, room, url_state
from ce_ui import fields as _fields
from ce_ui.accessibility import improve_accessibility
from ce_ui.figures.style import FONT_SIZE, PLOTLY_CONFIG
from ce_ui.i18n import (
    LANGUAGE_NAMES,
    available_languages,
    current_language,
    language_from_locale,
    t,
    use_language,
)
from ce_ui.share import (
    PUBLIC_ADDRESS_CHARS,
    QR_MAX_BYTES,
    AddressProblem,
    is_local,
    public_base,
    qr_png,
    student_url,
)
from ce_ui.url_state import Field

COMMON = "common"
"""The group name of the settings shared by all pages."""
CURRENT_PAGE_KEY = "current_page"
SHARE_OPEN_KEY = "share.open"
"""The share panel's expander (its link and QR code are drawn by the whole page's run)."""
PRESENTER_CSS = Path(__file__).with_name("presenter.css")
FAVICON = Path(__file__).parent / "static" / "favicon.png"
"""The tab icon, served by the app itself (a Material icon would be fetched from a font server,
which a lecture hall without internet cannot reach)."""
QUIZ_PAGES = frozenset(
    {"playground", "curves", "multilabel", "focal", "gradients", "entropy", "training", "language"}
)
"""Pages whose numbers a quiz (``?quiz=1``) hides until the room has guessed."""


@dataclass(frozen=True)
class PageInfo:
    id: str
    path: str
    icon: str


PAGES = (
    PageInfo("home", "app.py", ":material/home:"),
    PageInfo("playground", "pages/1_playground.py", ":material/counter_1:"),
    PageInfo("curves", "pages/2_curves.py", ":material/counter_2:"),
    PageInfo("gradients", "pages/5_gradients.py", ":material/counter_3:"),
    PageInfo("entropy", "pages/6_entropy.py", ":material/counter_4:"),
    PageInfo("multilabel", "pages/3_multilabel.py", ":material/counter_5:"),
    PageInfo("focal", "pages/4_focal.py", ":material/counter_6:"),
    PageInfo("training", "pages/7_training.py", ":material/counter_7:"),
    PageInfo("language", "pages/9_language.py", ":material/counter_8:"),
)
"""The pages in the suggested order of a lesson, numbered so in the navigation (the icons): one
prediction scored, the shape of the loss, the gradient that trains with it, the information view,
then the variants (many labels, focal loss), a real training run, and language models. Next and
Back at the end of each page follow this order."""
ANSWER_PAGE = PageInfo("answer", "pages/8_answer.py", ":material/how_to_vote:")
"""Students' answer view of a room poll (``/answer?room=CODE``). Not in :data:`PAGES`: it is no
lesson, so neither the navigation nor the home page lists it; a room's link or QR code opens it."""

UNITS = ("nats", "bits")
EXPORT_FORMATS = ("png", "svg")
PRESENTER_SCALE = 1.4
"""How much larger chart text and heights are in presenter mode."""
REPLAYED_CHARTS = 512
"""How many distinct charts :meth:`Frame.plot` keeps ready to replay, for all sessions together."""
REPLAYED_TABLES = 256
"""How many distinct tables :meth:`Frame.table` keeps ready to replay."""
LONG_LINK = 600
"""Links longer than this many characters are shown in a scrolling box in the share panel."""
HIGHLIGHT = "background-color: rgba(0, 158, 115, 0.15)"
"""The shading of a table's highlighted rows (the palette's green, faint)."""


def _common_fields(languages: list[str]) -> list[Field]:
    return [
        Field("lang", language_from_locale(st.context.locale), url_state.choice(languages)),
        Field("units", "nats", url_state.choice(UNITS)),
        Field("present", False, url_state.flag, url_state.dump_flag),
        Field("quiz", False, url_state.flag, url_state.dump_flag),
        Field("export", "png", url_state.choice(EXPORT_FORMATS)),
        # The address students' phones reach the app at, typed in the share panel when the
        # browser's is local; checked there (share.public_base), so a link may carry any text.
        Field("public", "", max_chars=PUBLIC_ADDRESS_CHARS),
    ]


PUBLIC_KEY = "public"
"""The common field of the public address (left out of links while empty)."""
COMMON_KEYS = frozenset({"lang", "units", "present", "quiz", "export", PUBLIC_KEY})
"""The query keys of the settings shared by all pages (a page's reset keeps them)."""


@dataclass
class Frame:
    """What a page gets from :func:`frame`: the shared settings, and its own URL-bound inputs."""

    page: str
    units: str
    presenter: bool
    quiz: bool
    export_format: str
    arriving: bool
    relabel: bool = False
    """True on the run after a language switch: widgets get their values again, newly labelled."""
    _groups: list[tuple[str, list[Field]]] = field(default_factory=list)
    _charts: int = 0
    _choices: list[_fields.Optional | _fields.OneOf] = field(default_factory=list)

    @property
    def base(self) -> float:
        """The logarithm base of the chosen units: e for nats, 2 for bits."""
        return 2.0 if self.units == "bits" else math.e

    @property
    def unit_label(self) -> str:
        return t(f"common.unit_{self.units}")

    def bind(self, fields: Iterable[Field | _fields.Optional | _fields.OneOf]) -> None:
        """Set up the page's URL-bound inputs (call before drawing their widgets).

        :class:`~ce_ui.fields.Optional` and :class:`~ce_ui.fields.OneOf` entries bind their
        fields, and a link's keys decide their switch and their form on arrival."""
        items = list(fields)
        flat: list[Field] = []
        for item in items:
            grouped = isinstance(item, _fields.Optional | _fields.OneOf)
            for one in item.fields if grouped else [item]:
                if one not in flat:
                    flat.append(one)
        url_state.bind(self.page, flat, arriving=self.arriving, relabel=self.relabel)
        self._groups.append((self.page, flat))
        choices = [item for item in items if isinstance(item, _fields.Optional | _fields.OneOf)]
        self._choices += choices
        query = st.query_params
        if not self.arriving or not any(one.key in query for one in flat):
            return
        for item in choices:
            if isinstance(item, _fields.Optional):
                self.set_value(item.switch, item.is_on(query))
                continue
            present = [name for name, group in item.options if group[0].key in query]
            if present:
                self.set_value(item.selector, present[0])
            if len(present) > 1 and item.both_message:
                st.info(t(item.both_message), icon=":material/info:")

    def key(self, field: Field) -> str:
        """The session-state key to give the field's widget."""
        return url_state.widget_key(self.page, field)

    def value(self, field: Field) -> Any:
        return url_state.value(self.page, field)

    def set_value(self, field: Field, value: Any) -> None:
        """Change an input from code (a preset's callback, say), before its widget is drawn."""
        st.session_state[self.key(field)] = value

    # ------------------------------------------------------------ widgets drawn from their field

    def _target(self, target: Field | _fields.View, shown: Any, kwargs: dict) -> Any:
        """The widget's key, and its rule's bounds or options unless given: a View gets
        ``shown`` (the field's current form) before it is drawn."""
        if isinstance(target, _fields.View):
            key = kwargs["key"] = target.key(self.page)
            if shown is not None:
                st.session_state[key] = shown
            elif self.relabel and key in st.session_state:
                st.session_state[key] = st.session_state[key]  # sent again under its new label
        else:
            kwargs["key"] = self.key(target)
            if shown is not None:
                raise ValueError("shown= is for views; set a field with set_value")
        return target.rule if isinstance(target, _fields.View) else target.parse

    def _numeric(self, target, shown, kwargs) -> dict:
        rule = self._target(target, shown, kwargs)
        if isinstance(rule, url_state.NumberRule):
            kwargs.setdefault("min_value", rule.widget_low)
            kwargs.setdefault("max_value", rule.widget_high)
            if rule.step is not None:
                kwargs.setdefault("step", rule.step)
            elif rule.integer:
                kwargs.setdefault("step", 1)
        return kwargs

    def slider(self, target: Field | _fields.View, label: str, *, shown=None, **kwargs) -> Any:
        """``st.slider`` for a number field: its bounds and step come from the field."""
        return st.slider(label, **self._numeric(target, shown, kwargs))

    def number_input(
        self, target: Field | _fields.View, label: str, *, shown=None, **kwargs
    ) -> Any:
        """``st.number_input`` for a number field (or view): bounds and step from its rule."""
        return st.number_input(label, **self._numeric(target, shown, kwargs))

    def text_input(self, target: Field | _fields.View, label: str, *, shown=None, **kwargs) -> str:
        """``st.text_input`` for a text or vector field: ``max_chars`` comes from the field."""
        self._target(target, shown, kwargs)
        if isinstance(target, Field):
            kwargs.setdefault("max_chars", target.max_chars)
        return st.text_input(label, **kwargs)

    def text_area(self, target: Field, label: str, **kwargs) -> str:
        """``st.text_area`` for a rows field: ``max_chars`` comes from the field."""
        self._target(target, None, kwargs)
        kwargs.setdefault("max_chars", target.max_chars)
        return st.text_area(label, **kwargs)

    def _options(self, target, shown, option_labels, kwargs) -> tuple[Sequence, dict]:
        rule = self._target(target, shown, kwargs)
        options = kwargs.pop("options", None) or rule.options
        if option_labels is not None:
            labels = option_labels if callable(option_labels) else dict(option_labels).get
            kwargs.setdefault("format_func", labels)
        return options, kwargs

    def radio(self, target, label: str, option_labels=None, *, shown=None, **kwargs) -> Any:
        """``st.radio`` for a choice field (or view): the value is the option's stable id, the
        label its translation (``option_labels``: a mapping id → label, or a function)."""
        options, kwargs = self._options(target, shown, option_labels, kwargs)
        return st.radio(label, options, **kwargs)

    def selectbox(self, target, label: str, option_labels=None, *, shown=None, **kwargs) -> Any:
        """``st.selectbox`` for a choice field (or view), values stable ids, labels translated."""
        options, kwargs = self._options(target, shown, option_labels, kwargs)
        return st.selectbox(label, options, **kwargs)

    def multiselect(self, target, label: str, option_labels=None, *, shown=None, **kwargs) -> list:
        """``st.multiselect`` for a field whose rule has ``options`` (a set of them): the value is
        a list of stable ids, the labels translations (``option_labels`` as for :meth:`radio`)."""
        options, kwargs = self._options(target, shown, option_labels, kwargs)
        return st.multiselect(label, options, **kwargs)

    def select_slider(self, target, label: str, option_labels=None, *, shown=None, **kwargs):
        """``st.select_slider`` over the options of a field's rule (sizes, say), value an id."""
        options, kwargs = self._options(target, shown, option_labels, kwargs)
        return st.select_slider(label, options, **kwargs)

    def segmented_control(self, target, label: str, option_labels=None, *, shown=None, **kwargs):
        """``st.segmented_control`` for a choice field (one option always chosen, unless
        ``required=False``), value the option's id, labels translated."""
        options, kwargs = self._options(target, shown, option_labels, kwargs)
        kwargs.setdefault("required", True)
        return st.segmented_control(label, options, **kwargs)

    def toggle(self, target: Field, label: str, **kwargs) -> bool:
        """``st.toggle`` for a flag field (an :class:`~ce_ui.fields.Optional`'s switch, say)."""
        self._target(target, None, kwargs)
        return st.toggle(label, **kwargs)

    def checkbox(self, target: Field, label: str, **kwargs) -> bool:
        self._target(target, None, kwargs)
        return st.checkbox(label, **kwargs)

    def class_picker(
        self, target: Field | _fields.View, label: str, classes: int, *, shown=None, **kwargs
    ) -> int:
        """The one way of picking a class: a select box of class names ("class 0", ...), whose
        value is the class index (a class beyond ``classes`` becomes class 0)."""
        names = [t("common.class_option", c=c) for c in range(classes)]
        self._target(target, shown, kwargs)
        current = st.session_state.get(kwargs["key"])
        if current is not None and not (isinstance(current, int) and 0 <= current < classes):
            st.session_state[kwargs["key"]] = 0  # fewer classes now: the box shows a valid one
        return st.selectbox(label, range(classes), format_func=names.__getitem__, **kwargs)

    def set_view(self, view: _fields.View, value: Any) -> None:
        """Set a view widget from code (a preset's callback), before it is drawn."""
        st.session_state[view.key(self.page)] = value

    @property
    def last_valid(self) -> dict[str, Any]:
        """The page's last valid readings of its fields (one session-state entry per page): what
        the results keep using while a field cannot be read (see :meth:`bad_input`)."""
        return st.session_state.setdefault(f"{self.page}.last_valid", {})

    def view_value(self, view: _fields.View) -> Any:
        """A view widget's current value (in its ``on_change``, the value just chosen)."""
        return st.session_state.get(view.key(self.page))

    # ------------------------------------------------------------ the shared input policies

    def bad_input(self, problem: str, in_use: Any) -> None:
        """The one bad-input message: ``problem`` (naming the bad value) and the value the
        results really use (numbers, or text); the page goes on with ``in_use``."""
        st.error(_fields.fallback_message(problem, in_use), icon=":material/error:")

    def offer_normalise(self, field: Field, values: Any, warning: str, *, key: str) -> None:
        """A distribution (or rows of them) whose sum is not 1: ``warning`` and a Normalise
        button that writes ``values / sum`` into ``field`` with the one rounding rule
        (:func:`ce_ui.fields.normalised_text`)."""
        st.warning(warning, icon=":material/warning:")
        st.button(
            t("common.normalise"),
            key=key,
            help=t("common.normalise_help"),
            on_click=self.set_value,
            args=(field, _fields.normalised_text(values)),
            icon=":material/balance:",
        )

    def shared_query(self) -> dict[str, str]:
        """The query-string form of the settings shared by all pages (for links between pages)."""
        return _shared(self._groups[0][1])

    def plot(self, build: Callable[..., go.Figure], /, *args: Any, **kwargs: Any) -> None:
        """Show the figure ``build(*args, **kwargs)``, with the toolbar's download in the chosen
        format and bigger when presenting, replayed from a cache when the same chart was drawn
        before, by any session.

        Building a Plotly figure and serialising it for the browser costs a few milliseconds;
        replaying the finished chart, a fraction of one. ``build`` is a figure builder of
        ``ce_ui.figures`` and its arguments are picklable: the cache is keyed by their pickled
        bytes, so a chart is only reused for inputs equal to the last bit.

        With the chart come its text alternative for screen readers and a "Data table"
        expander (:mod:`ce_ui.chart_text`), whose table is only built while it is open; the
        builder's ``title=`` keyword names the expander.
        """
        built = (build, args, kwargs)
        # The chart's text is in the session's language, and in a quiz leaves out the answer.
        lang, quiz = current_language(), self.quiz and self.page in QUIZ_PAGES
        _draw_chart(call=pickle.dumps((*built, self.presenter, self.export_format, lang, quiz)))
        self._charts += 1
        # The chart's data as a table, on demand: built only while its expander is open.
        title = kwargs.get("title")
        label = t("accessibility.data_table_of", title=title) if title else None
        data = st.expander(
            label or t("accessibility.data_table"), icon=":material/table:", on_change="rerun",
            key=f"{self.page}.chart_data.{self._charts}",
        )  # fmt: skip
        if data.open:
            with data:
                _draw_chart_data(call=pickle.dumps((*built, lang)))
        if self.presenter:  # "this chart, full screen": a dialog with the chart, screen-sized
            if st.button(
                t("common.chart_full_screen"), key=f"{self.page}.full_screen.{self._charts}",
                icon=":material/fullscreen:", type="tertiary",
            ):  # fmt: skip
                _full_screen(build(*args, **kwargs), self.export_format, quiz=quiz)

    def table(
        self,
        columns: dict[str, Sequence],
        *,
        height: int | str = "auto",
        shaded_rows: Iterable[int] = (),
        bold_rows: Iterable[int] = (),
    ) -> None:
        """Show a table of columns (text, or numbers) without an index, some rows shaded or in
        bold, replayed from a cache when an equal table was shown before.

        Turning columns into Streamlit's table format costs about a millisecond, and styling rows
        with pandas' Styler ten; replaying the finished table, a fraction of one.
        """
        rows = (tuple(int(row) for row in shaded_rows), tuple(int(row) for row in bold_rows))
        _draw_table(call=pickle.dumps((columns, height, *rows, self.presenter)))

    def reveal(
        self,
        name: str,
        prompt: str,
        *,
        inputs: Hashable,
        answer: float | None = None,
        unit: str = "",
    ) -> bool:
        """In a quiz, ask the room to guess and return whether the answer may be shown.

        Without ``?quiz=1`` the answer is always shown. With it, ``prompt`` and a reveal button
        appear; once revealed, the answer stays visible until ``inputs`` change. The box also
        offers a room poll (:mod:`ce_ui.room`): phones answer, the histogram grows, and the reveal
        marks ``answer`` (the true value, when the question has one number, in ``unit``) on it.
        """
        if not self.quiz or self.page not in QUIZ_PAGES:
            return True
        state_key = f"revealed.{self.page}.{name}"
        if st.session_state.get(state_key) == inputs:
            if room.asks(self.page, name):  # Ask the room: the histogram, now with the answer
                with st.container(border=True):
                    self._room(name, prompt, inputs, answer, unit, revealed=True)
            return True
        with st.container(border=True):
            st.markdown(f"**{t('common.quiz_heading')}** {prompt}")
            st.button(
                t("common.quiz_reveal"),
                key=f"reveal.{self.page}.{name}",
                type="primary",
                on_click=st.session_state.__setitem__,
                args=(state_key, inputs),
            )
            self._room(name, prompt, inputs, answer, unit, revealed=False)
        return False

    def _room(self, name, prompt, inputs, answer, unit, *, revealed: bool) -> None:
        """Ask the room (:mod:`ce_ui.room`): open a poll of this question, show it live."""
        room.host_panel(
            self.page, name, prompt, inputs=inputs, revealed=revealed, truth=answer,
            base=self.base, unit=unit, presenter=self.presenter,
        )  # fmt: skip

    def charts_from(self, number: int) -> None:
        """Number the following charts' full-screen buttons from ``number`` (a fragment calls it
        first, so that its buttons keep their keys when it reruns alone)."""
        self._charts = number

    def publish_query(self, *, omit: Iterable[str] = ()) -> None:
        """Write every input's current value to the query string (what :meth:`publish` does
        first; a fragment that reruns alone calls it to keep the address bar in step)."""
        omit = set(omit)
        public = self._common(PUBLIC_KEY)
        if public is None or not url_state.value(COMMON, public):
            omit.add(PUBLIC_KEY)
        for item in self._choices:
            if isinstance(item, _fields.Optional):
                omit.add(item.switch.key)
                if not self.value(item.switch):
                    omit.add(item.value.key)
            else:
                omit |= item.omitted(self.value(item.selector))
        left_out = url_state.publish(self._groups, omit=omit)
        if left_out:
            st.warning(
                t(
                    "common.link_left_out",
                    keys=", ".join(url_state.quote_user_text(key) for key in left_out),
                    limit=url_state.MAX_QUERY_CHARS,
                ),
                icon=":material/link_off:",
            )

    def preset_buttons(
        self,
        key: str,
        labels: dict[str, str],
        apply: Callable[[Frame, str], None],
        *,
        helps: dict[str, str] | None = None,
        active: Collection[str] = (),
    ) -> None:
        """A row of preset buttons, one per ``{id: label}``, keyed ``f"{key}.{id}"``, the ``active``
        ones highlighted; a click calls ``apply(page, id)`` before the rerun."""
        with st.container(horizontal=True, gap="small"):
            for preset_id, label in labels.items():
                st.button(
                    label, key=f"{key}.{preset_id}", help=(helps or {}).get(preset_id),
                    on_click=apply, args=(self, preset_id),
                    type="primary" if preset_id in active else "secondary",
                )  # fmt: skip

    def link_to(self, page_id: str, label: str, query: dict[str, str], **kwargs: Any) -> None:
        """A link to the lesson page ``page_id`` (see :data:`PAGES`) that opens it with the shared
        settings and ``query``."""
        path = next(info.path for info in PAGES if info.id == page_id)
        st.page_link(path, label=label, query_params={**self.shared_query(), **query}, **kwargs)

    def code_tabs(self, scripts: dict[str, str], notes: Iterable[str] = ()) -> None:
        """One tab per library, named by the keys of ``scripts``, with its script; ``notes`` below
        (where a library prints something else than the page)."""
        for tab, script in zip(st.tabs(list(scripts)), scripts.values(), strict=True):
            with tab:
                st.code(script, language="python")
        for note in notes:
            st.caption(note)

    def footer(self) -> None:
        """The end of every page (drawn by :meth:`publish`): Back and Next along the lesson
        (:data:`PAGES`) carrying the shared settings, and a button that resets this page."""
        ids = [info.id for info in PAGES]
        if self.page not in ids:
            return
        index = ids.index(self.page)
        shared = self.shared_query()
        st.divider()
        back, reset, forward = st.columns(3, vertical_alignment="center")
        if index > 0:
            info = PAGES[index - 1]
            back.page_link(
                info.path, label=t("nav.back", page=t(f"nav.{info.id}")),
                icon=":material/arrow_back:", query_params=shared,
            )  # fmt: skip
        if index > 0:
            reset.button(
                t("nav.reset"), key=f"{self.page}.reset_page", help=t("nav.reset_help"),
                icon=":material/restart_alt:", on_click=_reset_page,
                args=(self.page, [field for _, fields in self._groups[1:] for field in fields]),
            )  # fmt: skip
        if index + 1 < len(PAGES):
            info = PAGES[index + 1]
            with forward, st.container(horizontal=True, horizontal_alignment="right"):
                st.page_link(
                    info.path, label=t("nav.next", page=t(f"nav.{info.id}")),
                    icon=":material/arrow_forward:", query_params=shared,
                )  # fmt: skip

    def _common(self, key: str) -> Field | None:
        """A shared setting's field; None for a Frame made without them (a test's page)."""
        if not self._groups or self._groups[0][0] != COMMON:
            return None
        return next((one for one in self._groups[0][1] if one.key == key), None)

    def _student_link(self) -> str:
        """The share panel's link for students' phones (:func:`ce_ui.share.student_url`); on a
        local address, a warning and the field for the address phones can reach."""
        path = "" if self.page == "home" else self.page
        public = None
        if is_local(st.context.url):
            st.warning(t("common.share_local"), icon=":material/wifi_off:")
            field = self._common(PUBLIC_KEY)
            typed = st.text_input(
                t("common.share_public_label"),
                key=url_state.widget_key(COMMON, field),
                max_chars=field.max_chars,
                placeholder="192.168.1.20:8501",
                help=t("common.share_public_help"),
            )
            try:
                public = public_base(typed)
            except AddressProblem as problem:
                shown = url_state.quote_user_text(typed)
                st.error(t(f"common.{problem.rule}", value=shown), icon=":material/error:")
        return student_url(st.context.url, st.query_params.to_dict(), page_path=path, public=public)

    def publish(self, *, omit: Iterable[str] = ()) -> None:
        """Write every input's current value to the query string and to the share panel (call
        after the widgets)."""
        self.publish_query(omit=omit)
        self.footer()
        with st.sidebar:  # below the settings, the last thing in the sidebar
            # Lazy: the link and its QR code are only built while the panel is open.
            panel = st.expander(
                t("common.share"), icon=":material/share:", key=SHARE_OPEN_KEY, on_change="rerun"
            )
            if panel.open:
                with panel:
                    link = self._student_link()
                    st.caption(t("common.share_help"))
                    # A long link (up to 8,000 characters) scrolls within a box of its own.
                    height = "content" if len(link) <= LONG_LINK else 240
                    st.code(link, language=None, wrap_lines=True, height=height)
                    code = qr_png(link)
                    if code is None:
                        st.info(
                            t("common.share_no_qr", length=len(link), limit=QR_MAX_BYTES),
                            icon=":material/qr_code_2:",
                        )
                    else:
                        st.image(code, caption=t("common.share_qr_caption"), width="stretch")
                        if st.button(t("common.share_big_qr"), key="share.big_qr", width="stretch"):
                            _big_qr(link)


def only_this_fragment() -> bool:
    """Whether this run is a rerun of a fragment alone (not the whole page)."""
    context = get_script_run_ctx()
    return bool(context and context.fragment_ids_this_run)


def section(
    draw: Callable[..., None] | None = None,
    *,
    omit: Callable[[Frame], Iterable[str]] = lambda page: (),
) -> Callable[..., None]:
    """Make ``draw(page, *args, **kwargs)`` a part of the page that reruns alone (a fragment)
    when one of its own widgets changes. Use as ``@section`` or ``@section(omit=...)``.

    Only for a part whose widgets change nothing outside it: a widget outside reruns the whole
    page, which draws the part again with its new arguments. When the part reruns alone, the
    query string is written from here (``omit(page)``: the keys the page's
    :meth:`Frame.publish` leaves out), its charts keep the numbers of their full-screen buttons,
    the page is no longer arriving nor relabelling, and with the share panel open the whole page
    runs again so that its link and QR code follow.
    """
    if draw is None:
        return functools.partial(section, omit=omit)

    def run(page: Frame, first_chart: int, *args: Any, **kwargs: Any) -> None:
        alone = only_this_fragment()
        if alone:  # the Frame of the last whole-page run, whose arrival is over
            page.arriving = page.relabel = False
            page.charts_from(first_chart)
        draw(page, *args, **kwargs)
        if alone:
            page.publish_query(omit=omit(page))
            if st.session_state.get(SHARE_OPEN_KEY):
                st.rerun()

    # Streamlit names a fragment by its function's module and qualified name: the part's own.
    fragment = st.fragment(functools.update_wrapper(run, draw))

    @functools.wraps(draw)
    def call(page: Frame, *args: Any, **kwargs: Any) -> None:
        fragment(page, page._charts, *args, **kwargs)

    return call


def frame(page: str) -> Frame:
    """Start a page: config, shared settings from the URL, and the sidebar. Call it first."""
    arriving = st.session_state.get(CURRENT_PAGE_KEY) != page
    if arriving:
        st.session_state[CURRENT_PAGE_KEY] = page
    languages = available_languages()
    common = _common_fields(languages)
    lang_field, units_field, present_field, quiz_field, export_field, _public = common
    # The language first, so that messages about the other settings are in it.
    url_state.bind(COMMON, [lang_field], arriving=arriving)
    relabel = use_language(url_state.value(COMMON, lang_field))
    url_state.bind(COMMON, common[1:], arriving=arriving, relabel=relabel)
    presenter = url_state.value(COMMON, present_field)

    st.set_page_config(
        page_title=f"{t(f'nav.{page}')} · {t('common.app_name')}",
        page_icon=str(FAVICON),
        layout="wide",
        initial_sidebar_state="collapsed" if presenter else "auto",
    )
    if presenter:
        st.html(PRESENTER_CSS)
    with st.sidebar:
        improve_accessibility()
        _navigation(shared_query=urlencode(_shared(common)))
        st.selectbox(
            t("common.language"),
            languages,
            format_func=LANGUAGE_NAMES.__getitem__,
            key=url_state.widget_key(COMMON, lang_field),
        )
        units = st.radio(
            t("common.units"),
            UNITS,
            format_func={unit: t(f"common.unit_{unit}") for unit in UNITS}.get,
            key=url_state.widget_key(COMMON, units_field),
            help=t("common.units_help"),
            horizontal=True,
        )
        st.toggle(
            t("common.presenter"),
            key=url_state.widget_key(COMMON, present_field),
            help=t("common.presenter_help"),
        )
        if page in QUIZ_PAGES:
            st.toggle(
                t("common.quiz"),
                key=url_state.widget_key(COMMON, quiz_field),
                help=t("common.quiz_help"),
            )
        st.radio(
            t("common.export"),
            EXPORT_FORMATS,
            format_func=str.upper,
            key=url_state.widget_key(COMMON, export_field),
            help=t("common.export_help"),
            horizontal=True,
        )
    return Frame(
        page=page,
        units=units,
        presenter=presenter,
        quiz=url_state.value(COMMON, quiz_field),
        export_format=url_state.value(COMMON, export_field),
        arriving=arriving,
        relabel=relabel,
        _groups=[(COMMON, common)],
    )


def _reset_page(page: str, fields: list[Field]) -> None:
    """Reset this page (the footer's button): its fields go back to their defaults, and its
    saved values, last valid readings, views and revealed answers are forgotten. The next run
    sets the page up as on arrival from a link without the page's keys."""
    for key in [key for key in st.query_params if key not in COMMON_KEYS]:
        del st.query_params[key]
    saved = st.session_state.get(url_state.SAVED_STATE_KEY, {})
    for one in fields:
        saved.pop(url_state.widget_key(page, one), None)
    prefixes = (f"{page}.view.", f"revealed.{page}.", f"{page}.last_valid")
    for key in [key for key in st.session_state if str(key).startswith(prefixes)]:
        del st.session_state[key]
    st.session_state[CURRENT_PAGE_KEY] = None  # the next run arrives afresh


def _shared(common: list[Field]) -> dict[str, str]:
    """The shared settings as a query, without an empty public address."""
    query = url_state.current_values(COMMON, common)
    if not query.get(PUBLIC_KEY):
        query.pop(PUBLIC_KEY, None)
    return query


@st.cache_resource(max_entries=256, show_spinner=False)
def _navigation(shared_query: str) -> None:
    """The app's name and a link to every page carrying the shared settings (a query string, the
    language among them). Drawn once for each and replayed by Streamlit: building eight page links
    takes about a millisecond."""
    shared = dict(parse_qsl(shared_query))
    st.markdown(f"### {t('common.app_name')}")
    for info in PAGES:
        st.page_link(info.path, label=t(f"nav.{info.id}"), icon=info.icon, query_params=shared)
    st.divider()


def _show_figure(figure: go.Figure, presenter: bool, export_format: str) -> None:
    if presenter:
        enlarge(figure, PRESENTER_SCALE)
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {"format": export_format}}
    if export_format == "png":
        config["toImageButtonOptions"]["scale"] = 2
    st.plotly_chart(figure, config=config)


@st.cache_resource(max_entries=REPLAYED_CHARTS, show_spinner=False)
def _draw_chart(call: bytes) -> None:
    """Draw the chart that :meth:`Frame.plot` pickled, and its text alternative for screen
    readers (:func:`ce_ui.chart_text.describe`; in a quiz, only the numbers the chart writes,
    which leave out the answer); Streamlit replays both for an equal call."""
    build, args, kwargs, presenter, export_format, _, quiz = pickle.loads(call)
    figure = build(*args, **kwargs)
    text = chart_text.describe(figure, written_only=quiz)
    _show_figure(figure, presenter, export_format)
    st.html(chart_text.hidden_text(text))


@st.cache_resource(max_entries=REPLAYED_CHARTS, show_spinner=False)
def _draw_chart_data(call: bytes) -> None:
    """Draw the data table of the chart that :meth:`Frame.plot` pickled (an HTML table, which
    screen readers walk cell by cell); replayed by Streamlit for an equal call."""
    build, args, kwargs, _ = pickle.loads(call)
    columns = chart_text.data_table(build(*args, **kwargs))
    st.table(pd.DataFrame(columns).style.hide(axis="index"))


@st.cache_resource(max_entries=REPLAYED_TABLES, show_spinner=False)
def _draw_table(call: bytes) -> None:
    """Draw the table that :meth:`Frame.table` pickled; Streamlit replays it for an equal call."""
    columns, height, shaded_rows, bold_rows, presenter = pickle.loads(call)
    data = columns
    if presenter:  # an HTML table, whose text presenter.css enlarges (a data grid is a canvas)
        data = pd.DataFrame(columns).style.hide(axis="index")
    if shaded_rows or bold_rows:

        def row_style(row) -> list[str]:
            if row.name in shaded_rows:
                return [HIGHLIGHT] * len(row)
            return ["font-weight: bold" if row.name in bold_rows else ""] * len(row)

        data = pd.DataFrame(columns).style.apply(row_style, axis=1)
        if presenter:
            data = data.hide(axis="index")
    if presenter:
        st.table(data)
    else:
        st.dataframe(data, hide_index=True, height=height)


def enlarge(figure: go.Figure, scale: float) -> None:
    """Scale a figure's height and every text size it sets (for a projector)."""
    base = figure.layout.font.size or FONT_SIZE

    def bigger(size: float | None) -> int:
        return round((size or base) * scale)

    figure.update_layout(
        height=round((figure.layout.height or 400) * scale),
        font_size=bigger(base),
        title_font_size=bigger(figure.layout.title.font.size),
        legend_font_size=bigger(figure.layout.legend.font.size),
    )
    figure.for_each_xaxis(
        lambda axis: axis.update(
            tickfont_size=bigger(axis.tickfont.size), title_font_size=bigger(axis.title.font.size)
        )
    )
    figure.for_each_yaxis(
        lambda axis: axis.update(
            tickfont_size=bigger(axis.tickfont.size), title_font_size=bigger(axis.title.font.size)
        )
    )
    for annotation in figure.layout.annotations:
        annotation.font.size = bigger(annotation.font.size)
    figure.update_layout(
        hoverlabel_font_size=bigger(figure.layout.hoverlabel.font.size),
        legend_title_font_size=bigger(figure.layout.legend.title.font.size),
    )
    for trace in figure.data:  # bar labels, text markers
        if "textfont" in trace and trace.textfont.size is not None:
            trace.textfont.size = bigger(trace.textfont.size)
        elif "textfont" in trace and trace.text is not None:
            trace.textfont.size = bigger(None)
    for slider in figure.layout.sliders:  # animation sliders' labels
        slider.font.size = bigger(slider.font.size)
        slider.currentvalue.font.size = bigger(slider.currentvalue.font.size)


FULL_SCREEN_HEIGHT = 560
"""A chart's height in its full-screen dialog: a 720-pixel projector less the dialog's title."""
BIG_QR_CSS = (
    "<style>[data-testid='stDialog'] [data-testid='stImage'] img"
    " { max-height: calc(100vh - 9rem); width: auto !important; margin: 0 auto; }</style>"
)
"""The large QR code fits the screen's height (a constant, no user text)."""


def _full_screen(figure: go.Figure, export_format: str, *, quiz: bool) -> None:
    @st.dialog(t("common.chart_full_screen"), width="large")
    def show() -> None:
        text = chart_text.describe(figure, written_only=quiz)  # before enlarging: same words
        enlarge(figure, PRESENTER_SCALE)
        figure.update_layout(height=FULL_SCREEN_HEIGHT)
        config = {**PLOTLY_CONFIG, "toImageButtonOptions": {"format": export_format}}
        st.plotly_chart(figure, config=config)
        st.html(chart_text.hidden_text(text))

    show()


def _big_qr(link: str) -> None:
    @st.dialog(t("common.share_qr_caption"), width="large")
    def show() -> None:
        st.html(BIG_QR_CSS)
        st.image(qr_png(link, scale=16))
        st.code(link, language=None, wrap_lines=True)

    show()
