"""Pins the shipped framework files to their source documents.

The APIR file is a transcription of Connexions Northamptonshire, "Working with
clients on your caseload: A Guide for Personal Advisers" (August 2005). These
tests hold its wording to the guide, so an accidental edit shows up here.
"""

from __future__ import annotations

from standards import builtin_dir, framework_to_markdown, load_framework, load_library, parse_framework


def apir():
    return load_framework(builtin_dir() / "apir.md")


def methods():
    return load_framework(builtin_dir() / "methods-of-work.md")


def example_texts(framework, standard_id):
    return [e.text for e in framework.standard(standard_id).examples]


def example(framework, standard_id, text):
    for candidate in framework.standard(standard_id).examples:
        if candidate.text == text:
            return candidate
    raise AssertionError(f"{standard_id} has no example {text!r}: {example_texts(framework, standard_id)}")


# ---------------------------------------------------------------- APIR

APIR_STATEMENTS = {
    "U1": "Have a secure knowledge and understanding of the purpose and process of APIR.",
    "U2": "Have a secure knowledge and understanding of how the principles of equality and equity are applied in practice.",
    "U3": "Have the skills, knowledge and understanding needed to carry out one to one interventions.",
    "U4": "Respect and be receptive to the young person's views.",
    "U5": "Establish and sustain a positive working relationship with the young person.",
    "U6": "Devise, implement and review a plan of work.",
    "U7": "Follow the necessary protocols, procedures and legislation.",
    "A1": "Have a secure knowledge and understanding of the purpose and process of assessment.",
    "A2": "Plan effectively for assessment.",
    "A3": "Work effectively with parents, carers and other professionals working with the young person.",
    "A4": "Develop a positive working relationship with the young person.",
    "A5": "Assess the young person's needs accurately.",
    "P1": "Have a secure knowledge and understanding of the purpose and process of planning.",
    "P2": "Encourage the young person to have high aspirations.",
    "P3": "Support the young person to identify their goals.",
    "P4": "Negotiate an individual action plan that the young person understands and helps prepare them for the next stage of education, training or employment.",
    "P5": "Have up-to-date information about a wide range of support structures, specialist, services and opportunities to which they can refer the young person.",
    "P6": "Provide impartial information, advice and guidance appropriate to young people's needs.",
    "P7": "Use the results of assessment to inform the planning process.",
    "P8": "Agree with the young person their role and how they will work with parents, carers and other professionals.",
    "I1": "Have a secure knowledge and understanding of the purpose and process of implementation.",
    "I2": "Implement the plan agreed with the young person.",
    "I3": "Support the young person in their progress through the action plan.",
    "R1": "Have a secure knowledge and understanding of the purpose and process of review.",
    "R2": "Work with the young person to assess their progress.",
    "R3": "Use the results of review to inform future planning and support.",
    "R4": "Reflect on their practice with the young person and amend the approach as necessary.",
    "R5": "Record the results of the review.",
    "R6": "Involve others in reviewing the young person's progress.",
}

# "For example by" lines per standard, counted from the guide after mending
# page-break damage (A2 +1 split-off row and +1 run-together bullet; P8 and I3
# each +1 run-together bullet; P2 includes the <p> paragraph).
APIR_EXAMPLE_COUNTS = {
    "U1": 4, "U2": 2, "U3": 6, "U4": 2, "U5": 6, "U6": 1, "U7": 1,
    "A1": 4, "A2": 7, "A3": 3, "A4": 4, "A5": 5,
    "P1": 4, "P2": 4, "P3": 1, "P4": 1, "P5": 3, "P6": 3, "P7": 1, "P8": 5,
    "I1": 4, "I2": 5, "I3": 7,
    "R1": 4, "R2": 2, "R3": 2, "R4": 4, "R5": 2, "R6": 6,
}

APIR_OUTCOMES = [
    (
        "Underpinning Processes",
        3,
        "views the work of the partnership positively.",
        "understands how working with their PA through the APIR process can aid their successful progression.",
    ),
    (
        "Assessment",
        3,
        "has developed in the knowledge and understanding needed to raise their aspirations and achievement;",
        "recognises potential barriers to learning and social inclusion.",
    ),
    (
        "Planning",
        5,
        "has developed in their understanding of the world of work and of the education, training and employment opportunities that are available;",
        "can make effective choices in relation to their future plans.",
    ),
    (
        "Implementation",
        2,
        "is better able to cope with their lives and new roles and situations, such as starting work, moving on to further education or living independently; and",
        "has improved in their ability to overcome barriers to learning and social inclusion.",
    ),
    (
        "Review",
        3,
        "can increasingly identify how they need to develop in order to implement their plans successfully;",
        "understands how working with their PA through the APIR process can aid their successful progression.",
    ),
]


def test_apir_header():
    f = apir()
    assert f.id == "apir"
    assert f.title == "Working with young people on your caseload"
    assert f.version == "2005-08"
    assert "Connexions Northamptonshire" in f.source
    assert "Working with clients on your caseload: A Guide for Personal Advisers" in f.source
    assert "August 2005" in f.source
    assert "Connexions Partnerships, A Framework for Inspection, Ofsted, April 2002" in f.source
    assert "guidance on what is expected of them when working with clients on their caseload" in f.description


def test_rating_scales():
    for f in (apir(), methods()):
        assert f.rating_scale.keys() == ("not-evident", "developing", "secure", "exemplary")
        assert f.rating_scale.threshold == "secure"
        assert [level.meets_standard for level in f.rating_scale.levels] == [False, False, True, True]
        assert all(level.label and level.description for level in f.rating_scale.levels)


def test_apir_stages_in_order():
    assert [s.title for s in apir().stages] == [
        "Underpinning Processes",
        "Assessment",
        "Planning",
        "Implementation",
        "Review",
    ]


def test_apir_outcomes():
    f = apir()
    for stage, (title, count, first, last) in zip(f.stages, APIR_OUTCOMES, strict=True):
        assert stage.title == title
        assert stage.outcomes_title == "Outcomes for the young person"
        assert len(stage.outcomes) == count, title
        assert stage.outcomes[0] == first
        assert stage.outcomes[-1] == last
    planning = f.stages[2]
    assert planning.outcomes[2] == "is assuming increasing responsibility for their personal development,"


def test_apir_standard_ids_in_order():
    f = apir()
    expected = (
        [f"U{n}" for n in range(1, 8)]
        + [f"A{n}" for n in range(1, 6)]
        + [f"P{n}" for n in range(1, 9)]
        + [f"I{n}" for n in range(1, 4)]
        + [f"R{n}" for n in range(1, 7)]
    )
    assert list(f.standard_ids()) == expected
    assert len(expected) == 29
    by_stage = [[s.id[0] for s in stage.standards] for stage in f.stages]
    assert by_stage == [["U"] * 7, ["A"] * 5, ["P"] * 8, ["I"] * 3, ["R"] * 6]


def test_apir_statements_verbatim():
    f = apir()
    assert {s.id: s.statement for s in f.standards()} == APIR_STATEMENTS


def test_apir_example_counts():
    f = apir()
    assert {s.id: len(s.examples) for s in f.standards()} == APIR_EXAMPLE_COUNTS


def test_apir_examples_verbatim():
    f = apir()
    assert example_texts(f, "U1")[0] == "Attending APIR training."
    assert example_texts(f, "U5")[4] == "Suitably challenge stereotypical or discriminatory attitudes and behaviour."
    assert example_texts(f, "U7") == [
        "Following procedures for; recording work on Insight, information sharing protocols, "
        "Data Protection, Confidentiality & Consent, Equal Opportunities, etc"
    ]
    assert example_texts(f, "A5")[0] == "Summarise with the young person the outcomes of assessment."
    assert example_texts(f, "P5")[2] == "Using Generic Lead PA's as a source of information and support."
    assert example_texts(f, "R6")[-1] == (
        "Collecting and referring to documentary information from partners e.g. school reports, "
        "SEN Statement, Individual Learning Plan, ASBO, Referral forms"
    )


def test_apir_mended_examples():
    f = apir()
    # A2: a row split off by a page break, whose last bullet ran into the next.
    assert example_texts(f, "A2")[-2:] == [
        "Selecting and preparing assessment methods appropriate to the age, stage and level of engagement "
        "of the client, e.g. Questioning & Listening, Rickter Scale, Strength Cards, APIR Booklet, "
        "Basic Skills Assessment (Fast Track), Computer programs, Questionnaires",
        "Develop an initial plan of work.",
    ]
    assert example_texts(f, "A2")[0] == "Reviewing the information on the referral form."
    # I3: two bullets run together.
    assert example_texts(f, "I3")[-2:] == [
        "Accompanying the young person (where appropriate/needed) to interviews, appointments and on visits.",
        "Maintaining contact with the young person as frequently as indicated on the plan of work. "
        "(Active intensive minimum weekly.)",
    ]
    # P8: two bullets run together.
    assert example_texts(f, "P8")[-2:] == [
        "Negotiating with parents and carers their role in supporting the implementation process "
        "(e.g. taking the young person to an open evening).",
        "Considering options for parents, e.g. support agencies.",
    ]
    # P2: the <p> paragraph in the examples cell.
    assert example_texts(f, "P2")[-1] == (
        "Setting shorter term goals, success in which is likely to increase the young person's "
        "confidence in their ability to succeed. (e.g. personal & social development opportunities)."
    )


def test_apir_no_extraction_remnants():
    f = apir()
    texts = [s.statement for s in f.standards()] + [s.notes for s in f.standards()]
    texts += [e.text for s in f.standards() for e in s.examples]
    texts += [o for stage in f.stages for o in stage.outcomes]
    for text in texts:
        assert "<" not in text and ">" not in text, text
        assert not any(mark in text for mark in "¹²³"), text


def test_apir_notes():
    f = apir()
    assert f.standard("U6").notes == 'See Guidelines on producing a plan of work in "A framework for Professional Practice".'
    assert f.standard("P1").notes == (
        'See p.34 of "A Guide to Defining the Role" Version 1, 2004 or "A Framework for Professional Practice" 2005.'
    )
    assert example_texts(f, "P1")[0] == "Reading the guidance notes on action planning."


def test_apir_development_activities():
    f = apir()
    assert example(f, "U1", "Attending APIR training.").development_activity
    assert example(f, "U1", "Reviewing practice through supervision.").development_activity
    assert example(f, "U3", "Participating in Observation of Practice.").development_activity
    assert example(f, "R4", "Discussing the case in supervision and with colleagues.").development_activity
    assert not example(f, "U4", "Remaining open and non-judgemental.").development_activity
    assert not example(f, "R4", "Reflecting on progress at each contact/intervention.").development_activity
    assert not any(e.development_activity for e in f.standard("I3").examples)
    # Every "know the purpose and process" standard is met through development activities alone.
    for standard_id in ("U1", "A1", "P1", "I1", "R1"):
        assert all(e.development_activity for e in f.standard(standard_id).examples), standard_id
    # Attending training of any kind, and supervision, are always marked.
    for s in f.standards():
        for e in s.examples:
            if e.text.startswith("Attending") or "through supervision" in e.text:
                assert e.development_activity, (s.id, e.text)


def test_apir_reference_sections():
    f = apir()
    sections = {r.title: r.text for r in f.reference}
    assert list(sections) == ["Caseload definitions", "Timescales", "Leaving your caseload"]
    definitions = sections["Caseload definitions"]
    for heading in ("### Active caseload", "### Intensive Support Level", "### Enhanced Support Level", "### Watching Brief"):
        assert heading in definitions
    assert (
        "at least termly for young people in school and at least every three months for those not in school"
        in definitions
    )
    assert "“Active caseload will indicate that the Personal Adviser is actively working" in definitions
    timescales = sections["Timescales"]
    assert "It represents the minimum expectation." in timescales
    assert timescales.index("### Active Intensive") < timescales.index("### Active Enhanced")
    assert timescales.count("#### Week One...") == 2
    assert timescales.count("#### Weeks One to Six...") == 2
    assert timescales.count("#### On an ongoing basis...") == 2
    assert timescales.count("- Contact the YP to arrange the first appointment.") == 2
    leaving = sections["Leaving your caseload"]
    assert (
        "Active intensive young people should not be taken off your caseload without discussion with your line manager."
        in leaving
    )
    assert "should remain on your active caseload for at least 2 weeks" in leaving
    assert "they should stay on your caseload for at least one month" in leaving


# ------------------------------------------------------- Methods of Work


def test_methods_of_work_loads():
    f = methods()
    assert f.id == "methods-of-work"
    assert f.title == "Our Methods of Work"
    assert f.version == "1.0"
    assert "Oxfordshire and Buckinghamshire" in f.source
    assert [s.title for s in f.stages] == [
        "Our relationship with our clients",
        "One-to-one work: promoting independence",
        "The frequency and level of support",
        "Use of phone cover",
        "Work outside one-to-one meetings",
    ]
    assert f.stages[0].description.startswith("We believe the client is the key person in defining their own needs")
    assert all(stage.outcomes_title == "Outcomes for the client" and stage.outcomes for stage in f.stages)


def test_methods_of_work_ids():
    f = methods()
    ids = list(f.standard_ids())
    assert ids[:7] == [f"R{n}" for n in range(1, 8)]
    assert ids[7:10] == ["O1", "O2", "O3"]
    assert [s.id for s in f.stages[2].standards] == ["F1", "F2", "F3", "F4"]
    assert [s.id for s in f.stages[3].standards] == ["T1", "T2"]
    assert [s.id for s in f.stages[4].standards] == ["W1", "W2", "W3", "W4"]
    assert f.standard("R1").statement == "Listen to the client and build trust."
    assert f.standard("O1").statement.startswith('Doing "for"')
    assert f.standard("O2").statement.startswith('Doing "with"')


def test_methods_of_work_key_phrases():
    f = methods()
    text = framework_to_markdown(f)
    assert "6 month support plan" in text
    assert "9.30am to 5pm" in text
    assert "applying for Disability Living Allowance (DLA) or grants." in example_texts(f, "O1")
    assert not any(e.development_activity for s in f.standards() for e in s.examples)


# ------------------------------------------------------------- both


def test_library_holds_both():
    library = load_library()
    assert "apir" in library
    assert "methods-of-work" in library


def test_round_trip():
    for f in (apir(), methods()):
        again, problems = parse_framework(framework_to_markdown(f))
        assert problems == []
        assert again.to_dict() == f.to_dict()
