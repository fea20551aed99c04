"""Provides the schema as append-only sqlite-utils migrations.

Never edit a step once released: add a new one. A database that has steps this
code does not know was written by a newer version and is refused untouched.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from observations.store.schema_steps import MIGRATION_SET
from observations.vocabulary import ACTION_STATUSES, AGENDA_KINDS, ERASED_NAME, SOURCES

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_core_schema(db: Database) -> None:
    """Staff, sessions, observation revisions, actions, erasures and cases."""
    db.executescript(
        f"""
        CREATE TABLE staff (
            id TEXT PRIMARY KEY,
            ref TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            team TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            started_on TEXT,
            manager TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
            left_on TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX staff_team ON staff (team, name);
        CREATE INDEX staff_name ON staff (name COLLATE NOCASE);

        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            staff_id TEXT NOT NULL REFERENCES staff (id),
            held_on TEXT NOT NULL,
            manager TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE INDEX sessions_staff ON sessions (staff_id, held_on);

        -- One row per revision. A correction adds a row with the next revision
        -- number that supersedes the previous one; a retraction adds a row with
        -- retracted = 1. Rows are never updated.
        CREATE TABLE observations (
            id TEXT PRIMARY KEY,
            observation_id TEXT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 1,
            supersedes TEXT REFERENCES observations (id),
            staff_id TEXT NOT NULL REFERENCES staff (id),
            framework TEXT NOT NULL,
            framework_version TEXT NOT NULL,
            standard TEXT NOT NULL,
            rating TEXT NOT NULL,
            observed_on TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ({", ".join(repr(s) for s in SOURCES)})),
            evidence TEXT NOT NULL DEFAULT '',
            examples TEXT NOT NULL DEFAULT '[]',
            observer TEXT NOT NULL DEFAULT '',
            session_id TEXT REFERENCES sessions (id),
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            retracted INTEGER NOT NULL DEFAULT 0 CHECK (retracted IN (0, 1))
        );
        CREATE INDEX observations_logical ON observations (observation_id, revision);
        CREATE INDEX observations_staff_standard ON observations (staff_id, framework, standard, observed_on);
        CREATE INDEX observations_framework ON observations (framework, staff_id);
        CREATE INDEX observations_session ON observations (session_id) WHERE session_id IS NOT NULL;

        CREATE TABLE actions (
            id TEXT PRIMARY KEY,
            staff_id TEXT NOT NULL REFERENCES staff (id),
            text TEXT NOT NULL,
            framework TEXT NOT NULL DEFAULT '',
            standards TEXT NOT NULL DEFAULT '[]',
            owner TEXT NOT NULL DEFAULT '',
            due_on TEXT,
            session_id TEXT REFERENCES sessions (id),
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX actions_staff ON actions (staff_id, due_on);

        -- Status changes of an action, append-only: the latest one is current.
        CREATE TABLE action_updates (
            id TEXT PRIMARY KEY,
            action_id TEXT NOT NULL REFERENCES actions (id),
            status TEXT NOT NULL CHECK (status IN ({", ".join(repr(s) for s in ACTION_STATUSES)})),
            note TEXT NOT NULL DEFAULT '',
            on_date TEXT NOT NULL,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX action_updates_action ON action_updates (action_id, recorded_at);

        -- One line per erasure: the erased person's random id (not personal
        -- data) so a merge never brings them back, and when it happened.
        CREATE TABLE erasures (
            staff_id TEXT PRIMARY KEY,
            erased_at TEXT NOT NULL
        );

        -- Caseload: a case is a reference from the case-management system, never a name.
        CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            ref TEXT NOT NULL UNIQUE,
            staff_id TEXT NOT NULL REFERENCES staff (id),
            level TEXT NOT NULL,
            referred_on TEXT NOT NULL,
            in_school INTEGER NOT NULL DEFAULT 0 CHECK (in_school IN (0, 1)),
            created_at TEXT NOT NULL
        );
        CREATE INDEX cases_staff ON cases (staff_id);

        CREATE TABLE case_events (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES cases (id),
            event TEXT NOT NULL,
            on_date TEXT NOT NULL,
            level TEXT,
            note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX case_events_case ON case_events (case_id, on_date);

        -- History is append-only. Rows may be deleted only for a person listed
        -- in erasures (the erasure itself inserts that line first).
        CREATE TRIGGER observations_append_only BEFORE UPDATE ON observations
        BEGIN SELECT RAISE(ABORT, 'observations are append-only: correct or retract instead'); END;
        CREATE TRIGGER observations_delete_only_on_erasure BEFORE DELETE ON observations
        WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE staff_id = OLD.staff_id)
        BEGIN SELECT RAISE(ABORT, 'observations are never deleted, except by erasing a person'); END;
        CREATE TRIGGER action_updates_append_only BEFORE UPDATE ON action_updates
        BEGIN SELECT RAISE(ABORT, 'action history is append-only'); END;
        CREATE TRIGGER case_events_append_only BEFORE UPDATE ON case_events
        BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;

        -- The current revision of every observation that is not retracted.
        CREATE VIEW current_observations AS
        SELECT o.* FROM observations o
        WHERE o.retracted = 0
          AND NOT EXISTS (
            SELECT 1 FROM observations n
            WHERE n.observation_id = o.observation_id
              AND (n.revision > o.revision
                   OR (n.revision = o.revision AND (n.recorded_at, n.id) > (o.recorded_at, o.id)))
          );

        -- The current status of every action (open when it has no updates).
        CREATE VIEW current_actions AS
        SELECT a.*,
               COALESCE(u.status, 'open') AS status,
               u.note AS closing_note,
               u.on_date AS closed_on
        FROM actions a
        LEFT JOIN action_updates u ON u.id = (
            SELECT id FROM action_updates x WHERE x.action_id = a.id
            ORDER BY x.recorded_at DESC, x.id DESC LIMIT 1
        );
        """
    )


@migrations()
def m002_erasure_may_remove_names(db: Database) -> None:
    """Observations stay append-only, except that erasing a person may blank their name as someone else's observer."""
    unchanged = " AND ".join(
        f"NEW.{column} IS OLD.{column}"
        for column in (
            "id", "observation_id", "revision", "supersedes", "staff_id", "framework", "framework_version", "standard",
            "rating", "observed_on", "source", "evidence", "examples", "session_id", "recorded_at", "reason", "retracted",
        )
    )
    db.executescript(
        f"""
        DROP TRIGGER observations_append_only;
        CREATE TRIGGER observations_append_only BEFORE UPDATE ON observations
        WHEN NOT ({unchanged}
                  AND NEW.observer IN (OLD.observer, '{ERASED_NAME}')
                  AND NEW.recorded_by IN (OLD.recorded_by, '{ERASED_NAME}'))
        BEGIN SELECT RAISE(ABORT, 'observations are append-only: correct or retract instead'); END;
        """
    )


def known_migration_names() -> set[str]:
    """Every step this code knows: all of them are pending on an empty database.

    Without ``execute_plugins=False`` sqlite-utils scans every installed
    package's entry points for plugins (20-40 ms at each start); none may
    touch this database anyway.
    """
    return {m.name for m in migrations.pending(Database(memory=True, execute_plugins=False))}


@migrations()
def m003_indexes_for_current_and_latest_ratings(db: Database) -> None:
    """Two covering indexes and the same view written so SQLite can seek: every status query reads indexes only.

    - Whether a revision is current (no later revision of the same observation in
      (revision, recorded_at, id) order) was one index seek plus a table read per
      row; as one row-value comparison over ``observations_revision_order`` it is
      one index-only seek. The view means exactly what it meant.
    - ``observations_latest_rating`` holds, in the order the latest-rating window
      reads them, every column that window and the view need, so org-wide status
      queries neither sort nor touch the table.
    The two indexes they make redundant (their leading columns) are dropped.
    """
    db.executescript(
        """
        CREATE INDEX observations_revision_order ON observations (observation_id, revision, recorded_at, id);
        DROP INDEX observations_logical;
        CREATE INDEX observations_latest_rating ON observations (
            framework, staff_id, standard, observed_on DESC, recorded_at DESC, id DESC,
            source, rating, retracted, observation_id, revision
        );
        DROP INDEX observations_framework;

        DROP VIEW current_observations;
        CREATE VIEW current_observations AS
        SELECT o.* FROM observations o
        WHERE o.retracted = 0
          AND NOT EXISTS (
            SELECT 1 FROM observations n
            WHERE n.observation_id = o.observation_id
              AND (n.revision, n.recorded_at, n.id) > (o.revision, o.recorded_at, o.id)
          );
        """
    )


@migrations()
def m004_final_retractions_and_erasure_only_deletes(db: Database) -> None:
    """A retraction is final, and no table loses or rewrites history except through an erasure.

    - ``current_observations`` leaves out every observation that has a retracted
      revision, so a correction made in another copy and merged later cannot bring
      a retracted observation back. m003's revision-order index gains
      ``retracted``, so the one index-only seek per row that found a later
      revision now also finds a retracted one: status queries cost what they did
      under m003 (a second subquery per row, measured, cost 10-25% more).
    - m001 said rows may be deleted only for an erased person, but only
      observations enforced it: now every table about a person does.
    - Sessions and actions may change only by an erasure blanking a name (as m002
      allows for observations); a case's referral facts never change.
    - Case refs are looked up ignoring case, so they get an index that does.
    """
    person_of = {
        "staff": "OLD.id",
        "sessions": "OLD.staff_id",
        "actions": "OLD.staff_id",
        "action_updates": "(SELECT staff_id FROM actions WHERE id = OLD.action_id)",
        "cases": "OLD.staff_id",
        "case_events": "(SELECT staff_id FROM cases WHERE id = OLD.case_id)",
    }
    deletes = "".join(
        f"""
        CREATE TRIGGER {table}_delete_only_on_erasure BEFORE DELETE ON {table}
        WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE staff_id = {person})
        BEGIN SELECT RAISE(ABORT, '{table.replace("_", " ")} are never deleted, except by erasing a person'); END;
        """
        for table, person in person_of.items()
    )
    name_columns = {
        "sessions": (("id", "staff_id", "held_on", "notes", "created_at"), ("manager",)),
        "actions": (
            ("id", "staff_id", "text", "framework", "standards", "due_on", "session_id", "created_at"),
            ("owner", "created_by"),
        ),
    }
    updates = "".join(
        f"""
        CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table}
        WHEN NOT ({" AND ".join(f"NEW.{c} IS OLD.{c}" for c in fixed)}
                  AND {" AND ".join(f"NEW.{c} IN (OLD.{c}, '{ERASED_NAME}')" for c in names)})
        BEGIN SELECT RAISE(ABORT, '{table} are never changed, except by erasing a person named in them'); END;
        """
        for table, (fixed, names) in name_columns.items()
    )
    db.executescript(
        f"""
        {deletes}
        {updates}
        CREATE TRIGGER cases_append_only BEFORE UPDATE ON cases
        BEGIN SELECT RAISE(ABORT, 'a case is never changed: log an event or a level change instead'); END;

        CREATE INDEX observations_revisions ON observations (observation_id, revision, recorded_at, id, retracted);
        DROP INDEX observations_revision_order;
        DROP VIEW current_observations;
        CREATE VIEW current_observations AS
        SELECT o.* FROM observations o
        WHERE o.retracted = 0
          AND NOT EXISTS (
            SELECT 1 FROM observations n
            WHERE n.observation_id = o.observation_id
              AND (n.retracted = 1 OR (n.revision, n.recorded_at, n.id) > (o.revision, o.recorded_at, o.id))
          );

        CREATE INDEX cases_ref_nocase ON cases (ref COLLATE NOCASE);
        """
    )


@migrations()
def m005_erasure_evidence(db: Database) -> None:
    """Each erasure line carries the erasing copy's evidence that it held the person (see ``privacy.erasure_evidence``),
    so an erasure arriving from another file is applied only where that file can show it knew them."""
    db.execute("ALTER TABLE erasures ADD COLUMN evidence TEXT")


@migrations()
def m008_session_agenda_and_record(db: Database) -> None:
    """A session's agenda ticks and decisions, and its agreed supervision record with later corrections.

    - ``session_items``: one row each time the manager ticks an agenda item
      through (an action, case, need or disagreement, named by ``subject``) or
      records a decision (``kind`` 'decision'); the latest note per item counts.
    - ``session_records``: the record both people agreed (``kind`` 'agreed', one
      per session, its id derived from the session's so two copies that agreed the
      same session merge into one) holding the record as agreed in ``body``
      (JSON), and each later correction (``kind`` 'correction', ``body`` its text).
    Both are append-only: no row is changed, except that erasing a person blanks
    their name in others' records (``manager_name``, and as a JSON string in an
    agreed ``body``); rows are deleted only with an erased person.
    """
    erased = ERASED_NAME.replace("'", "''")
    deletes = "".join(
        f"""
        CREATE TRIGGER {table}_delete_only_on_erasure BEFORE DELETE ON {table}
        WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE staff_id = OLD.staff_id)
        BEGIN SELECT RAISE(ABORT, '{what} are never deleted, except by erasing a person'); END;"""
        for table, what in (("session_items", "session items"), ("session_records", "supervision records"))
    )
    db.executescript(
        f"""
        CREATE TABLE session_items (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions (id),
            staff_id TEXT NOT NULL REFERENCES staff (id),
            kind TEXT NOT NULL CHECK (kind IN ({", ".join(repr(k) for k in AGENDA_KINDS)})),
            subject TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX session_items_session ON session_items (session_id, recorded_at);

        CREATE TABLE session_records (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES sessions (id),
            staff_id TEXT NOT NULL REFERENCES staff (id),
            kind TEXT NOT NULL CHECK (kind IN ('agreed', 'correction')),
            body TEXT NOT NULL,
            manager_name TEXT NOT NULL DEFAULT '',
            staff_name TEXT NOT NULL DEFAULT '',
            agreed_on TEXT NOT NULL,
            next_session_on TEXT,
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX session_records_session ON session_records (session_id, recorded_at);
        CREATE UNIQUE INDEX session_records_agreed_once ON session_records (session_id) WHERE kind = 'agreed';

        CREATE TRIGGER session_items_append_only BEFORE UPDATE ON session_items
        BEGIN SELECT RAISE(ABORT, 'session items are append-only: tick the item again to change its note'); END;

        CREATE TRIGGER session_records_append_only BEFORE UPDATE ON session_records
        WHEN NOT (NEW.id IS OLD.id AND NEW.session_id IS OLD.session_id AND NEW.staff_id IS OLD.staff_id
                  AND NEW.kind IS OLD.kind AND NEW.staff_name IS OLD.staff_name AND NEW.agreed_on IS OLD.agreed_on
                  AND NEW.next_session_on IS OLD.next_session_on AND NEW.recorded_at IS OLD.recorded_at
                  AND NEW.manager_name IN (OLD.manager_name, '{erased}')
                  AND (NEW.body IS OLD.body OR (OLD.kind = 'agreed' AND instr(NEW.body, json_quote('{erased}')) > 0)))
        BEGIN SELECT RAISE(ABORT, 'an agreed supervision record is never changed: add a correction instead'); END;
        {deletes}
        """
    )


@migrations()
def m007_supervision_interval(db: Database) -> None:
    """A person may have their own supervision interval in weeks; NULL takes the service's (or induction's) from settings.

    A column on ``staff`` rather than a table: it changes as the person's other details do, so merge's
    newer-``updated_at``-wins, the subject-access export and erasure already carry it. (Named m007 as the brief
    asked; it runs after m008, which reached main first: the steps run in the order they are written.)
    """
    db.execute(
        "ALTER TABLE staff ADD COLUMN supervision_interval_weeks INTEGER "
        "CHECK (supervision_interval_weeks IS NULL OR supervision_interval_weeks BETWEEN 1 AND 52)"
    )


@migrations()
def m009_accounts(db: Database) -> None:
    """The accounts that sign in to ``serve`` (see ``observations.accounts``). Not carried by export, import or
    merge: they are this server's credentials, not records about practice. A worker's account names their staff
    record; erasing that person unlinks and disables it (the staff row goes, the account row stays, disabled)."""
    db.executescript(
        """
        CREATE TABLE accounts (
            username TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'trainer', 'worker')),
            staff_id TEXT REFERENCES staff (id),
            teams TEXT NOT NULL DEFAULT '[]',
            password_hash TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            disabled_at TEXT
        );
        CREATE INDEX accounts_staff ON accounts (staff_id);
        """
    )


@migrations()
def m006_caseload_decisions_and_transfers(db: Database) -> None:
    """A line-manager discussion may name the supervision session it was held in, and a case may be transferred.

    (Named m006 when it was planned; it runs after m008, m007 and m009, which were released first.)

    - ``case_events.session_id``: the session (of the case's PA) a ``manager-discussion`` was held in, or null.
    - ``case_events.contact_every_days``: how often a ``plan-of-work`` says to contact the young person, or null.
    - ``case_transfers``: a case moving to another PA from a date, append-only. ``cases.staff_id`` is the PA who
      holds the case now; the trigger lets it change only to the newest transfer's ``to_staff_id``, so a transfer
      is the only way a case changes hands, and the history stays with the case. Staff ids in a transfer are not
      foreign keys: a former holder's erasure leaves their random id there, and the case with the PA who has it.
    """
    db.executescript(
        """
        ALTER TABLE case_events ADD COLUMN session_id TEXT;
        ALTER TABLE case_events ADD COLUMN contact_every_days INTEGER
            CHECK (contact_every_days IS NULL OR (event = 'plan-of-work' AND contact_every_days BETWEEN 1 AND 366));

        CREATE TABLE case_transfers (
            id TEXT PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES cases (id),
            from_staff_id TEXT NOT NULL,
            to_staff_id TEXT NOT NULL,
            on_date TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            recorded_at TEXT NOT NULL
        );
        CREATE INDEX case_transfers_case ON case_transfers (case_id, on_date);
        CREATE TRIGGER case_transfers_append_only BEFORE UPDATE ON case_transfers
        BEGIN SELECT RAISE(ABORT, 'case transfers are append-only'); END;
        CREATE TRIGGER case_transfers_delete_only_on_erasure BEFORE DELETE ON case_transfers
        WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE staff_id = (SELECT staff_id FROM cases WHERE id = OLD.case_id))
        BEGIN SELECT RAISE(ABORT, 'case transfers are never deleted, except by erasing a person'); END;

        DROP TRIGGER cases_append_only;
        CREATE TRIGGER cases_append_only BEFORE UPDATE ON cases
        WHEN NOT (NEW.id IS OLD.id AND NEW.ref IS OLD.ref AND NEW.level IS OLD.level
                  AND NEW.referred_on IS OLD.referred_on AND NEW.in_school IS OLD.in_school
                  AND NEW.created_at IS OLD.created_at
                  AND NEW.staff_id IS (SELECT to_staff_id FROM case_transfers WHERE case_id = OLD.id
                                       ORDER BY on_date DESC, recorded_at DESC, id DESC LIMIT 1))
        BEGIN SELECT RAISE(ABORT, 'a case is never changed: log an event, a level change or a transfer instead'); END;
        """
    )


@migrations()
def m010_rows_carry_their_account(db: Database) -> None:
    """Every row written from a browser names the signed-in account that wrote it ('' for the terminal), and failed
    sign-ins are kept per account so a restarted server still locks one. See ``store.recorded_by``: the columns,
    and the append-only triggers rebuilt so that only an erasure may blank an account's name in others' rows.

    ``sign_in_failures``, like ``accounts``, is not carried by export, import or merge: it is one server's
    security state about its own accounts, and another copy has other accounts (or none)."""
    from observations.store.recorded_by import add_account_columns

    add_account_columns(db)


@migrations()
def m011_cases_follow_a_framework(db: Database) -> None:
    """A case follows one framework's caseload rules: the APIR guide's, or Methods of Work's for floating support.

    - ``cases.framework``: the framework id; every case before this step was checked against the APIR guide, so
      it follows ``apir``. Which ids have caseload rules is the code's (``caseload.rule_sets``), not the schema's.
    - A case never changes framework (a separate trigger, so that this step and any other step that replaces
      ``cases_append_only`` stay independent of each other).
    """
    db.executescript(
        """
        ALTER TABLE cases ADD COLUMN framework TEXT NOT NULL DEFAULT 'apir';
        CREATE INDEX cases_framework ON cases (framework);
        CREATE TRIGGER cases_keep_their_framework BEFORE UPDATE OF framework ON cases
        WHEN NEW.framework IS NOT OLD.framework
        BEGIN SELECT RAISE(ABORT, 'a case never changes framework: a new referral is a new case'); END;
        """
    )


@migrations()
def m012_unknown_usernames_keep_their_failures(db: Database) -> None:
    """Wrong passwords for usernames that are no account are kept too, so that after a restart of ``serve`` a
    locked real account answers as a locked made-up name does (see ``accounts.unknown_name_failures``).

    A row is keyed by an HMAC of the name typed, under a key only the server holds: never the text itself,
    which may be a password typed into the username box. Like ``sign_in_failures``, it is one server's
    security state, not carried by export, import or merge, and kept small (old rows pruned, a cap on rows)."""
    db.executescript(
        """
        CREATE TABLE unknown_sign_in_failures (
            name_hash TEXT PRIMARY KEY,
            failed_at TEXT NOT NULL DEFAULT '[]',
            locked_until REAL NOT NULL DEFAULT 0,
            last_failed_at REAL NOT NULL DEFAULT 0
        );
        CREATE INDEX unknown_sign_in_failures_last_failed ON unknown_sign_in_failures (last_failed_at);
        """
    )


@migrations()
def m013_accounts_remember_their_erasure(db: Database) -> None:
    """``accounts.erased_at``: when erasing the person the account was linked to disabled and unlinked it (NULL:
    never). A merge or import needs to know: rows from a copy made before the erasure still name the account as
    who wrote them, and must arrive as ``ERASED_NAME`` (``privacy.erasure.without_erased_accounts``); a disabled,
    unlinked account alone does not say it, since an admin may disable an account that was never linked.

    Accounts erased before this step: a worker's account is always linked to a staff record, so an unlinked
    one was erased; an unlinked, disabled manager's account whose last change is within a minute of an erasure
    recorded here is taken as erased too (an erasure applied by a merge keeps the other copy's time, so a
    manager's account erased that way before this step is not found)."""
    db.executescript(
        """
        ALTER TABLE accounts ADD COLUMN erased_at TEXT;
        UPDATE accounts SET erased_at = coalesce(disabled_at, updated_at)
        WHERE staff_id IS NULL AND status = 'disabled' AND (
            role = 'worker'
            OR (role = 'manager' AND EXISTS (
                SELECT 1 FROM erasures e
                WHERE abs(julianday(replace(e.erased_at, 'Z', '')) - julianday(replace(accounts.updated_at, 'Z', ''))) * 86400 <= 60
            ))
        );
        """
    )
