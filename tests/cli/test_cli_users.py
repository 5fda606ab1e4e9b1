"""`surgeops users` and `surgeops tokens`."""

from __future__ import annotations

from typer.testing import CliRunner

from builders import mangystau
from surgeops.cli.main import build_app
from surgeops.services import accounts

runner = CliRunner()


def _run(settings, *args: str, stdin: str | None = None):  # noqa: ANN001, ANN202
    return runner.invoke(build_app(), ["--database-url", settings.database_url, *args], input=stdin)


def test_users_add_list_disable_and_tokens(settings, session) -> None:  # noqa: ANN001
    mangystau(session)
    added = _run(settings, "users", "add", "aigerim", "--role", "regional_officer", "--region", "KZ-47", "--password-stdin",
                 stdin="a long enough password\n")
    assert added.exit_code == 0, added.output
    listed = _run(settings, "users", "list")
    assert "aigerim" in listed.output and "KZ-47" in listed.output and "active" in listed.output
    created = _run(settings, "tokens", "create", "aigerim", "--name", "sync")
    token = created.output.splitlines()[0]
    assert token.startswith("sgo_")
    session.rollback()  # end the read transaction: see what other connections committed
    assert accounts.user_for_token(session, token).username == "aigerim"
    assert _run(settings, "users", "disable", "aigerim").exit_code == 0
    session.rollback()  # end the read transaction: see what other connections committed
    assert accounts.user_for_token(session, token) is None


def test_bad_input_is_a_clear_error(settings, session) -> None:  # noqa: ANN001
    mangystau(session)
    short = _run(settings, "users", "add", "x", "--role", "viewer", "--password-stdin", stdin="short\n")
    assert short.exit_code == 2 and "at least 10 characters" in short.output
    role = _run(settings, "users", "add", "x", "--role", "king", "--password-stdin", stdin="a long enough password\n")
    assert role.exit_code == 2 and "unknown role" in role.output
    scope = _run(settings, "users", "add", "x", "--role", "regional_officer", "--password-stdin", stdin="a long enough password\n")
    assert scope.exit_code == 2 and "needs at least one region" in scope.output
    missing = _run(settings, "tokens", "revoke", "42")
    assert missing.exit_code == 2 and "not found" in missing.output
    assert "Traceback" not in short.output + role.output + scope.output + missing.output


def test_passwords_and_tokens_are_stored_hashed_and_a_revoked_token_stops(settings, session) -> None:  # noqa: ANN001
    import hashlib

    from surgeops.db.tables import ApiToken, User

    mangystau(session)
    password = "a long enough password"
    assert _run(settings, "users", "add", "dana", "--role", "viewer", "--password-stdin", stdin=password + "\n").exit_code == 0
    token = _run(settings, "tokens", "create", "dana", "--name", "sync").output.splitlines()[0]
    session.rollback()
    stored = session.query(User).filter_by(username="dana").one().password_hash
    assert stored.startswith("$argon2id$") and password not in stored
    row = session.query(ApiToken).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in row.token_hash
    assert accounts.user_for_token(session, token).username == "dana"
    revoked = _run(settings, "tokens", "revoke", str(row.id))
    assert revoked.exit_code == 0, revoked.output
    session.rollback()
    assert accounts.user_for_token(session, token) is None
    assert "revoked" in _run(settings, "tokens", "list").output
