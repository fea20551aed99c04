"""Provides the words the demo organisation is made of: names, teams, and the phrases of managers' notes.

Names of staff only. Young people and clients appear solely as case references,
the way a real manager's note would refer to them.
"""

from __future__ import annotations

import random

FIRST_NAMES = (
    "Zoë", "Siobhán", "Priya", "Mohammed", "Kasia", "Olumide", "Seán", "Chloé", "Aoife", "Tom", "Rachel", "Imran",
    "Bethan", "Dawit", "Hannah", "Marek", "Nia", "Gareth", "Yasmin", "Liam", "Grace", "Tariq", "Eleni", "Joe",
    "Fatima", "Callum", "Ruth", "Adebayo", "Sophie", "Ravi", "Megan", "Ciarán", "Amira", "Dan", "Helen", "Kwame",
    "Lucy", "Stefan", "Maryam", "Owen", "Jess", "Sunita", "Paul", "Ngozi", "Kirsty", "Ali", "Leanne", "Bronwen",
)
LAST_NAMES = (
    "O'Neil", "Patel", "Nowak", "Okafor", "Smith-Jones", "Ní Bhriain", "Hughes", "Khan", "Evans", "Mensah", "Byrne",
    "Ahmed", "Thomas", "Kowalski", "Davies", "Begum", "MacLeod", "Osei", "Taylor", "Singh", "Price", "Haddad",
    "Walsh", "Adeyemi", "Roberts", "Chowdhury", "Jenkins", "Papadopoulos", "Morgan", "Abdi", "Lloyd", "Ward",
    "Mahmood", "Kelly", "Bennett", "Sørensen", "Clarke", "Yilmaz", "Fraser", "Lewis",
)
TEAM_PLACES = (
    "North", "South", "East", "West", "City centre", "Riverside", "Valleys", "Coast", "Hillside", "Harbour",
    "Parkside", "Eastfield", "Westgate", "Old town", "Bridgend", "Northfield",
)
ROLES_PA = ("Personal Adviser", "Personal Adviser", "Personal Adviser", "Senior Personal Adviser", "Intensive Support PA")
ROLE_CASEWORKER = "Support caseworker"
ROLE_MANAGER = "Team manager"

OBSERVED_ACTIVITY = {
    "apir": (
        "a first interview", "a review meeting in school", "a drop-in session", "a home visit", "a phone follow-up",
        "a multi-agency meeting", "a group session at the youth centre", "a transition review",
    ),
    "methods-of-work": (
        "a home visit", "a support planning meeting", "a phone call with a client in crisis", "a joint visit with the housing officer",
        "a six-month review", "a benefits appointment",
    ),
}
PERSON = {"apir": "young person", "methods-of-work": "client"}

BY_RATING = {
    "not-evident": (
        "Not yet seen: {example}.",
        "This did not happen: {example}.",
        "No evidence yet of this standard in practice.",
    ),
    "developing": (
        "Partly seen: {example}, but not consistently.",
        "Some evidence: {example}. Needs more confidence here.",
        "Started well ({example}) but did not follow it through.",
    ),
    "secure": (
        "Seen: {example}.",
        "Clear evidence: {example}.",
        "Consistently seen: {example}.",
    ),
    "exemplary": (
        "Excellent: {example}. Could share this approach at the team meeting.",
        "Outstanding practice: {example}; used as an example for new starters.",
    ),
}
NEXT_STEP = {
    "not-evident": ("Agreed to pick this up in supervision.", "To be a focus for the next month."),
    "developing": ("Talked through what to try next time.", "Will look again at the next observation.", ""),
    "secure": ("", "", "Good, well-judged pace."),
    "exemplary": ("",),
}
SELF_ASSESSMENT = {
    "not-evident": ("I haven't done this yet and would like support with it.", "Not confident with this yet."),
    "developing": ("I do this some of the time; I'd like more practice.", "Getting there, still learning the procedures."),
    "secure": ("I do this routinely with my caseload.", "Confident with this."),
    "exemplary": ("I'm confident with this and have helped colleagues with it.",),
}
CASE_REVIEW_OPENING = ("Reviewed case file (case ref {case}).", "Case file audit, case ref {case}.", "Looked at the case notes for case ref {case}.")
SUPERVISION_OPENING = ("Discussed in supervision (case ref {case}).", "From supervision discussion of case ref {case}.")
SESSION_NOTES = (
    "Caseload reviewed: {cases} active cases. Talked about {standard}.",
    "Went through open actions and the caseload ({cases} active). Wellbeing check: fine.",
    "Reflective discussion on a difficult case. Caseload {cases}. Focus on {standard}.",
    "Short session (diary pressures). Caseload {cases}; agreed to look at {standard} next time.",
)
GENERIC_ACTIONS = (
    "Shadow a senior PA at {activity} and reflect on it in supervision",
    "Bring two case files to the next supervision showing work on {standard}",
    "Read the team guidance notes on {standard} and discuss",
    "Arrange a joint visit with the team manager to practise {standard}",
)
DONE_NOTES = ("Done; discussed in supervision.", "Completed and reflected on.", "Attended; notes on file.", "")
DROP_NOTES = ("No longer relevant after change of caseload.", "Superseded by a new action.")
CORRECTION_REASONS = (
    "Rating agreed after discussion in supervision",
    "Wrong case ref in the note",
    "Added detail from the case file",
)
RETRACTION_REASONS = ("Recorded against the wrong standard", "Duplicate entry", "Recorded for the wrong person")


def staff_names(rng: random.Random, count: int) -> list[str]:
    """Distinct names while they last, then repeats (a big organisation has namesakes)."""
    pairs = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    return [pairs[i % len(pairs)] for i in range(count)]


def team_names(count: int) -> list[str]:
    names = []
    for index in range(count):
        place = TEAM_PLACES[index % len(TEAM_PLACES)]
        round_ = index // len(TEAM_PLACES)
        names.append(f"{place} team" if round_ == 0 else f"{place} {round_ + 1} team")
    return names


def example_phrase(text: str) -> str:
    """An example of the standard as a phrase inside a sentence."""
    text = text.strip().rstrip(".;,")
    if len(text) > 110:
        text = text[:110].rsplit(" ", 1)[0] + "…"
    return text[:1].lower() + text[1:]
