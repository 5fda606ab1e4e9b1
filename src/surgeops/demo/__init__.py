"""Demo scenario: reference data for a Mangystau surge in July 2020 and the teams of reports 000-003."""
