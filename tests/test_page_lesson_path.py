"""A path through the lesson: pages numbered in order, Back/Next and Reset drawn by the frame at
the end of every page, and the Playground's prediction carried into Gradients and Curves."""

from urllib.parse import parse_qsl

import numpy as np
import pytest

from ce_ui import playground as pg
from ce_ui.frame import PAGES
from ce_ui.i18n import translate
from tests.conftest import open_page

LESSON = [info for info in PAGES if info.id != "home"]


def _links(at) -> dict[str, tuple[str, dict[str, str]]]:
    """The main area's page links: label → (page, query)."""
    return {
        link.proto.label: (link.proto.page, dict(parse_qsl(link.proto.query_string)))
        for link in at.main.get("page_link")
    }


def test_the_navigation_numbers_the_pages_in_the_lesson_order():
    at = open_page("app.py", {"lang": "zh"})
    sidebar = [link.proto for link in at.sidebar.get("page_link")]
    assert [link.label for link in sidebar] == [translate("zh", f"nav.{i.id}") for i in PAGES]
    numbers = [link.icon.removeprefix(":material/counter_").rstrip(":") for link in sidebar[1:]]
    assert numbers == [str(n) for n in range(1, len(LESSON) + 1)]
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert headings[0] == "#### 1. " + translate("zh", "nav.playground")


@pytest.mark.parametrize("index", [0, 3, len(LESSON) - 1])
def test_back_and_next_follow_the_lesson_and_carry_the_shared_settings(index):
    info = LESSON[index]
    at = open_page(info.path, {"lang": "ru", "units": "bits", "present": "1"})
    assert not at.exception
    links = _links(at)
    before = PAGES[index]  # PAGES starts with home, so this is the page before
    back = translate("ru", "nav.back", page=translate("ru", f"nav.{before.id}"))
    assert back in links
    assert links[back][1] == {"lang": "ru", "units": "bits", "present": "1", "quiz": "0",
                              "export": "png"}  # fmt: skip
    following = translate("ru", "nav.next", page="")
    nexts = [label for label in links if label.startswith(following)]
    if index + 1 < len(LESSON):
        after = LESSON[index + 1]
        assert nexts == [translate("ru", "nav.next", page=translate("ru", f"nav.{after.id}"))]
        assert links[nexts[0]][1]["units"] == "bits"
    else:
        assert nexts == []
    assert at.main.button(key=f"{info.id}.reset_page").label == translate("ru", "nav.reset")


def test_home_has_next_and_no_reset():
    at = open_page("app.py")
    assert translate("en", "nav.next", page=translate("en", "nav.playground")) in _links(at)
    assert "home.reset_page" not in [button.key for button in at.button]


def test_reset_returns_every_field_of_the_page_to_its_default():
    at = open_page(
        "pages/1_playground.py",
        {"y": "0.5,0.5", "p": "0.5,0.3,0.2", "clip": "1", "eps": "0.01", "units": "bits"},
    )
    assert at.radio(key="playground.view.target_kind").value == pg.DISTRIBUTION
    at.main.button(key="playground.reset_page").click().run()
    assert not at.exception
    assert at.text_input(key="playground.p").value == "0.7, 0.2, 0.1"
    assert at.radio(key="playground.view.target_kind").value == pg.ONE_CLASS
    assert at.checkbox(key="playground.clip").value is False
    query = dict(at.query_params)
    assert query["units"] == "bits"  # the shared settings stay
    assert query["p"] == "0.7,0.2,0.1" and query["y"] == "0" and "eps" not in query
    # The saved values are forgotten too: a rerun keeps the defaults.
    at.run()
    assert at.text_input(key="playground.p").value == "0.7, 0.2, 0.1"


def test_reset_on_curves():
    at = open_page("pages/2_curves.py", {"p": "0.25", "y": "0"})
    at.main.button(key="curves.reset_page").click().run()
    assert not at.exception
    assert at.query_params["p"] == "0.9" and at.query_params["y"] == "1"


def _example(query: dict[str, str]):
    at = open_page("pages/1_playground.py", query)
    assert not at.exception
    return at, _links(at)


def test_the_playground_prediction_opens_on_gradients_and_curves():
    at, links = _example({"y": "1", "p": "0.2,0.5,0.3", "lang": "vi"})
    page, query = links[translate("vi", "playground.carry_gradients")]
    assert page == "gradients"
    assert query == {"lang": "vi", "units": "nats", "present": "0", "quiz": "0", "export": "png",
                     "y": "1", "p": "0.2,0.5,0.3"}  # fmt: skip
    page, query = links[translate("vi", "playground.carry_curves")]
    assert page == "curves" and query["p"] == "0.5" and query["y"] == "1"


def test_logits_are_carried_divided_by_the_temperature():
    _, links = _example({"y": "0", "z": "2,1,0.1", "t": "2", "mode": "logits"})
    query = links[translate("en", "playground.carry_gradients")][1]
    assert query["z"] == "1,0.5,0.05" and "p" not in query
    p_true = float(links[translate("en", "playground.carry_curves")][1]["p"])
    assert p_true == pytest.approx(np.exp(1) / np.exp([1, 0.5, 0.05]).sum(), rel=1e-15)


def test_examples_that_do_not_fit_say_so():
    at, links = _example({"y": "0.5,0.5", "p": "0.5,0.5"})
    assert links.keys().isdisjoint(
        {translate("en", "playground.carry_gradients"), translate("en", "playground.carry_curves")}
    )
    captions = [c.value for c in at.caption]
    assert translate("en", "playground.carry_none_gradients") in captions
    assert translate("en", "playground.carry_none_curves") in captions
    at, links = _example({"y": "0", "p": "1,0"})  # a zero probability, the true class's is 1
    assert translate("en", "playground.carry_gradients") not in links
    assert translate("en", "playground.carry_curves") not in links


def test_unnormalised_probabilities_are_carried_normalised():
    _, links = _example({"y": "0", "p": "0.6,0.3,0.3"})
    query = links[translate("en", "playground.carry_gradients")][1]
    values = [float(v) for v in query["p"].split(",")]
    assert sum(values) == pytest.approx(1, abs=1e-12) and values[0] == pytest.approx(0.5, abs=1e-5)


@pytest.mark.parametrize(
    "playground", [{"y": "2", "p": "0.1,0.2,0.7"}, {"y": "1", "z": "3,-1,0.5", "mode": "logits"}]
)
def test_gradients_and_curves_read_the_carried_fields(playground):
    _, links = _example(playground)
    for key, path in (("gradients", "pages/5_gradients.py"), ("curves", "pages/2_curves.py")):
        query = links[translate("en", f"playground.carry_{key}")][1]
        at = open_page(path, query)
        assert not at.exception and not at.error and not at.warning
        for name, value in query.items():
            if name not in ("present", "quiz", "export", "lang", "units"):
                assert at.query_params[name] == value  # the page took the value as given
