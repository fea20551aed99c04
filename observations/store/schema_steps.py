"""Provides the names of the schema's migration steps, readable without importing sqlite-utils.

Opening a database only has to compare these names with the ones the file has
applied; the steps themselves (``migrations.py``, built on sqlite-utils) are
imported only when one must run. A test keeps this list equal to the steps.
"""

MIGRATION_SET = "supervision"
MIGRATION_NAMES: tuple[str, ...] = (
    "m001_core_schema",
    "m002_erasure_may_remove_names",
    "m003_indexes_for_current_and_latest_ratings",
    "m004_final_retractions_and_erasure_only_deletes",
    "m005_erasure_evidence",
    "m008_session_agenda_and_record",
    "m007_supervision_interval",
    "m009_accounts",
    "m006_caseload_decisions_and_transfers",
    "m010_rows_carry_their_account",
    "m011_cases_follow_a_framework",
    "m012_unknown_usernames_keep_their_failures",
    "m013_accounts_remember_their_erasure",
)
"""Every step, in order; add the new step's name here when adding a step to ``migrations.py``."""
