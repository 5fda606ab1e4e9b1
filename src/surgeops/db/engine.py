"""Engine and session factory, built from settings; never a module-level global."""

from __future__ import annotations

import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import ContextManager, Iterator

import orjson
from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI connection
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


# Execution option naming how a SQLite transaction begins: "IMMEDIATE" takes the write
# lock at once, so a read-then-write (accepting the last free bed) cannot be overtaken.
SQLITE_BEGIN = "sqlite_begin"


def _sqlite_no_implicit_begin(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI connection
    """Stop pysqlite from emitting BEGIN itself; `_sqlite_begin` does it instead."""
    dbapi_conn.isolation_level = None


# Connection.info key: whether the SQLite transaction in progress has written anything.
_WROTE = "sqlite_wrote"


def _sqlite_begin(conn) -> None:  # noqa: ANN001 - SQLAlchemy Connection
    """BEGIN (deferred) by default, BEGIN IMMEDIATE when the connection asks for it;
    nothing for a connection in AUTOCOMMIT."""
    options = conn.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    mode = str(options.get(SQLITE_BEGIN, "DEFERRED")).upper()
    if mode not in ("DEFERRED", "IMMEDIATE", "EXCLUSIVE"):
        raise ValueError(f"{SQLITE_BEGIN} must be DEFERRED, IMMEDIATE or EXCLUSIVE, not {mode}")
    conn.info[_WROTE] = False
    conn.exec_driver_sql(f"BEGIN {mode}")


def _sqlite_note_write(conn, _cursor, statement: str, *_rest) -> None:  # noqa: ANN001 - SQLAlchemy event arguments
    """Mark the transaction as having written (see `begin_write`)."""
    if statement.lstrip()[:6].upper() not in ("SELECT", "BEGIN ", "PRAGMA"):
        conn.info[_WROTE] = True


def begin_write(session: Session) -> None:
    """Make the session's transaction a writer's from its start, before the use case reads
    what it is about to change. On SQLite, BEGIN IMMEDIATE takes the database's write lock
    at once, so writers queue on the busy timeout (one writer at a time) instead of failing
    with "database is locked" when another commits between their read and their write (a
    deferred transaction's snapshot cannot be upgraded then). A transaction already open
    that has only read is ended first (rolled back: nothing of it is lost); one that holds
    the lock already, has written or has changes pending is left as it is. Nothing on
    PostgreSQL, where row locks and version checks order writers."""
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.in_transaction():
        conn = session.connection()
        if (conn.get_execution_options().get(SQLITE_BEGIN) == "IMMEDIATE" or conn.info.get(_WROTE)
                or session.new or session.dirty or session.deleted):
            return
        session.rollback()
    session.connection(execution_options={SQLITE_BEGIN: "IMMEDIATE"})


def make_engine(url: str, *, autocommit: bool = False) -> Engine:
    """The engine for `url`. With `autocommit` (PostgreSQL only), its connections stay
    outside transactions for good: no isolation level set on each checkout and reset on
    each return, as a view of the main engine in AUTOCOMMIT costs."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        # Let SQLAlchemy emit BEGIN itself so that BEGIN IMMEDIATE can take the write lock
        # (SQLAlchemy's recipe for pysqlite: "Serializable isolation / Savepoints").
        event.listen(engine, "connect", _sqlite_no_implicit_begin)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "before_cursor_execute", _sqlite_note_write)
        return engine
    engine = create_engine(url, pool_size=10, max_overflow=20, **({"isolation_level": "AUTOCOMMIT"} if autocommit else {}))
    _ping_when_idle(engine)
    event.listen(engine, "connect", _psycopg_json_by_orjson)
    return engine


def _psycopg_json_by_orjson(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI connection
    """psycopg parses json columns itself (a facility list has two per row); orjson
    does it several times faster than the standard library, into the same values."""
    if hasattr(dbapi_conn, "adapters"):  # psycopg 3
        from psycopg.types.json import set_json_loads

        set_json_loads(orjson.loads, dbapi_conn)


# A pooled connection idle for longer than this is tested before use; see _ping_when_idle.
IDLE_PING_SECONDS = 5.0


def _ping_when_idle(engine: Engine) -> None:
    """Test a pooled connection on checkout only if it sat idle for IDLE_PING_SECONDS.

    SQLAlchemy's pool_pre_ping tests every checkout: one extra round trip per request. A
    connection that served a request a moment ago is as good as the answer to a ping, so
    only one that has been idle is tested; a dead one (the server restarted, a firewall
    dropped it) is replaced before the request sees it (SQLAlchemy's recipe for custom
    pessimistic disconnect handling: DisconnectionError in a checkout event). A connection
    that dies while in use is caught by SQLAlchemy's own disconnect detection, which drops
    the whole pool."""

    @event.listens_for(engine, "checkin")
    def _idle_since(_dbapi_conn, record) -> None:  # noqa: ANN001 - DBAPI connection, pool record
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_conn, record, _proxy) -> None:  # noqa: ANN001 - DBAPI connection, pool record, proxy
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < IDLE_PING_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as error:  # noqa: BLE001 - any failure means the connection is unusable
            raise exc.DisconnectionError(f"pooled connection failed its ping: {error}") from error


# Session.info key marking a session from `Database.read_session`.
READ_ONLY = "read_only"
# Session.info key holding the Database's engine in autocommit (see `autocommit_connection`).
AUTOCOMMIT_ENGINE = "autocommit_engine"
# Session.info key of the autocommit connection a session from `Database.session` keeps
# once it has been given one (None until then); closed with the session.
_KEPT = "autocommit_connection"


def autocommit_connection(session: Session) -> ContextManager[Connection]:
    """A connection outside any transaction, from the same database as `session`'s: for a
    statement that is atomic by itself and needs no BEGIN/COMMIT round trips. Use it as a
    context manager. A session from `Database.session()` keeps the first such connection
    until the session closes, so the statements of one request outside its transaction
    (the token check, a one-statement write) take one connection from the pool, not one
    each."""
    kept = session.info.get(_KEPT)
    if kept is None:
        engine = session.info.get(AUTOCOMMIT_ENGINE) or session.get_bind().execution_options(isolation_level="AUTOCOMMIT")
        if _KEPT not in session.info:  # a session that keeps none: the caller's block closes it
            return engine.connect()
        kept = session.info[_KEPT] = engine.connect()
    return nullcontext(kept)


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]
    reads: Engine  # in autocommit: statements without a transaction around them

    @classmethod
    def connect(cls, url: str) -> "Database":
        engine = make_engine(url)
        if engine.dialect.name == "postgresql":
            # its own pool, whose connections stay in autocommit
            reads = make_engine(url, autocommit=True)
        else:
            # SQLite: the same pool (an in-memory database exists once per connection);
            # `_sqlite_begin` leaves out BEGIN for a connection in AUTOCOMMIT
            reads = engine.execution_options(isolation_level="AUTOCOMMIT")
        return cls(engine, sessionmaker(engine, expire_on_commit=False, info={AUTOCOMMIT_ENGINE: reads}),
                   sessionmaker(reads, expire_on_commit=False, info={READ_ONLY: True, AUTOCOMMIT_ENGINE: reads}), reads)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session:
            session.info[_KEPT] = None  # may keep an autocommit connection (see autocommit_connection)
            try:
                yield session
            finally:
                kept = session.info.pop(_KEPT, None)
                if kept is not None:
                    kept.close()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading only: no transaction around its statements (autocommit),
        so a read costs no BEGIN and no ROLLBACK round trip. Each statement sees the data
        as of its own start, as it does inside a READ COMMITTED transaction (PostgreSQL's
        default). Nothing written through it is atomic: use `session()` to write."""
        with self.read_sessions() as session:
            yield session

    def read_connection(self) -> Connection:
        """A plain connection for reading only, with no transaction (see read_session)."""
        return self.reads.connect()

    def dispose(self) -> None:
        self.engine.dispose()
        self.reads.dispose()
