"""Provides the closed lists the schema enforces (evidence sources, action statuses, the erased-name marker) and a standard's statuses.

They live apart from the migrations so the app can name them without importing
sqlite-utils (about 50 ms at start-up). The schema's CHECK constraints and
triggers hold these exact values: changing one needs a new migration.
"""

SOURCES = ("observation", "case-review", "supervision", "self-assessment")
"""Where a rating's evidence came from: observation of practice, a case-file review, supervision discussion, the person themself."""
SELF_ASSESSMENT = SOURCES[3]
"""The one source that never decides a status, and whose observer is always the person themself."""
ACTION_STATUSES = ("open", "done", "dropped")
ERASED_NAME = "(erased)"
"""What an erased person's name becomes where it appears in other people's records."""
NEED = "need"
MET = "met"
STRENGTH = "strength"
NOT_OBSERVED = "not-observed"
STATUSES = (NEED, MET, STRENGTH, NOT_OBSERVED)
"""Every status a person's standing on a standard can have, in the order reports list them (see standing.rules)."""
AGENDA_KINDS = ("action", "case", "need", "disagreement", "decision")
"""What a supervision session's agenda item is about; 'decision' is one the manager adds, about anything."""
