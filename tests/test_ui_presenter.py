"""Presenter mode enlarges every chart's text, not only the default font."""

from ce_ui.figures import style
from ce_ui.frame import enlarge


def test_enlarge_scales_height_and_every_text_size():
    figure = style.figure(
        [{"type": "scatter", "x": [0, 1], "y": [0, 1]}],
        title="t",
        x_title="x",
        y_title="y",
        height=300,
        layout={
            "xaxis": {"tickfont": {"size": 10}},
            "annotations": [{"text": "a", "x": 0, "y": 0}],
        },
    )
    enlarge(figure, 1.5)
    assert figure.layout.height == 450
    assert figure.layout.font.size == round(style.FONT_SIZE * 1.5)
    assert figure.layout.xaxis.tickfont.size == 15
    assert figure.layout.yaxis.tickfont.size == round(style.FONT_SIZE * 1.5)
    assert figure.layout.xaxis.title.font.size == round(style.FONT_SIZE * 1.5)
    assert figure.layout.annotations[0].font.size == round(style.FONT_SIZE * 1.5)


def test_enlarge_also_scales_hover_legend_titles_and_trace_text():
    figure = style.figure(
        [{"type": "bar", "x": [0, 1], "y": [1, 2], "text": ["a", "b"], "textfont": {"size": 10}},
         {"type": "scatter", "x": [0], "y": [0], "text": ["c"], "mode": "markers+text"}],
        title="t", x_title="x", y_title="y", height=300,
        layout={"hoverlabel": {"font": {"size": 12}}, "legend": {"title": {"text": "L"}}},
    )  # fmt: skip
    enlarge(figure, 1.5)
    assert figure.layout.hoverlabel.font.size == 18
    assert figure.layout.legend.title.font.size == round(style.FONT_SIZE * 1.5)
    assert figure.data[0].textfont.size == 15
    assert figure.data[1].textfont.size == round(style.FONT_SIZE * 1.5)


def test_presenter_mode_draws_tables_as_html_and_a_full_screen_button_per_chart():
    from ce_ui.i18n import translate
    from tests.conftest import open_page

    at = open_page("pages/1_playground.py", {"present": "1"})
    assert not at.exception
    assert at.table and not at.dataframe  # presenter.css can enlarge an HTML table's text
    label = translate("en", "common.chart_full_screen")
    buttons = [b for b in at.button if b.label == label]
    assert len(buttons) == len(at.get("plotly_chart"))
    plain = open_page("pages/1_playground.py")
    assert plain.dataframe and not [b for b in plain.button if b.label == label]
