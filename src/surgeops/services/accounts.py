"""Accounts: users with roles scoped to regions and facilities, Argon2 password hashes,
lock-out after repeated failures, and hashed, revocable, expiring API tokens (which also
back the dashboard's sign-in sessions)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, fields
from typing import Any, Optional, Union

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, bindparam, case, literal, or_, select, update
from sqlalchemy.orm import Session

from surgeops.db.engine import autocommit_connection, begin_write
from surgeops.db.tables import ApiToken, Facility, Region, User
from surgeops.domain.accounts import Principal, Role
from surgeops.domain.errors import Conflict, InvalidField, NotFound, SurgeopsError
from surgeops.services import audit
from surgeops.services.audit import Actor
from surgeops.services.crud import region_subtree

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
SESSION_TTL = dt.timedelta(hours=12)
TOKEN_PREFIX = "sgo_"
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("surgeops-dummy-password")


class LoginFailed(SurgeopsError):
    """One message for every cause, so that no one learns which user names exist."""

    def __init__(self) -> None:
        super().__init__("invalid user name or password, or the account is locked; try again later")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(value: Optional[dt.datetime]) -> Optional[dt.datetime]:
    return value.replace(tzinfo=dt.timezone.utc) if value is not None and value.tzinfo is None else value


def _check_password(password: str) -> None:
    if len(password) < 10:
        raise InvalidField("password", "use at least 10 characters")


def create_user(session: Session, *, username: str, password: str, role: str, actor: Actor,
                regions: tuple[str, ...] = (), facilities: tuple[str, ...] = (), language: Optional[str] = None) -> dict[str, Any]:
    try:
        role = Role(role).value
    except ValueError:
        raise InvalidField("role", f"unknown role {role!r}; choose one of {', '.join(r.value for r in Role)}") from None
    _check_password(password)
    for code in regions:
        if session.scalar(select(Region.id).where(Region.code == code)) is None:
            raise InvalidField("regions", f"unknown region {code}")
    for key in facilities:
        if session.scalar(select(Facility.id).where(Facility.key == key)) is None:
            raise InvalidField("facilities", f"unknown facility {key}")
    if role == Role.regional_officer and not regions:
        raise InvalidField("regions", "a regional officer needs at least one region")
    if role == Role.facility_reporter and not facilities:
        raise InvalidField("facilities", "a facility reporter needs at least one facility")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"user {username} already exists")
    user = User(username=username, password_hash=_hasher.hash(password), role=role, regions=list(regions),
                facilities=list(facilities), language=language)
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="user", entity_id=username, before=None, after=user_view(user))
    session.commit()
    return user_view(user)


def user_view(user: Union[User, "SignedIn"]) -> dict[str, Any]:
    return {"username": user.username, "role": user.role, "regions": list(user.regions or []), "facilities": list(user.facilities or []),
            "language": user.language, "disabled": user.disabled}


def list_users(session: Session) -> list[dict[str, Any]]:
    return [user_view(u) for u in session.scalars(select(User).order_by(User.username))]


def _user(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound("user", username)
    return user


def set_disabled(session: Session, username: str, *, disabled: bool, actor: Actor) -> dict[str, Any]:
    user = _user(session, username)
    before = user_view(user)
    user.disabled = disabled
    if disabled:
        for token in session.scalars(select(ApiToken).where(ApiToken.user == user.id, ApiToken.revoked_at.is_(None))):
            token.revoked_at = _now()
    audit.record(session, actor=actor, action="disable" if disabled else "enable", entity="user", entity_id=username,
                 before=before, after=user_view(user))
    session.commit()
    return user_view(user)


def set_language(session: Session, username: str, language: str, *, actor: Actor) -> None:
    begin_write(session)
    user = _user(session, username)
    before = user_view(user)
    user.language = language
    audit.record(session, actor=actor, action="update", entity="user", entity_id=username, before=before, after=user_view(user))
    session.commit()


def principal_of(session: Union[Session, Connection], user: Union[User, "SignedIn"]) -> Principal:
    regions: set[str] = set()
    for code in user.regions or []:
        regions.update(region_subtree(session, code))
    return Principal(username=user.username, role=Role(user.role), regions=frozenset(regions), facilities=frozenset(user.facilities or []))


# What signing in reads of a user: plain columns, outside any transaction (no snapshot or
# lock held while the password is hashed, which takes tens of milliseconds).
_LOGIN = select(*(User.__table__.c[name] for name in ("id", "password_hash", "disabled", "locked_until", "failed_logins"))
                ).where(User.__table__.c.username == bindparam("username"))


def authenticate(session: Session, username: str, password: str, *, remote_addr: Optional[str] = None) -> User:
    """The user if the password is right and the account usable; LoginFailed otherwise.

    Every attempt is audited (no password in it). A wrong password is counted by one
    UPDATE ... RETURNING (`_count_failure`) and a right one clears the count by one
    conditional UPDATE (`_clear_failures`), so parallel guesses each count on either
    database and none can slip in between a lock-out and its check."""
    with autocommit_connection(session) as conn:
        found = conn.execute(_LOGIN, {"username": username}).first()
    actor = Actor(username, remote_addr)
    if found is None:
        _verify(_DUMMY_HASH, password)  # same work as for a real user: no timing oracle
        _audit_failure(session, Actor("anonymous", remote_addr), UNKNOWN_USER, {"refused": "unknown user"})
        raise LoginFailed()
    now = _now()
    locked = _aware(found.locked_until)
    if found.disabled or (locked is not None and locked > now):
        _verify(_DUMMY_HASH, password)
        _audit_failure(session, actor, username, {"refused": "disabled" if found.disabled else "locked",
                                                  "locked_until": locked.isoformat() if locked else None})
        raise LoginFailed()
    if not _verify(found.password_hash, password):
        _count_failure(session, found.id, username, actor=actor, now=now)
        raise LoginFailed()
    if not _clear_failures(session, found, password, actor=actor, now=_now()):
        raise LoginFailed()  # locked or disabled while the password was being checked
    user = session.get(User, found.id)
    assert user is not None
    return user


UNKNOWN_USER = "(unknown user)"  # the entity id of an attempt at a name no user has (a name typed may be a password)


def _audit_failure(session: Session, actor: Actor, entity_id: str, after: dict[str, Any]) -> None:
    audit.record(session, actor=actor, action="login_failed", entity="user", entity_id=entity_id, before=None, after=after)
    session.commit()


def _count_failure(session: Session, user_id: int, username: str, *, actor: Actor, now: dt.datetime) -> None:
    """One statement counts the failure, and the one that reaches MAX_FAILURES locks the
    account (and starts the count afresh); a failure that finds the account locked by a
    parallel guess leaves the lock as it is. The row's version is left alone: the count
    is no edit, and an edit in flight must not fail on it."""
    users = User.__table__
    locked = users.c.locked_until > literal(now, users.c.locked_until.type)
    reaches = users.c.failed_logins + 1 >= MAX_FAILURES
    until = now + LOCKOUT
    counted = session.execute(
        update(users).where(users.c.id == user_id)
        .values(failed_logins=case((locked, users.c.failed_logins), (reaches, 0), else_=users.c.failed_logins + 1),
                locked_until=case((locked, users.c.locked_until), (reaches, literal(until, users.c.locked_until.type)),
                                  else_=users.c.locked_until))
        .returning(users.c.failed_logins, users.c.locked_until)).first()
    failures, locked_until = counted if counted is not None else (None, None)
    locked_until = _aware(locked_until)
    audit.record(session, actor=actor, action="login_failed", entity="user", entity_id=username, before=None,
                 after={"failed_logins": failures, "locked_until": locked_until.isoformat() if locked_until else None})
    if failures == 0 and locked_until == until:
        audit.record(session, actor=actor, action="lock", entity="user", entity_id=username, before=None,
                     after={"locked_until": until.isoformat()})
    session.commit()


def _clear_failures(session: Session, found: Any, password: str, *, actor: Actor, now: dt.datetime) -> bool:
    """After a right password: clear the count (and store a stronger hash when the
    parameters changed), in one statement that refuses an account locked or disabled
    since it was read. False if it was."""
    users = User.__table__
    values: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
    if _hasher.check_needs_rehash(found.password_hash):
        values["password_hash"] = _hasher.hash(password)
    usable = or_(users.c.locked_until.is_(None), users.c.locked_until <= literal(now, users.c.locked_until.type))
    cleared = session.execute(update(users).where(users.c.id == found.id, users.c.disabled.is_(False), usable)
                              .values(**values).returning(users.c.id)).first()
    if cleared is not None and (found.failed_logins or found.locked_until is not None or "password_hash" in values):
        audit.record(session, actor=actor, action="login", entity="user", entity_id=actor.name,
                     before={"failed_logins": found.failed_logins, "locked_until": _iso(found.locked_until)},
                     after={"failed_logins": 0, "locked_until": None, "password_rehashed": "password_hash" in values})
    session.commit()
    return cleared is not None


def _iso(value: Optional[dt.datetime]) -> Optional[str]:
    aware = _aware(value)
    return aware.isoformat() if aware is not None else None


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: str  # shown once; only its hash is stored
    id: int
    expires_at: Optional[dt.datetime]


def create_token(session: Session, username: str, *, name: str, days: Optional[float], actor: Actor) -> IssuedToken:
    user = _user(session, username)
    if user.disabled:
        raise InvalidField("username", f"user {username} is disabled")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = _now() + dt.timedelta(days=days) if days else None
    row = ApiToken(user=user.id, name=name, token_hash=_digest(token), expires_at=expires)
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="api_token", entity_id=row.id, before=None,
                 after={"user": username, "name": name, "expires_at": expires.isoformat() if expires else None})
    session.commit()
    return IssuedToken(token=token, id=row.id, expires_at=expires)


def revoke_token(session: Session, token_id: int, *, actor: Actor) -> None:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound("token", token_id)
    if row.revoked_at is None:
        row.revoked_at = _now()
        audit.record(session, actor=actor, action="revoke", entity="api_token", entity_id=token_id, before=None, after=None)
        session.commit()


def list_tokens(session: Session) -> list[dict[str, Any]]:
    rows = session.execute(select(ApiToken, User.username).join(User, User.id == ApiToken.user).order_by(ApiToken.id))
    return [{"id": t.id, "user": name, "name": t.name, "created_at": t.created_at, "expires_at": t.expires_at,
             "revoked": t.revoked_at is not None} for t, name in rows]


# Every API request with a token asks this: one query through the unique index on the hash,
# the user joined in, as plain columns (no session needed). Nothing is cached, so a revoked
# token or a disabled user is refused at once.
_USERS, _TOKENS = User.__table__, ApiToken.__table__


@dataclass
class SignedIn:
    """What a request needs to know of the user behind a token (no password hash, no
    ORM object to build for every request). Lives for one request."""

    username: str
    role: str
    regions: list[str]
    facilities: list[str]
    language: Optional[str]
    disabled: bool = False


_TOKEN_USER = (select(*(_USERS.c[f.name] for f in fields(SignedIn)), _TOKENS.c.expires_at.label("token_expires_at"))
               .join_from(_USERS, _TOKENS, _TOKENS.c.user == _USERS.c.id)
               .where(_TOKENS.c.token_hash == bindparam("digest"), _TOKENS.c.revoked_at.is_(None)))


def user_for_token(conn: Union[Session, Connection], token: str) -> Optional[SignedIn]:
    """The token's user if the token is known, unrevoked, unexpired and the user enabled.

    Works on a plain connection (what every authenticated request uses: a session costs
    as much again as the query) or a session."""
    found = conn.execute(_TOKEN_USER, {"digest": _digest(token)}).first()
    if found is None:
        return None
    username, role, regions, facilities, language, disabled, expires = found
    expires = _aware(expires)
    if disabled or (expires is not None and expires <= _now()):
        return None
    return SignedIn(username, role, list(regions or []), list(facilities or []), language)


def open_session(session: Session, user: User) -> str:
    """A dashboard sign-in: a short-lived token kept in an HTTP-only cookie."""
    return create_token(session, user.username, name="dashboard session", days=SESSION_TTL.total_seconds() / 86400,
                        actor=Actor(user.username)).token


def close_session(session: Session, token: str, *, actor: Actor) -> None:
    """Signing out: the session's token stops working at once."""
    row = session.scalars(select(ApiToken).where(ApiToken.token_hash == _digest(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = _now()
        audit.record(session, actor=actor, action="revoke", entity="api_token", entity_id=row.id, before=None,
                     after={"name": row.name})
        session.commit()
