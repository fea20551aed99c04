"""Provides the demo: a realistic, reproducible organisation to try the toolkit on without real records.

Teams with managers; staff at every stage from new starter to leaver; monthly
supervision; observations against both frameworks whose ratings follow a
trajectory (most improve, some stall, a few slip); self-assessments; actions,
some done, some open, some overdue; and a few cases with their events. The
same seed gives the same organisation. Rows are built in memory and written
with executemany in one transaction, so thousands of staff take seconds.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import observations.demo.words as words
from observations.dates import month_starts, today
from observations.errors import InputError
from observations.exchange.rows import TABLES
from observations.store.ids import new_id, now_utc, staff_ref

if TYPE_CHECKING:
    from observations.store.observation_store import Store
    from standards import Framework

MAX_STAFF = 20_000
CASE_REF_DIGITS = 5
MAX_MONTHS = 120
SOURCE_WEIGHTS = (("observation", 55), ("case-review", 30), ("supervision", 15))
CASE_LEVELS = (("intensive", 30), ("enhanced", 45), ("watching-brief", 25))


def populate_demo(
    store: Store, *, staff: int = 12, months: int = 12, seed: int = 1, as_of: date | None = None, add: bool = False
) -> dict[str, Any]:
    """Fill the database with an invented organisation; returns counts of what was written.

    Refuses a database that already has staff (demo people must not mix with real
    records) unless ``add`` is true.
    """
    if not 1 <= staff <= MAX_STAFF:
        raise InputError(f"demo staff: {staff} is out of range (1 to {MAX_STAFF:,})")
    if not 1 <= months <= MAX_MONTHS:
        raise InputError(f"demo months: {months} is out of range (1 to {MAX_MONTHS})")
    existing = _existing(store)
    if existing["staff"] and not add:
        raise InputError(
            f"this database already holds {existing['staff']} staff members; the demo would mix invented people with "
            "real records. Give an empty database (--db demo.db), or --add to add them anyway"
        )
    builder = _Builder(store, seed=seed, as_of=as_of or today(), months=months, stable_ids=not any(existing.values()))
    builder.build(staff)
    with store.write():  # built outside the lock (it takes a while), so check nobody wrote meanwhile
        if _existing(store) != existing:
            raise InputError("the database changed while the demo was being built; nothing was added: run the demo again")
        conn = store.conn
        for table in TABLES:
            rows = builder.rows[table]
            if rows:
                columns = list(rows[0])
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})"
                conn.executemany(sql, rows)
    return builder.summary()


def _existing(store: Store) -> dict[str, int]:
    return store.rows("SELECT (SELECT count(*) FROM staff) AS staff, (SELECT count(*) FROM erasures) AS erased")[0]


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _stamp(day: date, rng: random.Random) -> str:
    """A time in the working day of ``day``; never later than now (a demo made in the morning records nothing this afternoon)."""
    stamp = f"{day.isoformat()}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999_999):06d}Z"
    return min(stamp, now_utc())


class _Person:
    """One invented member of staff and how their practice develops."""

    def __init__(self, **values: Any):
        self.__dict__.update(values)
        self.latest: dict[str, int] = {}
        self.case_refs: list[str] = []


class _Builder:
    def __init__(self, store: Store, *, seed: int, as_of: date, months: int, stable_ids: bool):
        self.seed = seed
        self.rng = random.Random(seed)
        self.id_rng = random.Random(f"supervision-tui demo ids {seed}") if stable_ids else None
        self.as_of, self.months = as_of, months
        self.month_starts = month_starts(as_of, months)
        self.window_start = self.month_starts[0]
        self.apir = store.library.get("apir")
        self.mow = store.library.get("methods-of-work") if "methods-of-work" in store.library.ids() else None
        self.rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
        self.refs = {r["ref"] for r in store.rows("SELECT ref FROM staff")}
        self.case_refs = {r["ref"] for r in store.rows("SELECT ref FROM cases")}
        self.counts = {"new_starters": 0, "leavers": 0, "self_assessments": 0, "teams": 0}
        self.caseworkers: list[_Person] = []
        """Floating-support workers, whose clients are added once everyone is built (``add_floating_support_cases``)."""

    # -- plumbing -----------------------------------------------------------------

    def new_id(self) -> str:
        if self.id_rng is None:
            return new_id()
        return str(uuid.UUID(int=self.id_rng.getrandbits(128), version=4))

    def day_in(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def summary(self) -> dict[str, Any]:
        counts = {table: len(rows) for table, rows in self.rows.items() if table != "erasures"}
        counts["revisions"] = sum(1 for r in self.rows["observations"] if r["revision"] > 1)
        return {**counts, **self.counts, "as_of": self.as_of.isoformat(), "months": self.months}

    # -- people -------------------------------------------------------------------

    def build(self, count: int) -> None:
        rng = self.rng
        team_count = max(1, round(count / 6))
        teams = words.team_names(team_count)
        self.counts["teams"] = team_count
        names = words.staff_names(rng, count + 1)
        area_manager = names.pop()
        managers: dict[str, str] = {}
        for index in range(count):
            team = teams[index % team_count]
            is_manager = index < team_count
            person = self.plan_person(names[index], team, is_manager, managers.get(team, area_manager), index, count)
            if is_manager:
                managers[team] = person.name
            self.add_person(person)
        self.add_floating_support_cases()
        self.add_case_transfers()

    def add_case_transfers(self) -> None:
        """Leavers' open cases are transferred to a colleague, who makes a first contact a few days later."""
        from observations.caseload.demo_cases import demo_transfers

        rng = random.Random(self.rng.getrandbits(64))
        for case, day, to_staff in demo_transfers(rng, self.rows["cases"], self.rows["case_events"], self.rows["staff"], self.as_of):
            self.rows["case_transfers"].append({
                "id": self.new_id(), "case_id": case["id"], "from_staff_id": case["staff_id"], "to_staff_id": to_staff,
                "on_date": day.isoformat(), "note": "", "recorded_at": _stamp(day, rng),
            })
            case["staff_id"] = to_staff
            contact = day + timedelta(days=rng.randint(1, 6))
            if contact <= self.as_of:
                self.rows["case_events"].append({
                    "id": self.new_id(), "case_id": case["id"], "event": "contact", "on_date": contact.isoformat(),
                    "level": None, "note": "", "recorded_at": _stamp(contact, rng), "contact_every_days": None,
                })

    def plan_person(self, name: str, team: str, is_manager: bool, manager: str, index: int, count: int) -> _Person:
        rng = self.rng
        role = words.ROLE_MANAGER if is_manager else (
            words.ROLE_CASEWORKER if self.mow is not None and rng.random() < 0.2 else rng.choice(words.ROLES_PA)
        )
        framework = self.mow if role == words.ROLE_CASEWORKER else self.apir
        roll = rng.random()
        must_be_new = count >= 3 and index == (count - 1 if count < 6 else max(2, count // 2))
        stage = "manager" if is_manager else ("new" if must_be_new or roll < 0.15 else "recent" if roll < 0.3 else "established")
        if stage == "new":
            started = self.as_of - timedelta(days=rng.randint(10, 85))
        elif stage == "recent" and self.months > 4:
            started = self.as_of - timedelta(days=rng.randint(95, 30 * self.months))
        else:
            started = self.window_start - timedelta(days=rng.randint(200, 4000))
        leaver = stage in ("recent", "established") and (rng.random() < 0.04 or (count >= 10 and index == count - 1))
        left_on = self.as_of - timedelta(days=rng.randint(7, min(120, 15 * self.months))) if leaver else None
        if left_on is not None and left_on <= started + timedelta(days=30):
            left_on = None
        trend = "improve" if stage == "new" else _pick(rng, (("improve", 65), ("stall", 25), ("slip", 10)))
        mean = {"new": 0.6, "recent": 1.0, "established": 1.5, "manager": 1.9}[stage] + (0.6 if trend == "slip" else 0)
        slope = {"improve": rng.uniform(0.06, 0.12), "stall": rng.gauss(0, 0.01), "slip": -rng.uniform(0.06, 0.1)}[trend]
        return _Person(
            id=None, name=name, team=team, role=role, manager=manager, started=started, left_on=left_on, stage=stage,
            framework=framework, trend=trend, slope=slope,
            base={s.id: rng.gauss(mean, 0.35) for s in framework.standards()},
            active_from=max(started, self.window_start), active_to=min(self.as_of, left_on or self.as_of),
        )

    def add_person(self, person: _Person) -> None:
        while True:
            person.id = self.new_id()
            ref = staff_ref(person.id)
            if ref not in self.refs:
                break
        self.refs.add(ref)
        created = _stamp(person.active_from, self.rng)
        self.rows["staff"].append({
            "id": person.id, "ref": ref, "name": person.name, "team": person.team, "role": person.role,
            "started_on": person.started.isoformat(), "manager": person.manager,
            "status": "left" if person.left_on else "active",
            "left_on": person.left_on.isoformat() if person.left_on else None,
            "created_at": created, "updated_at": _stamp(person.left_on, self.rng) if person.left_on else created,
        })
        self.counts["new_starters"] += person.stage == "new"
        self.counts["leavers"] += person.left_on is not None
        if person.framework is self.apir and person.stage != "manager" and self.apir.caseload_rules == "apir-guide":
            self.add_cases(person)
        elif person.framework is self.mow and self.mow.caseload_rules == "floating-support":
            self.caseworkers.append(person)
        self.add_self_assessment(person)
        for month_start in self.month_starts:
            self.add_month(person, month_start)

    def level(self, person: _Person, standard_id: str, on: date) -> int:
        months_in = (on - person.active_from).days / 30.4
        value = person.base[standard_id] + person.slope * months_in + self.rng.gauss(0, 0.3)
        return min(3, max(0, round(value)))

    # -- observations ---------------------------------------------------------------

    def add_self_assessment(self, person: _Person) -> None:
        rng = self.rng
        if person.stage in ("new", "recent"):
            when = min(person.active_to, person.started + timedelta(days=rng.randint(5, 20)))
        elif rng.random() < 0.6:
            when = self.day_in(person.active_from, person.active_to)
        else:
            return
        if when < self.window_start or when > person.active_to:
            return
        keys = person.framework.rating_scale.keys()
        for standard in person.framework.standards():
            rating = keys[min(3, max(0, self.level(person, standard.id, when) + rng.choice((-1, 0, 0, 1))))]
            self.add_observation(person, person.framework, standard, rating, when, "self-assessment", person.name, None)
        self.counts["self_assessments"] += 1

    def add_month(self, person: _Person, month_start: date) -> None:
        rng = self.rng
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        start, end = max(month_start, person.active_from), min(next_month - timedelta(days=1), person.active_to)
        if start > end:
            return
        session = self.add_session(person, self.day_in(start, end))
        framework = person.framework
        standards = list(framework.standards())
        count = rng.choice((0, 1)) if person.stage == "new" else rng.choice((0, 1, 1, 2) if person.stage == "manager" else (1, 2, 2, 3))
        for standard in rng.sample(standards, min(count, len(standards))):
            source = _pick(rng, SOURCE_WEIGHTS)
            when = session["held_on"] if source == "supervision" else self.day_in(start, end).isoformat()
            rating = framework.rating_scale.keys()[self.level(person, standard.id, date.fromisoformat(when))]
            person.latest[standard.id] = framework.rating_scale.rank(rating)
            self.add_observation(
                person, framework, standard, rating, date.fromisoformat(when), source, person.manager,
                session["id"] if source == "supervision" else None,
            )
        if rng.random() < 0.35:
            self.add_action(person, session)

    def add_observation(self, person, framework: Framework, standard, rating: str, when: date, source: str, observer: str, session_id) -> None:
        rng = self.rng
        numbers = list(range(1, len(standard.examples) + 1))
        rank = framework.rating_scale.rank(rating)
        seen = [] if source == "self-assessment" else sorted(rng.sample(numbers, min(len(numbers), rng.choice((1, 2))))) if numbers and rank >= 2 else (
            sorted(rng.sample(numbers, 1)) if numbers and rank == 1 and rng.random() < 0.5 else []
        )
        evidence = self.evidence(person, framework, standard, rating, source, seen)
        row_id = self.new_id()
        recorded = _stamp(min(self.as_of, when + timedelta(days=rng.randint(0, 3))), rng)
        row = {
            "id": row_id, "observation_id": row_id, "revision": 1, "supersedes": None, "staff_id": person.id,
            "framework": framework.id, "framework_version": framework.version, "standard": standard.id,
            "rating": rating, "observed_on": when.isoformat(), "source": source, "evidence": evidence,
            "examples": json.dumps(seen), "observer": observer, "session_id": session_id, "recorded_at": recorded,
            "recorded_by": observer, "reason": "", "retracted": 0,
        }
        self.rows["observations"].append(row)
        roll = rng.random()
        if source != "self-assessment" and roll < 0.025:
            self.add_revision(row, framework, roll < 0.005)

    def add_revision(self, row: dict[str, Any], framework: Framework, retract: bool) -> None:
        rng = self.rng
        revision = dict(row)
        revision.update(
            id=self.new_id(), revision=2, supersedes=row["id"], reason=rng.choice(words.RETRACTION_REASONS if retract else words.CORRECTION_REASONS),
            retracted=1 if retract else 0, recorded_by=row["observer"],
            recorded_at=_stamp(min(self.as_of, date.fromisoformat(row["recorded_at"][:10]) + timedelta(days=rng.randint(1, 14))), rng),
        )
        if revision["recorded_at"] <= row["recorded_at"]:
            revision["recorded_at"] = row["recorded_at"][:-2] + "9Z"
        if not retract:
            keys = framework.rating_scale.keys()
            rank = framework.rating_scale.rank(row["rating"])
            revision["rating"] = keys[min(len(keys) - 1, max(0, rank + rng.choice((-1, 1))))]
            revision["evidence"] = row["evidence"] + " (Rating revised after discussion.)"
        self.rows["observations"].append(revision)

    def evidence(self, person: _Person, framework: Framework, standard, rating: str, source: str, seen: list[int]) -> str:
        rng = self.rng
        case = rng.choice(person.case_refs) if person.case_refs else str(rng.randint(40000, 49999))
        example = words.example_phrase(standard.examples[seen[0] - 1].text if seen else (
            rng.choice(standard.examples).text if standard.examples else standard.statement
        ))
        if source == "self-assessment":
            return rng.choice(words.SELF_ASSESSMENT[rating])
        if source == "observation":
            opening = f"Observed {rng.choice(words.OBSERVED_ACTIVITY[framework.id if framework.id in words.OBSERVED_ACTIVITY else 'apir'])} (case ref {case})."
        elif source == "case-review":
            opening = rng.choice(words.CASE_REVIEW_OPENING).format(case=case)
        else:
            opening = rng.choice(words.SUPERVISION_OPENING).format(case=case)
        middle = rng.choice(words.BY_RATING[rating]).format(example=example)
        return " ".join(part for part in (opening, middle, rng.choice(words.NEXT_STEP[rating])) if part)

    # -- supervision, actions, cases ----------------------------------------------------

    def add_session(self, person: _Person, held_on: date) -> dict[str, Any]:
        rng = self.rng
        standard = rng.choice(person.framework.standard_ids())
        row = {
            "id": self.new_id(), "staff_id": person.id, "held_on": held_on.isoformat(), "manager": person.manager,
            "notes": rng.choice(words.SESSION_NOTES).format(cases=len(person.case_refs) or rng.randint(8, 30), standard=standard),
            "created_at": _stamp(held_on, rng),
        }
        self.rows["sessions"].append(row)
        return row

    def add_action(self, person: _Person, session: dict[str, Any]) -> None:
        rng = self.rng
        framework = person.framework
        threshold = framework.rating_scale.rank(framework.rating_scale.threshold)
        weak = [s for s, rank in person.latest.items() if rank < threshold]
        if not weak:
            return
        standard = framework.standard(rng.choice(sorted(weak)))
        activities = standard.development_activities()
        text = words.example_phrase(rng.choice(activities)) if activities else rng.choice(words.GENERIC_ACTIONS).format(
            activity=rng.choice(words.OBSERVED_ACTIVITY.get(framework.id, words.OBSERVED_ACTIVITY["apir"])), standard=standard.id
        )
        held = date.fromisoformat(session["held_on"])
        due = held + timedelta(days=rng.randint(28, 70))
        action_id = self.new_id()
        self.rows["actions"].append({
            "id": action_id, "staff_id": person.id, "text": text[:1].upper() + text[1:], "framework": framework.id,
            "standards": json.dumps([standard.id]), "owner": person.name if rng.random() < 0.7 else person.manager,
            "due_on": due.isoformat(), "session_id": session["id"], "created_at": session["created_at"], "created_by": person.manager,
        })
        if person.left_on is not None:
            self.rows["action_updates"].append({
                "id": self.new_id(), "action_id": action_id, "status": "dropped", "note": "Left the service.",
                "on_date": person.left_on.isoformat(), "recorded_at": _stamp(person.left_on, rng),
            })
        elif due < self.as_of - timedelta(days=14):
            roll = rng.random()
            if roll < 0.72 or roll >= 0.77:
                status, note = ("done", rng.choice(words.DONE_NOTES)) if roll < 0.72 else ("dropped", rng.choice(words.DROP_NOTES))
                on = min(self.as_of, due + timedelta(days=rng.randint(-20, 10)))
                on = max(on, held)
                self.rows["action_updates"].append({
                    "id": self.new_id(), "action_id": action_id, "status": status, "note": note,
                    "on_date": on.isoformat(), "recorded_at": _stamp(on, rng),
                })

    def new_case_ref(self, rng: random.Random) -> str:
        """A ref no case has yet: five digits, or more once half the refs of that length are taken (a big demo
        added to more than once), so looking for a free one always ends quickly."""
        digits = CASE_REF_DIGITS
        while len(self.case_refs) * 2 >= 9 * 10 ** (digits - 1):
            digits += 1
        while True:
            ref = str(rng.randint(10 ** (digits - 1), 10**digits - 1))
            if ref not in self.case_refs:
                return ref

    def add_cases(self, person: _Person) -> None:
        """A caseload per PA: cases referred over the last nine months, often one in the last week, and
        usually one intensive case that has had no contact for a while. The cases draw on their own
        generator (seeded from the main one), so how cases are invented never shifts the rest of the demo."""
        rng = random.Random(self.rng.getrandbits(64))
        diligence = rng.uniform(0.6, 0.97)
        neglect = rng.random() < 0.8
        earliest = max(person.active_from, self.as_of - timedelta(days=270))
        count = rng.randint(2, 3) if person.stage == "new" else rng.randint(3, 6)
        for index in range(count):
            ref = self.new_case_ref(rng)
            self.case_refs.add(ref)
            person.case_refs.append(ref)
            recent = index == 0 and person.left_on is None and rng.random() < 0.75
            start = max(earliest, person.active_to - timedelta(days=8)) if recent else earliest
            referred = start + timedelta(days=rng.randint(0, max(0, (person.active_to - start).days)))
            neglected = neglect and index == 1
            level = "intensive" if neglected else _pick(rng, CASE_LEVELS)
            case_id = self.new_id()
            self.rows["cases"].append({
                "id": case_id, "ref": ref, "staff_id": person.id, "level": level, "referred_on": referred.isoformat(),
                "in_school": 1 if rng.random() < 0.45 else 0, "created_at": _stamp(referred, rng), "framework": self.apir.id,
            })
            self.add_case_events(rng, case_id, referred, level, person.active_to, diligence, neglected)

    def add_floating_support_cases(self) -> None:
        """Each floating-support worker's clients, following Methods of Work's six-month support plan and review.

        Added after everyone else, from a generator of their own seeded from the demo's seed and the worker, so the
        rest of the demo (its people, their ratings and the APIR cases) is what it was before these cases existed. The clients'
        shapes go round ``SHAPES`` across all the workers, so even a small demo has one overdue and one closed."""
        from observations.caseload.demo_floating_support import (
            SHAPES,
            client_ref,
            floating_support_history,
        )

        made = 0
        for person in self.caseworkers:
            rng = random.Random(f"supervision-tui demo floating support {self.seed} {person.name} {person.team}")
            for _ in range(2 if person.stage == "new" else rng.randint(3, 5)):
                shape = "new" if person.stage == "new" else SHAPES[made % len(SHAPES)]
                referred, events = floating_support_history(rng, shape, person.active_to)
                if referred < person.started:
                    continue  # before they started: not their client
                if person.stage != "new":
                    made += 1
                ref = client_ref(rng, referred, self.case_refs)
                self.case_refs.add(ref)
                case_id = self.new_id()
                self.rows["cases"].append({
                    "id": case_id, "ref": ref, "staff_id": person.id, "level": "floating-support",
                    "referred_on": referred.isoformat(), "in_school": 0, "created_at": _stamp(referred, rng),
                    "framework": self.mow.id,
                })
                self.rows["case_events"] += [
                    {"id": self.new_id(), "case_id": case_id, "event": event, "on_date": when.isoformat(), "level": None,
                     "note": "", "recorded_at": _stamp(when, rng), "contact_every_days": None}
                    for when, event in events
                ]

    def add_case_events(
        self, rng: random.Random, case_id: str, referred: date, level: str, until: date, diligence: float, neglected: bool
    ) -> None:
        from observations.caseload.demo_cases import CONTACT_EVERY, demo_case_events

        for when, event, new_level in demo_case_events(rng, referred, level, until, diligence=diligence, neglected=neglected):
            self.rows["case_events"].append({
                "id": self.new_id(), "case_id": case_id, "event": event, "on_date": when.isoformat(), "level": new_level,
                "note": "", "recorded_at": _stamp(when, rng),
                "contact_every_days": CONTACT_EVERY.get(level) if event == "plan-of-work" else None,
            })
