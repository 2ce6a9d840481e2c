"""Ask the room: where a lecture's poll keeps its rooms and answers, and the rules it enforces.

No Streamlit here. A *room* is opened by one browser session (the projector's); it has an
unguessable code (the only thing a short link or a QR code carries), a host secret that never
leaves that session (only its SHA-256 is stored), and one current *question*. Students' phones
send one number each per question; answering again replaces the earlier answer.

One interface, :class:`RoomStore`, with two backends:

- :class:`SQLiteStore`, the default: one file in a data directory, so a server restart loses no
  answer (WAL journal; every answer is a committed transaction);
- :class:`RedisStore`, when a Redis URL is configured: several replicas behind a load balancer
  then share every room.

:func:`store_from_config` picks one from the environment (``CE_ROOM_REDIS_URL``,
``CE_ROOM_DATA_DIR``) or from Streamlit secrets (``[room] redis_url`` / ``data_dir``).

Rules, the same for both backends:

- a room code is 8 characters of Crockford's base 32 drawn by :mod:`secrets` (40 bits);
- only the holder of the host secret can change the question, reveal, reset or close a room;
- a room expires :data:`ROOM_LIFETIME` seconds (a day) after it was opened;
- an answer is a finite number in [−:data:`ANSWER_LIMIT`, :data:`ANSWER_LIMIT`], one of the
  choices when the question offers choices, from a student id of 8 to 64 URL-safe characters;
  at most :data:`MAX_STUDENTS` students answer one question;
- one student gets :data:`RATE_LIMIT` answers per :data:`RATE_WINDOW` seconds, a host
  :data:`HOST_RATE_LIMIT` changes;
- every query names its room code: nothing of one room is reachable from another.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: no I, L, O or U, so a code read aloud or typed is not misread."""
CODE_LENGTH = 8
"""8 characters of 32: 40 bits, drawn with :func:`secrets.choice`."""
ROOM_LIFETIME = 24 * 3600.0
ANSWER_LIMIT = 1e6
MAX_STUDENTS = 2000
RATE_LIMIT = 10
"""Answers one student may send per :data:`RATE_WINDOW` seconds."""
HOST_RATE_LIMIT = 60
"""Changes the host may make per window: a new question each time the lecturer moves a slider of
the question's inputs, so more than a student's answers."""
RATE_WINDOW = 10.0
CLOSE_FRACTION = 0.10
"""An answer is *close* when it is within 10 % of the true value: |a − v| ≤ 0.1·|v| (for v = 0,
|a| ≤ :data:`CLOSE_AT_ZERO`)."""
CLOSE_AT_ZERO = 0.01
HISTOGRAM_BINS = 20
REDIS_CONNECTIONS = 32
"""Connections one server keeps open to Redis (a Streamlit server runs scripts on one core)."""
MAX_PROMPT_CHARS = 1000
MAX_CHOICES = 4
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / ".room-data"

_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_STUDENT = re.compile(r"[A-Za-z0-9_-]{8,64}")
_QUESTION_ID = re.compile(r"[A-Za-z0-9_.:-]{1,120}")


class RoomError(ValueError):
    """A refused request; ``reason`` is one of ``no_room`` (unknown or expired code),
    ``not_host``, ``bad_answer``, ``not_a_choice``, ``closed`` (the answer was revealed),
    ``stale`` (the question has changed), ``full``, ``rate_limited``, ``bad_student``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Question:
    """What the students' phones show: an id (changes with the question), the prompt, the unit
    of the answer, and the choices (empty for a typed number)."""

    id: str
    prompt: str
    unit: str = ""
    choices: tuple[float, ...] = ()

    def to_json(self) -> str:
        return json.dumps(
            {"id": self.id, "prompt": self.prompt, "unit": self.unit, "choices": self.choices}
        )

    @classmethod
    def from_json(cls, text: str | None) -> Question | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(data["id"], data["prompt"], data["unit"], tuple(data["choices"]))


@dataclass(frozen=True)
class Room:
    code: str
    created: float
    expires: float
    question: Question | None
    revealed: bool = False
    """Whether the host revealed the answer (answering is then closed)."""
    truth: float | None = None
    """The true value, sent to the phones once revealed (None for a question without one)."""


@dataclass(frozen=True)
class Summary:
    """The answers to one question, as the projector shows them."""

    count: int
    values: tuple[float, ...]
    close: int | None = None
    """How many answers are within :data:`CLOSE_FRACTION` of the true value (when known)."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str | None) -> str | None:
    """A typed or linked room code in canonical form (upper case, no spaces or dashes, Crockford's
    look-alikes O→0, I/L→1), or None when it cannot be one."""
    if not text or len(text) > 40:
        return None
    code = re.sub(r"[\s-]", "", text).upper().translate(str.maketrans("OIL", "011"))
    return code if _CODE.fullmatch(code) else None


def valid_student(student: str) -> bool:
    return isinstance(student, str) and bool(_STUDENT.fullmatch(student))


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def count_close(values: Sequence[float], truth: float) -> int:
    """How many ``values`` are close to ``truth`` (the rule of :data:`CLOSE_FRACTION`)."""
    array = np.asarray(values, dtype=float)
    if truth == 0:
        return int(np.count_nonzero(np.abs(array) <= CLOSE_AT_ZERO))
    # A hair of tolerance so that 1.1 counts as within 10 % of 1 despite binary rounding.
    limit = CLOSE_FRACTION * abs(truth) * (1 + 1e-12)
    return int(np.count_nonzero(np.abs(array - truth) <= limit))


def _four(value: float) -> float:
    return float(f"{value:.4g}")


def choices_for(truth: float, *, base: float = math.e) -> tuple[float, ...]:
    """Four choices, ascending: the true value and three plausible mistakes, each to 4 digits.

    The mistakes: the same number in the other unit (× log₂ e when the answer is in nats, × ln 2
    when in bits — the commonest slip with logarithms), and double and half of it (a factor of 2
    lost or added, e.g. a mean taken over the wrong count). Where two coincide (the answer is 0,
    say) steps of half the answer's size (at least 0.5) fill the gap.
    """
    other_unit = truth * (math.log2(math.e) if base != 2 else math.log(2))
    found: list[float] = []
    for candidate in (truth, other_unit, 2 * truth, truth / 2):
        value = _four(candidate)
        if math.isfinite(value) and abs(value) <= ANSWER_LIMIT and value not in found:
            found.append(value)
    step = max(abs(truth) / 2, 0.5)
    k = 1
    while len(found) < MAX_CHOICES:
        value = _four(truth + k * step)
        if value not in found:
            found.append(value)
        k += 1
    return tuple(sorted(found[:MAX_CHOICES]))


@dataclass(frozen=True)
class Histogram:
    lefts: np.ndarray
    rights: np.ndarray
    counts: np.ndarray


def histogram(
    values: Sequence[float],
    *,
    choices: Sequence[float] = (),
    truth: float | None = None,
    bins: int = HISTOGRAM_BINS,
) -> Histogram:
    """The answers binned for the projector. With choices, one narrow bar at each choice (counting
    the answers equal to it); otherwise ``bins`` equal bins spanning the answers and the truth
    (one unit wide around a single value)."""
    array = np.asarray(values, dtype=float)
    if choices:
        centres = np.asarray(sorted(choices), dtype=float)
        gaps = np.diff(centres)
        half = 0.3 * (float(gaps.min()) if gaps.size else max(abs(float(centres[0])), 1.0))
        counts = np.array([np.count_nonzero(array == c) for c in centres])
        return Histogram(centres - half, centres + half, counts)
    span = array if truth is None else np.append(array, truth)
    if span.size == 0:
        return Histogram(np.empty(0), np.empty(0), np.empty(0, dtype=int))
    low, high = float(span.min()), float(span.max())
    if high - low < 1e-9 * max(1.0, abs(low)):
        low, high = low - 0.5, high + 0.5
    counts, edges = np.histogram(array, bins=bins, range=(low, high))
    return Histogram(edges[:-1], edges[1:], counts)


def summarise(values: Sequence[float], truth: float | None) -> Summary:
    values = tuple(float(v) for v in values)
    close = None if truth is None else count_close(values, truth)
    return Summary(count=len(values), values=values, close=close)


def _guarded(method):
    """A store method whose backend failures (a locked file, a lost Redis connection) come out as
    ``RoomError("storage")``, which pages show as a message rather than a traceback."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except self.backend_errors as error:
            raise RoomError("storage") from error

    return guarded


class RoomStore(ABC):
    """Rooms and their answers. Subclasses implement the ``_``-prefixed storage primitives; the
    rules (permissions, expiry, validation, rate limit) live here, once for both backends."""

    backend_errors: tuple[type[BaseException], ...] = (OSError,)

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock

    # -- what pages call

    @_guarded
    def open_room(self) -> tuple[str, str]:
        """Open a room; return ``(code, host_secret)``. Keep the secret in the session only."""
        secret = secrets.token_urlsafe(32)
        now = self.clock()
        for _ in range(8):
            code = new_code()
            if self._create(code, _secret_hash(secret), now, now + ROOM_LIFETIME):
                return code, secret
        raise RuntimeError("could not draw an unused room code")  # 2⁻⁴⁰ per try: not seen

    @_guarded
    def room(self, code: str | None) -> Room | None:
        """The room with this code, or None when there is none or it has expired."""
        code = normalise_code(code)
        if code is None:
            return None
        room = self._get(code)
        if room is None or room.expires <= self.clock():
            return None
        return room

    @_guarded
    def ask(self, code: str, secret: str, question: Question) -> None:
        """Make ``question`` the room's current one. A new id clears the answers and the reveal."""
        room = self._host_room(code, secret, write=False)
        if not _QUESTION_ID.fullmatch(question.id) or len(question.prompt) > MAX_PROMPT_CHARS:
            raise RoomError("bad_question")
        if len(question.choices) > MAX_CHOICES or not all(
            math.isfinite(c) and abs(c) <= ANSWER_LIMIT for c in question.choices
        ):
            raise RoomError("bad_question")
        if room.question == question:
            return  # every rerun of the projector's page asks again: not a write
        self._limit(f"{room.code}:host", HOST_RATE_LIMIT)
        same = room.question is not None and room.question.id == question.id
        self._set_question(room.code, question, clear=not same)

    @_guarded
    def reveal(self, code: str, secret: str, truth: float | None) -> None:
        """Close answering; ``truth`` (when the question has one number) goes to the phones."""
        room = self._host_room(code, secret)
        value = None if truth is None or not math.isfinite(truth) else float(truth)
        self._set_revealed(room.code, value)

    @_guarded
    def reset(self, code: str, secret: str) -> None:
        """Forget the current question's answers and reopen answering."""
        room = self._host_room(code, secret)
        if room.question is not None:
            self._set_question(room.code, room.question, clear=True)

    @_guarded
    def close(self, code: str, secret: str) -> None:
        room = self._host_room(code, secret)
        self._delete(room.code)

    @_guarded
    def answer(self, code: str, student: str, question_id: str, value: float) -> None:
        """Record (or replace) a student's answer to the question ``question_id``."""
        if not valid_student(student):
            raise RoomError("bad_student")
        room = self.room(code)
        if room is None:
            raise RoomError("no_room")
        question = room.question
        if question is None or question.id != question_id:
            raise RoomError("stale")
        if room.revealed:
            raise RoomError("closed")
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise RoomError("bad_answer") from None
        if not math.isfinite(value) or abs(value) > ANSWER_LIMIT:
            raise RoomError("bad_answer")
        if question.choices and value not in question.choices:
            raise RoomError("not_a_choice")
        self._limit(f"{room.code}:{student}")
        if not self._put_answer(room.code, question.id, student, value, MAX_STUDENTS):
            raise RoomError("full")

    @_guarded
    def my_answer(self, code: str, student: str) -> float | None:
        """This student's answer to the room's current question, if any."""
        room = self.room(code)
        if room is None or room.question is None or not valid_student(student):
            return None
        return self._get_answer(room.code, room.question.id, student)

    @_guarded
    def summary(self, code: str, secret: str, truth: float | None = None) -> Summary:
        """The answers to the current question (host only: before the reveal they are secret)."""
        room = self._host_room(code, secret, write=False)
        if room.question is None:
            return summarise((), truth)
        return summarise(self._answers(room.code, room.question.id), truth)

    # -- rules shared by the backends

    def _host_room(self, code: str, secret: str, *, write: bool = True) -> Room:
        """The room, if ``secret`` is its host's; a write counts against the host's rate limit
        (reads, the projector's once-a-second poll, do not)."""
        room = self.room(code)
        if room is None:
            raise RoomError("no_room")
        stored = self._host_hash(room.code)
        if not secret or stored is None or not hmac.compare_digest(stored, _secret_hash(secret)):
            raise RoomError("not_host")
        if write:
            self._limit(f"{room.code}:host", HOST_RATE_LIMIT)
        return room

    def _limit(self, who: str, limit: int = RATE_LIMIT) -> None:
        window = math.floor(self.clock() / RATE_WINDOW)
        if self._hit(who, window) > limit:
            raise RoomError("rate_limited")

    # -- storage primitives

    @abstractmethod
    def _create(self, code: str, host_hash: str, created: float, expires: float) -> bool: ...

    @abstractmethod
    def _get(self, code: str) -> Room | None: ...

    @abstractmethod
    def _host_hash(self, code: str) -> str | None: ...

    @abstractmethod
    def _set_question(self, code: str, question: Question, *, clear: bool) -> None: ...

    @abstractmethod
    def _set_revealed(self, code: str, truth: float | None) -> None: ...

    @abstractmethod
    def _delete(self, code: str) -> None: ...

    @abstractmethod
    def _put_answer(
        self, code: str, question_id: str, student: str, value: float, limit: int
    ) -> bool: ...

    @abstractmethod
    def _get_answer(self, code: str, question_id: str, student: str) -> float | None: ...

    @abstractmethod
    def _answers(self, code: str, question_id: str) -> list[float]: ...

    @abstractmethod
    def _hit(self, who: str, window: int) -> int:
        """Count one write by ``who`` in rate window ``window``; return the window's count."""

    def close_store(self) -> None:  # noqa: B027 - optional for a backend
        """Release connections (tests; a server keeps its store for its lifetime)."""


_SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY, host_hash TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL,
    question TEXT, revealed INTEGER NOT NULL DEFAULT 0, truth REAL
);
CREATE TABLE IF NOT EXISTS answers (
    code TEXT NOT NULL, question TEXT NOT NULL, student TEXT NOT NULL, value REAL NOT NULL,
    PRIMARY KEY (code, question, student)
);
CREATE TABLE IF NOT EXISTS rates (who TEXT PRIMARY KEY, window INTEGER NOT NULL, hits INTEGER);
"""


class SQLiteStore(RoomStore):
    """Rooms in one SQLite file (WAL journal), one connection shared under a lock: each Streamlit
    session runs in its own thread, and SQLite serialises writers anyway."""

    backend_errors = (OSError, sqlite3.Error)

    def __init__(self, path: str | Path, *, clock: Callable[[], float] = time.time) -> None:
        super().__init__(clock=clock)
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None, timeout=30
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # durable across a process restart
        self._db.executescript(_SCHEMA)

    def _write(self, *statements: tuple[str, tuple]) -> list[sqlite3.Cursor]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                results = [self._db.execute(sql, args) for sql, args in statements]
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return results

    def _read(self, sql: str, args: tuple) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _create(self, code, host_hash, created, expires):
        now = self.clock()
        (_, _, _, inserted) = self._write(
            (
                "DELETE FROM answers WHERE code IN (SELECT code FROM rooms WHERE expires <= ?)",
                (now,),
            ),
            ("DELETE FROM rooms WHERE expires <= ?", (now,)),
            ("DELETE FROM rates WHERE window < ?", (math.floor(now / RATE_WINDOW) - 1,)),
            (
                "INSERT OR IGNORE INTO rooms (code, host_hash, created, expires) VALUES (?,?,?,?)",
                (code, host_hash, created, expires),
            ),
        )
        return inserted.rowcount == 1

    def _get(self, code):
        rows = self._read(
            "SELECT created, expires, question, revealed, truth FROM rooms WHERE code = ?", (code,)
        )
        if not rows:
            return None
        created, expires, question, revealed, truth = rows[0]
        return Room(code, created, expires, Question.from_json(question), bool(revealed), truth)

    def _host_hash(self, code):
        rows = self._read("SELECT host_hash FROM rooms WHERE code = ?", (code,))
        return rows[0][0] if rows else None

    def _set_question(self, code, question, *, clear):
        statements = [
            (
                "UPDATE rooms SET question = ?, revealed = 0, truth = NULL WHERE code = ?",
                (question.to_json(), code),
            )
        ]
        if clear:
            statements.insert(0, ("DELETE FROM answers WHERE code = ?", (code,)))
        self._write(*statements)

    def _set_revealed(self, code, truth):
        self._write(("UPDATE rooms SET revealed = 1, truth = ? WHERE code = ?", (truth, code)))

    def _delete(self, code):
        self._write(
            ("DELETE FROM answers WHERE code = ?", (code,)),
            ("DELETE FROM rooms WHERE code = ?", (code,)),
        )

    def _put_answer(self, code, question_id, student, value, limit):
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                exists = self._db.execute(
                    "SELECT 1 FROM answers WHERE code = ? AND question = ? AND student = ?",
                    (code, question_id, student),
                ).fetchone()
                if not exists:
                    (count,) = self._db.execute(
                        "SELECT COUNT(*) FROM answers WHERE code = ? AND question = ?",
                        (code, question_id),
                    ).fetchone()
                    if count >= limit:
                        self._db.execute("ROLLBACK")
                        return False
                self._db.execute(
                    "INSERT OR REPLACE INTO answers (code, question, student, value) "
                    "VALUES (?,?,?,?)",
                    (code, question_id, student, value),
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return True

    def _get_answer(self, code, question_id, student):
        rows = self._read(
            "SELECT value FROM answers WHERE code = ? AND question = ? AND student = ?",
            (code, question_id, student),
        )
        return rows[0][0] if rows else None

    def _answers(self, code, question_id):
        rows = self._read(
            "SELECT value FROM answers WHERE code = ? AND question = ?", (code, question_id)
        )
        return [row[0] for row in rows]

    def _hit(self, who, window):
        (_, row) = self._write(
            (
                "INSERT INTO rates (who, window, hits) VALUES (?, ?, 1) ON CONFLICT(who) DO UPDATE "
                "SET hits = CASE WHEN window = excluded.window THEN hits + 1 ELSE 1 END, "
                "window = excluded.window",
                (who, window),
            ),
            ("SELECT hits FROM rates WHERE who = ?", (who,)),
        )
        return row.fetchone()[0]

    def close_store(self):
        with self._lock:
            self._db.close()


class RedisStore(RoomStore):
    """Rooms in Redis, shared by every replica: a hash per room (``ce:room:<code>``), a hash of
    answers per question (``ce:answers:<code>:<question>``), rate counters; every key expires
    with its room."""

    PREFIX = "ce:"

    def __init__(self, url: str, *, clock: Callable[[], float] = time.time) -> None:
        super().__init__(clock=clock)
        import redis  # only needed when a Redis URL is configured

        self.backend_errors = (OSError, redis.RedisError)
        # Every Streamlit session runs in a thread of its own: a blocking pool makes a burst of
        # them wait (up to 10 s) for one of its connections instead of failing with "too many".
        pool = redis.BlockingConnectionPool.from_url(
            url, max_connections=REDIS_CONNECTIONS, timeout=10, decode_responses=True
        )
        self._redis = redis.Redis(connection_pool=pool)
        self._redis.ping()

    def _room_key(self, code: str) -> str:
        return f"{self.PREFIX}room:{code}"

    def _answers_key(self, code: str, question_id: str) -> str:
        return f"{self.PREFIX}answers:{code}:{question_id}"

    def _ttl(self, expires: float) -> int:
        return max(1, math.ceil(expires - self.clock()))

    def _create(self, code, host_hash, created, expires):
        key = self._room_key(code)
        if not self._redis.hsetnx(key, "host_hash", host_hash):
            return False
        pipe = self._redis.pipeline()
        pipe.hset(key, mapping={"created": created, "expires": expires})
        pipe.expire(key, self._ttl(expires))
        pipe.execute()
        return True

    def _get(self, code):
        data = self._redis.hgetall(self._room_key(code))
        if "expires" not in data:
            return None
        truth = data.get("truth")
        return Room(
            code,
            float(data["created"]),
            float(data["expires"]),
            Question.from_json(data.get("question")),
            data.get("revealed") == "1",
            None if truth is None else float(truth),
        )

    def _host_hash(self, code):
        return self._redis.hget(self._room_key(code), "host_hash")

    def _set_question(self, code, question, *, clear):
        key = self._room_key(code)
        old = Question.from_json(self._redis.hget(key, "question"))
        pipe = self._redis.pipeline()
        if clear and old is not None:
            pipe.delete(self._answers_key(code, old.id))
        if clear:
            pipe.delete(self._answers_key(code, question.id))
        pipe.hset(key, "question", question.to_json())
        pipe.hdel(key, "revealed", "truth")
        pipe.execute()

    def _set_revealed(self, code, truth):
        key = self._room_key(code)
        pipe = self._redis.pipeline()
        pipe.hset(key, "revealed", "1")
        if truth is None:
            pipe.hdel(key, "truth")
        else:
            pipe.hset(key, "truth", repr(truth))
        pipe.execute()

    def _delete(self, code):
        room = self._get(code)
        keys = [self._room_key(code)]
        if room is not None and room.question is not None:
            keys.append(self._answers_key(code, room.question.id))
        self._redis.delete(*keys)

    def _put_answer(self, code, question_id, student, value, limit):
        key = self._answers_key(code, question_id)
        if not self._redis.hexists(key, student) and self._redis.hlen(key) >= limit:
            return False
        expires = self._redis.hget(self._room_key(code), "expires")
        pipe = self._redis.pipeline()
        pipe.hset(key, student, repr(value))
        if expires is not None:
            pipe.expire(key, self._ttl(float(expires)))
        pipe.execute()
        return True

    def _get_answer(self, code, question_id, student):
        value = self._redis.hget(self._answers_key(code, question_id), student)
        return None if value is None else float(value)

    def _answers(self, code, question_id):
        return [float(v) for v in self._redis.hvals(self._answers_key(code, question_id))]

    def _hit(self, who, window):
        key = f"{self.PREFIX}rate:{who}:{window}"
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, math.ceil(2 * RATE_WINDOW))
        hits, _ = pipe.execute()
        return int(hits)

    def close_store(self):
        self._redis.close()


@dataclass(frozen=True)
class StoreConfig:
    redis_url: str | None = None
    data_dir: Path = field(default=DEFAULT_DATA_DIR)

    @property
    def database(self) -> Path:
        return self.data_dir / "rooms.sqlite3"


def config_from(env: Mapping[str, str], secrets_section: Mapping[str, str] | None) -> StoreConfig:
    """The store configuration: environment variables first, then Streamlit secrets' ``[room]``
    section, then the defaults (SQLite in ``.room-data/`` of the project)."""
    section = secrets_section or {}
    redis_url = env.get("CE_ROOM_REDIS_URL") or section.get("redis_url") or None
    data_dir = env.get("CE_ROOM_DATA_DIR") or section.get("data_dir") or DEFAULT_DATA_DIR
    return StoreConfig(redis_url=redis_url, data_dir=Path(data_dir))


def store_from_config(config: StoreConfig) -> RoomStore:
    if config.redis_url:
        return RedisStore(config.redis_url)
    return SQLiteStore(config.database)


def store_from_environment(secrets_section: Mapping[str, str] | None = None) -> RoomStore:
    return store_from_config(config_from(os.environ, secrets_section))
