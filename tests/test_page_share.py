"""The share panel in AppTest: students' link without the lecturer's settings, and the warning and
public-address field on a local address."""

from ce_ui.i18n import translate
from tests.conftest import open_page

OPEN = {"share.open": True}


def _link(at) -> str:
    (code,) = at.sidebar.code
    return code.value


def test_local_address_warns_and_the_public_address_builds_the_link():
    at = open_page("pages/1_playground.py", {"present": "1", "quiz": "1", "lang": "vi"}, **OPEN)
    assert translate("vi", "common.share_local") in [w.value for w in at.sidebar.warning]
    link = _link(at)
    assert link.startswith("http://localhost:8501/playground?lang=vi")
    assert "present" not in link and "quiz" not in link

    field = at.sidebar.text_input(key="common.public")
    assert field.label == translate("vi", "common.share_public_label")
    field.input("10.1.2.3:8501").run()
    assert _link(at).startswith("http://10.1.2.3:8501/playground?lang=vi&")
    assert "public" not in _link(at)
    assert at.query_params["public"] == "10.1.2.3:8501"  # kept in the URL like any setting
    assert not at.sidebar.error


def test_bad_public_address_gets_a_message_and_the_link_stays_local():
    at = open_page("app.py", {"public": "ftp://files.example.org"}, **OPEN)
    (error,) = at.sidebar.error
    assert "ftp" in error.value and "http://" in error.value
    assert _link(at).startswith("http://localhost:8501?")


def test_empty_public_address_stays_out_of_links():
    at = open_page("pages/2_curves.py", **OPEN)
    assert "public" not in at.query_params
    links = [str(link.proto) for link in at.sidebar.get("page_link")]
    assert links and all("lang" in link and "public" not in link for link in links)
