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
