"""`surgeops users` and `surgeops tokens`: accounts, roles and API tokens."""

from __future__ import annotations

import sys
from typing import Optional

import typer

from surgeops.cli.common import database_session
from surgeops.domain.accounts import Role
from surgeops.services import accounts
from surgeops.services.audit import Actor

CLI = Actor("cli")
ROLES = ", ".join(r.value for r in Role)


def _run(ctx: typer.Context, action):  # noqa: ANN001, ANN202
    with database_session(ctx) as session:
        return action(session)


def _users(app: typer.Typer) -> None:
    users = typer.Typer(help="Accounts and their roles.", no_args_is_help=True)

    @users.command("add")
    def add(ctx: typer.Context, username: str = typer.Argument(..., help="Sign-in name."),
            role: str = typer.Option(..., help=f"One of: {ROLES}."),
            region: list[str] = typer.Option([], help="Region code the user answers for (repeatable; regional officers)."),
            facility: list[str] = typer.Option([], help="Facility key (repeatable; facility reporters)."),
            password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input instead of a prompt.")) -> None:
        """Add a user. The password is asked for (twice) or read from stdin; there is no default password."""
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
        user = _run(ctx, lambda s: accounts.create_user(s, username=username, password=password, role=role, actor=CLI,
                                                         regions=tuple(region), facilities=tuple(facility)))
        typer.echo(f"added {user['username']} ({user['role']})")

    @users.command("list")
    def list_(ctx: typer.Context) -> None:
        """List users with their role, regions and facilities."""
        for u in _run(ctx, accounts.list_users):
            scope = ", ".join(u["regions"] + u["facilities"]) or "-"
            typer.echo(f"{u['username']:<24} {u['role']:<22} {scope:<30} {'disabled' if u['disabled'] else 'active'}")

    @users.command("disable")
    def disable(ctx: typer.Context, username: str) -> None:
        """Disable a user: they cannot sign in and their tokens stop working at once."""
        _run(ctx, lambda s: accounts.set_disabled(s, username, disabled=True, actor=CLI))
        typer.echo(f"disabled {username}")

    @users.command("enable")
    def enable(ctx: typer.Context, username: str) -> None:
        """Enable a disabled user again."""
        _run(ctx, lambda s: accounts.set_disabled(s, username, disabled=False, actor=CLI))
        typer.echo(f"enabled {username}")

    app.add_typer(users, name="users")


def _tokens(app: typer.Typer) -> None:
    tokens = typer.Typer(help="API tokens for machines: hashed at rest, revocable, expiring.", no_args_is_help=True)

    @tokens.command("create")
    def create(ctx: typer.Context, username: str = typer.Argument(..., help="The user the token acts as."),
               name: str = typer.Option("api", help="What the token is for."),
               days: Optional[float] = typer.Option(90.0, help="Days until it expires (0 for never).")) -> None:
        """Create a token; it is printed once and only its hash is kept."""
        issued = _run(ctx, lambda s: accounts.create_token(s, username, name=name, days=days or None, actor=CLI))
        typer.echo(issued.token)
        typer.echo(f"token {issued.id} for {username}, expires {issued.expires_at or 'never'}", err=True)

    @tokens.command("revoke")
    def revoke(ctx: typer.Context, token_id: int = typer.Argument(..., help="The token's number (see `tokens list`).")) -> None:
        """Revoke a token; it stops working at once."""
        _run(ctx, lambda s: accounts.revoke_token(s, token_id, actor=CLI))
        typer.echo(f"revoked token {token_id}")

    @tokens.command("list")
    def list_(ctx: typer.Context) -> None:
        """List tokens (never their values)."""
        for t in _run(ctx, accounts.list_tokens):
            state = "revoked" if t["revoked"] else f"expires {t['expires_at'] or 'never'}"
            typer.echo(f"{t['id']:>4} {t['user']:<24} {t['name']:<20} {state}")

    app.add_typer(tokens, name="tokens")


def register(app: typer.Typer) -> None:
    _users(app)
    _tokens(app)
