"""The audit trail is append-only in the database itself, not only in the API: triggers
refuse every UPDATE and DELETE of an audit row, whatever the client (a bug, a script, a
console). Rows come and go only with the table (a restore, a drop); PostgreSQL's
TRUNCATE, which needs the table owner's rights, is left to maintenance."""

from __future__ import annotations

MESSAGE = "the audit trail is append-only: its rows cannot be changed or deleted"

CREATE: dict[str, tuple[str, ...]] = {
    "postgresql": (
        "CREATE FUNCTION surgeops_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION surgeops_audit_append_only()",
    ),
    "sqlite": (
        f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ),
}

DROP: dict[str, tuple[str, ...]] = {
    "postgresql": ("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log", "DROP FUNCTION IF EXISTS surgeops_audit_append_only()"),
    "sqlite": ("DROP TRIGGER IF EXISTS audit_log_no_update", "DROP TRIGGER IF EXISTS audit_log_no_delete"),
}
