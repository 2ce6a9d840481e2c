"""Ask the room: the store's rules, run against both backends (SQLite, and Redis from Debian's
``redis-server`` started on a free loopback port, skipped where it is not installed)."""

from __future__ import annotations

import math
import shutil
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ce_ui import room_store as rs
from tests.live_server import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class Clock:
    """A clock the tests move by hand."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if not Path(REDIS_SERVER).exists():
        pytest.skip("Redis backend: redis-server is not installed (apt-get install redis-server)")
    pytest.importorskip("redis", reason="Redis backend: the redis client is not installed")
    import redis

    port = free_port()
    directory = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            REDIS_SERVER,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(directory),
            "--save",
            "",
            "--appendonly",
            "no",
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None:
                    pytest.skip("Redis backend: redis-server did not start")
                time.sleep(0.05)
        client.close()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=["sqlite", "redis"])
def make_store(request, tmp_path):
    """A factory of stores of one backend sharing one database: ``make_store(clock)``."""
    made: list[rs.RoomStore] = []
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        import redis

        redis.Redis.from_url(url).flushdb()

        def make(clock=time.time):
            store = rs.RedisStore(url, clock=clock)
            made.append(store)
            return store
    else:

        def make(clock=time.time):
            store = rs.SQLiteStore(tmp_path / "rooms.sqlite3", clock=clock)
            made.append(store)
            return store

    yield make
    for store in made:
        store.close_store()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(make_store, clock):
    return make_store(clock)


QUESTION = rs.Question("playground.loss.1", "How large is the loss?", "nats")


def opened(store, question=QUESTION):
    code, secret = store.open_room()
    store.ask(code, secret, question)
    return code, secret


def student(n: int) -> str:
    return f"student-{n:04d}"


# ---------------------------------------------------------------- codes and answers


def test_codes_are_40_bits_of_crockford_base32_and_links_carry_only_the_code(store):
    code, secret = store.open_room()
    assert len(rs.CODE_ALPHABET) ** rs.CODE_LENGTH >= 2**40
    assert rs.normalise_code(code) == code
    assert secret not in code and len(secret) >= 40
    assert len({rs.new_code() for _ in range(2000)}) == 2000
    assert rs.normalise_code(code.lower()[:4] + "-" + code.lower()[4:]) == code
    for bad in ("", "short", "x" * 100, "ABCDEFG!", None):
        assert rs.normalise_code(bad) is None


def test_one_answer_per_student_and_answering_again_replaces_it(store):
    code, secret = opened(store)
    store.answer(code, student(1), QUESTION.id, 2.3)
    store.answer(code, student(2), QUESTION.id, 1.0)
    store.answer(code, student(1), QUESTION.id, 2.5)
    summary = store.summary(code, secret)
    assert summary.count == 2
    assert sorted(summary.values) == [1.0, 2.5]
    assert store.my_answer(code, student(1)) == 2.5
    assert store.my_answer(code, student(3)) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (math.nan, "bad_answer"),
        (math.inf, "bad_answer"),
        (2e6, "bad_answer"),
        ("2.3; drop table", "bad_answer"),
        (None, "bad_answer"),
    ],  # fmt: skip
)
def test_answers_are_finite_bounded_numbers(store, value, reason):
    code, _ = opened(store)
    with pytest.raises(rs.RoomError) as problem:
        store.answer(code, student(1), QUESTION.id, value)
    assert problem.value.reason == reason


def test_a_choice_question_takes_only_its_choices(store):
    question = rs.Question("q.choice", "Pick one", "nats", rs.choices_for(2.303))
    code, secret = opened(store, question)
    assert store.room(code).question.choices == question.choices
    with pytest.raises(rs.RoomError, match="not_a_choice"):
        store.answer(code, student(1), question.id, 2.0)
    store.answer(code, student(1), question.id, 2.303)
    assert store.summary(code, secret, truth=2.303).close == 1


def test_bad_student_ids_and_stale_questions_are_refused(store):
    code, secret = opened(store)
    for bad in ("", "short", "has space 123", "x" * 65):
        with pytest.raises(rs.RoomError, match="bad_student"):
            store.answer(code, bad, QUESTION.id, 1.0)
    with pytest.raises(rs.RoomError, match="stale"):
        store.answer(code, student(1), "another.question", 1.0)


def test_a_new_question_clears_the_answers_and_the_same_one_keeps_them(store):
    code, secret = opened(store)
    store.answer(code, student(1), QUESTION.id, 1.0)
    store.ask(code, secret, rs.Question(QUESTION.id, "Translated prompt", "nats"))
    assert store.summary(code, secret).count == 1
    store.ask(code, secret, rs.Question("playground.loss.2", "Next", "bits"))
    assert store.summary(code, secret).count == 0
    assert store.room(code).question.unit == "bits"


def test_reveal_closes_answering_and_tells_the_phones_the_truth(store):
    code, secret = opened(store)
    for n, value in enumerate([2.3, 2.0, 2.6, 5.0]):
        store.answer(code, student(n), QUESTION.id, value)
    store.reveal(code, secret, 2.303)
    room = store.room(code)
    assert room.revealed and room.truth == 2.303
    # within 10 %: 2.3 and 2.0 (|2.0 − 2.303| = 0.303 > 0.2303 is not), so 2.3 only
    assert store.summary(code, secret, truth=2.303).close == 1
    with pytest.raises(rs.RoomError, match="closed"):
        store.answer(code, student(9), QUESTION.id, 2.3)
    store.reset(code, secret)
    assert not store.room(code).revealed
    assert store.summary(code, secret).count == 0
    store.reveal(code, secret, None)
    assert store.room(code).revealed and store.room(code).truth is None


def test_closeness_rule_is_ten_percent_or_a_hundredth_at_zero():
    assert rs.count_close([0.9, 1.1, 0.89, 1.11], 1.0) == 2
    assert rs.count_close([0.005, -0.01, 0.02], 0.0) == 2
    assert rs.count_close([-1.05, -1.2], -1.0) == 1


def test_choices_hold_the_truth_and_three_different_mistakes():
    for truth, base in [(2.303, math.e), (3.322, 2.0), (0.0, math.e), (1e-7, math.e)]:
        choices = rs.choices_for(truth, base=base)
        assert len(set(choices)) == 4 and list(choices) == sorted(choices)
        assert float(f"{truth:.4g}") in choices
    assert 3.323 in rs.choices_for(2.303)  # the same loss in bits (2.303 × log₂ e)


# ---------------------------------------------------------------- who may do what


def test_only_the_host_secret_reveals_resets_closes_or_reads(store):
    code, secret = opened(store)
    other_code, other_secret = opened(store)
    for wrong in ("", "guess", other_secret):
        for action in (
            lambda s: store.reveal(code, s, 1.0),
            lambda s: store.reset(code, s),
            lambda s: store.close(code, s),
            lambda s: store.summary(code, s),
            lambda s: store.ask(code, s, rs.Question("x", "x")),
        ):
            with pytest.raises(rs.RoomError, match="not_host"):
                action(wrong)
    assert store.room(code) is not None and not store.room(code).revealed
    store.close(code, secret)
    assert store.room(code) is None
    with pytest.raises(rs.RoomError, match="no_room"):
        store.answer(code, student(1), QUESTION.id, 1.0)
    assert store.room(other_code) is not None


def test_nothing_of_one_room_is_visible_from_another(store):
    first, first_secret = opened(store)
    second, second_secret = opened(store)
    store.answer(first, student(1), QUESTION.id, 1.0)
    store.answer(first, student(2), QUESTION.id, 2.0)
    assert store.summary(second, second_secret).count == 0
    assert store.my_answer(second, student(1)) is None
    store.reset(second, second_secret)
    assert store.summary(first, first_secret).count == 2


def test_a_room_expires_after_a_day(store, clock):
    code, secret = opened(store)
    store.answer(code, student(1), QUESTION.id, 1.0)
    clock.now += rs.ROOM_LIFETIME - 1
    assert store.room(code) is not None
    clock.now += 2
    assert store.room(code) is None
    with pytest.raises(rs.RoomError, match="no_room"):
        store.answer(code, student(2), QUESTION.id, 1.0)
    with pytest.raises(rs.RoomError, match="no_room"):
        store.summary(code, secret)


def test_one_student_cannot_flood_a_room(store, clock):
    code, secret = opened(store)
    for n in range(rs.RATE_LIMIT):
        store.answer(code, student(1), QUESTION.id, float(n))
    with pytest.raises(rs.RoomError, match="rate_limited"):
        store.answer(code, student(1), QUESTION.id, 99.0)
    store.answer(code, student(2), QUESTION.id, 1.0)  # others are not held up
    clock.now += rs.RATE_WINDOW
    store.answer(code, student(1), QUESTION.id, 7.0)
    assert sorted(store.summary(code, secret).values) == [1.0, 7.0]


def test_a_question_takes_at_most_max_students(store, monkeypatch):
    monkeypatch.setattr(rs, "MAX_STUDENTS", 3)
    code, secret = opened(store)
    for n in range(3):
        store.answer(code, student(n), QUESTION.id, 1.0)
    with pytest.raises(rs.RoomError, match="full"):
        store.answer(code, student(9), QUESTION.id, 1.0)
    store.answer(code, student(0), QUESTION.id, 2.0)  # replacing is still allowed
    assert store.summary(code, secret).count == 3


# ---------------------------------------------------------------- durability and load


def test_a_restart_loses_no_answer(make_store, clock):
    first = make_store(clock)
    code, secret = opened(first)
    for n in range(20):
        first.answer(code, student(n), QUESTION.id, n / 10)
    first.close_store()
    again = make_store(clock)  # a new process would open the same file (or Redis)
    assert again.summary(code, secret).count == 20
    assert again.room(code).question == QUESTION


def test_300_students_answering_at_once_lose_no_answer(make_store):
    store = make_store()
    code, secret = opened(store)
    sent = 300
    seen_while_answering: list[int] = []
    done = threading.Event()

    def projector():  # the projector's once-a-second poll, here as often as it can
        while not done.is_set():
            seen_while_answering.append(store.summary(code, secret).count)

    def answer(n: int) -> None:
        store.answer(code, student(n), QUESTION.id, 2.0 + (n % 7) / 10)

    watcher = threading.Thread(target=projector)
    watcher.start()
    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(answer, range(sent)))
    done.set()
    watcher.join(timeout=30)
    # The first poll after the last answer sees all of them: the histogram has caught up.
    assert store.summary(code, secret).count == sent
    assert seen_while_answering == sorted(seen_while_answering)  # counts only grow


def test_config_prefers_the_environment_then_secrets(tmp_path):
    config = rs.config_from({}, None)
    assert config.redis_url is None and config.database.name == "rooms.sqlite3"
    config = rs.config_from({"CE_ROOM_DATA_DIR": str(tmp_path)}, {"data_dir": "/elsewhere"})
    assert config.data_dir == tmp_path
    config = rs.config_from({}, {"redis_url": "redis://h:1/0"})
    assert config.redis_url == "redis://h:1/0"
    assert isinstance(rs.store_from_config(rs.StoreConfig(data_dir=tmp_path)), rs.SQLiteStore)


def test_a_backend_failure_is_a_storage_error_not_a_traceback(tmp_path):
    store = rs.SQLiteStore(tmp_path / "rooms.sqlite3")
    code, _ = opened(store)
    store.close_store()  # every query now fails inside sqlite3
    with pytest.raises(rs.RoomError, match="storage"):
        store.room(code)
    with pytest.raises(rs.RoomError, match="storage"):
        store.answer(code, student(1), QUESTION.id, 1.0)


def test_an_unreachable_redis_is_a_storage_error(monkeypatch):
    pytest.importorskip("redis")
    from ce_ui import room

    room.get_store.clear()
    monkeypatch.setenv("CE_ROOM_REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    try:
        with pytest.raises(rs.RoomError, match="storage"):
            room.store()
    finally:
        room.get_store.clear()


def test_a_host_cannot_flood_a_room_either(store):
    code, secret = opened(store)
    with pytest.raises(rs.RoomError, match="rate_limited"):
        for n in range(rs.HOST_RATE_LIMIT + 1):
            store.ask(code, secret, rs.Question(f"q.{n}", "again"))
    store.summary(code, secret)  # reading (the projector's poll) is not limited
