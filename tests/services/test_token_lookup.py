"""An API token names its user only while the token is unrevoked and unexpired and the user
enabled: each of these is checked on every lookup, so a change takes effect at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from surgeops.db.tables import ApiToken, User
from surgeops.services import accounts
from surgeops.services.audit import Actor

TEST = Actor("test")


def _token(session: Session, username: str) -> accounts.IssuedToken:
    accounts.create_user(session, username=username, password="long enough password", role="national_coordinator", actor=TEST)
    return accounts.create_token(session, username, name="t", days=1, actor=TEST)


def test_a_token_names_its_own_user(session: Session) -> None:
    mine, theirs = _token(session, "ann"), _token(session, "bob")
    assert accounts.user_for_token(session, mine.token).username == "ann"
    assert accounts.user_for_token(session, theirs.token).username == "bob"
    assert accounts.user_for_token(session, mine.token + "x") is None
    assert accounts.user_for_token(session, "") is None


def test_revoked_expired_or_disabled_is_refused_at_once(session: Session) -> None:
    revoked, expired, disabled = _token(session, "ann"), _token(session, "bob"), _token(session, "cat")
    for issued in (revoked, expired, disabled):
        assert accounts.user_for_token(session, issued.token) is not None
    accounts.revoke_token(session, revoked.id, actor=TEST)
    session.get(ApiToken, expired.id).expires_at = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=1)
    session.commit()
    cat = session.scalars(select(User).where(User.username == "cat")).one()
    cat.disabled = True  # the flag alone (disabling through the service also revokes the user's tokens)
    session.commit()
    assert [accounts.user_for_token(session, t.token) for t in (revoked, expired, disabled)] == [None, None, None]
    cat.disabled = False
    session.commit()
    assert accounts.user_for_token(session, disabled.token).username == "cat"
    accounts.set_disabled(session, "cat", disabled=True, actor=TEST)
    accounts.set_disabled(session, "cat", disabled=False, actor=TEST)
    assert accounts.user_for_token(session, disabled.token) is None
    never = accounts.create_token(session, "cat", name="forever", days=None, actor=TEST)
    assert accounts.user_for_token(session, never.token).username == "cat"
