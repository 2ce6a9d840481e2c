"""The share panel's link for students (ce_ui.share): without the lecturer's settings, and at an
address a phone can reach."""

import pytest

from ce_ui.share import AddressProblem, is_local, public_base, share_url, student_url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "http://localhost:8501/playground",
        "http://127.0.0.1:8501/",
        "http://127.1.2.3:8501/",
        "http://[::1]:8501/focal",
        "http://0.0.0.0:8501/",
        "http://app.localhost/",
    ],
)
def test_local_addresses_are_recognised(url):
    assert is_local(url)


@pytest.mark.parametrize(
    "url", ["http://192.168.1.20:8501/", "https://ce.example.org/playground", "http://[fe80::1]/"]
)
def test_addresses_a_phone_can_reach_are_not_local(url):
    assert not is_local(url)


@pytest.mark.parametrize(
    ("typed", "base"),
    [
        ("192.168.1.20:8501", "http://192.168.1.20:8501"),
        ("  lecture-room.example.org ", "http://lecture-room.example.org"),
        ("HTTPS://ce.example.org/", "https://ce.example.org"),
        ("https://ce.example.org:8443/ce/", "https://ce.example.org:8443/ce"),
        ("[2001:db8::5]:8501", "http://[2001:db8::5]:8501"),
        ("", None),
        ("   ", None),
    ],
)
def test_public_addresses_are_normalised(typed, base):
    assert public_base(typed) == base


@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("localhost:8501", "share_public_loopback"),
        ("127.0.0.1", "share_public_loopback"),
        ("http://[::1]:8501", "share_public_loopback"),
        ("host:99999", "share_public_bad_port"),
        ("host:abc", "share_public_bad_port"),
        ("host:0", "share_public_bad_port"),
        ("ftp://files.example.org", "share_public_bad_scheme"),
        ("javascript://x", "share_public_bad_scheme"),
        ("https://user:pw@example.org", "share_public_extra"),
        ("example.org/?x=1", "share_public_extra"),
        ("example.org/#top", "share_public_extra"),
        ("exa mple.org", "share_public_bad_host"),
        ("-bad-.example.org", "share_public_bad_host"),
        ("under_score.org", "share_public_bad_host"),
        ("<script>", "share_public_bad_host"),
        ("a" * 400, "share_public_bad_host"),
    ],
)
def test_bad_public_addresses_say_why(typed, rule):
    with pytest.raises(AddressProblem) as problem:
        public_base(typed)
    assert problem.value.rule == rule


QUERY = {
    "lang": "ru", "units": "bits", "present": "1", "quiz": "1", "public": "x:1", "p": "0.7,0.3"
}  # fmt: skip


def test_student_link_leaves_out_presenter_quiz_and_public():
    link = student_url("http://192.168.1.20:8501/playground", QUERY)
    assert link == "http://192.168.1.20:8501/playground?lang=ru&units=bits&p=0.7,0.3"


def test_student_link_uses_the_public_address_and_keeps_the_page():
    link = student_url(
        "http://localhost:8501/focal", QUERY, page_path="focal", public="https://ce.example.org/ce"
    )
    assert link == "https://ce.example.org/ce/focal?lang=ru&units=bits&p=0.7,0.3"
    unknown = student_url(None, {"quiz": "0"}, page_path="curves", public="http://10.0.0.2:8501")
    assert unknown == "http://10.0.0.2:8501/curves"
    home = student_url("http://localhost:8501/", {}, public="http://10.0.0.2:8501")
    assert home == "http://10.0.0.2:8501"


def test_the_lecturers_own_link_keeps_everything():
    assert "present=1" in share_url("http://h/playground", QUERY)
