"""Pure records and invariants. Imports no web, database or CLI framework."""
