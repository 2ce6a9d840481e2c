"""The page frame, the home page, and URL state shared by every page."""

import pytest

from ce_ui.frame import PAGES
from ce_ui.i18n import translate
from tests.conftest import open_page, texts


def test_home_explains_cross_entropy_and_links_every_page():
    at = open_page("app.py")
    assert not at.exception
    assert at.title[0].value == translate("en", "home.title")
    assert "-\\sum_{c=1}^{C} y_c" in at.latex[0].value
    body = texts(at)
    for info in PAGES:
        if info.id != "home":
            assert translate("en", f"home.card_{info.id}") in body


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
