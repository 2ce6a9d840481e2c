"""The page frame, the home page, and URL state shared by every page."""

import tomllib

import pytest

from ce_ui.frame import PAGES, QUIZ_PAGES
from ce_ui.i18n import translate
from tests.conftest import open_page, texts
from tests.live_server import ROOT


def test_home_explains_cross_entropy_and_links_every_page():
    at = open_page("app.py")
    assert not at.exception
    assert at.title[0].value == translate("en", "home.title")
    assert "-\\sum_{c=1}^{C} y_c" in at.latex[0].value
    body = texts(at)
    numbers = {"curves": {"cost_high": "0.1054", "cost_low": "2.303"}}  # −ln 0.9, −ln 0.1
    for info in PAGES:
        if info.id != "home":
            assert translate("en", f"home.card_{info.id}", **numbers.get(info.id, {})) in body


def test_settings_are_written_to_the_query_string():
    at = open_page("app.py")
    assert at.query_params["lang"] == "en"
    assert at.query_params["units"] == "nats"


def test_units_come_from_the_url_and_the_switch_updates_it():
    at = open_page("app.py", {"units": "bits"})
    assert at.radio(key="common.units").value == "bits"
    at.radio(key="common.units").set_value("nats").run()
    assert at.query_params["units"] == "nats"


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("units", "kelvin", "nats, bits"),
        ("lang", "xx", "en"),
        ("units", "", "nats, bits"),
        ("units", "x" * 3000, "2000 characters"),
    ],
)
def test_an_invalid_setting_in_the_url_is_named_and_replaced_by_the_default(key, value, rule):
    at = open_page("app.py", {key: value})
    assert not at.exception
    (warning,) = at.warning
    assert f"**{key}**" in warning.value
    assert rule in warning.value
    assert at.query_params[key] == {"units": "nats", "lang": "en"}[key]


def test_markup_in_a_url_value_is_not_rendered():
    at = open_page("app.py", {"units": "[click](javascript:alert(1))<b>x</b>$x$"})
    (warning,) = at.warning
    assert "](" not in warning.value
    assert "<b>" not in warning.value
    assert "\\$x\\$" in warning.value


def test_settings_follow_the_user_to_another_page():
    at = open_page("app.py", {"units": "bits"})
    at.switch_page("pages/2_curves.py").run()
    assert not at.exception
    assert at.radio(key="common.units").value == "bits"
    assert at.query_params["units"] == "bits"


def test_unknown_query_keys_are_dropped_from_the_address_bar():
    at = open_page("app.py", {"utm_source": "slides"})
    assert "utm_source" not in at.query_params


def test_share_panel_is_built_only_when_opened():
    closed = open_page("pages/2_curves.py", {"p": "0.9", "y": "1"})
    assert not [code for code in closed.sidebar.code if "localhost" in code.value]


def test_share_panel_gives_the_full_link_of_the_view_and_a_qr_code():
    at = open_page(
        "pages/2_curves.py", {"p": "0.9", "y": "1", "units": "bits"}, **{"share.open": True}
    )
    assert not at.exception
    (link,) = [code.value for code in at.sidebar.code]
    assert link.startswith("http://localhost:8501/curves?")
    for part in ("p=0.9", "y=1", "units=bits", "lang=en"):
        assert part in link
    assert len(at.sidebar.get("image")) == 1


def test_presenter_mode_and_quiz_come_from_the_url():
    at = open_page("pages/1_playground.py", {"present": "1", "quiz": "1"})
    assert not at.exception
    assert at.toggle(key="common.present").value is True
    assert at.toggle(key="common.quiz").value is True
    assert at.query_params["present"] == "1"
    assert translate("en", "common.quiz_reveal") in [button.label for button in at.button]


def test_quiz_toggle_is_only_offered_where_a_quiz_exists():
    # Curves has a quiz now; the check runs on the first page that has none (pages gain quizzes).
    without = [info.path for info in PAGES[1:] if info.id not in QUIZ_PAGES]
    if not without:
        pytest.skip("every page has a quiz")
    at = open_page(without[0])
    assert [toggle.key for toggle in at.toggle] == ["common.present"]
    quiz = open_page("pages/2_curves.py")
    assert [toggle.key for toggle in quiz.toggle] == ["common.present", "common.quiz"]


def test_messages_about_settings_use_the_language_of_the_link():
    at = open_page("app.py", {"lang": "vi", "units": "kelvin"})
    (warning,) = at.warning
    assert warning.value.startswith(translate("vi", "common.invalid_query_value").split("**")[0])


def test_server_config_skips_the_full_collection_after_every_run():
    """Streamlit's default gc.collect(2) after each run cost 60 ms of CPU per rerun with this
    app's libraries loaded, with the browser waiting for the run's last message behind it."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    assert config["server"]["runOnSave"] is False
