"""Reports say whose timescales a case is behind: the APIR guide's, shortly, when that is all there is; else the
documents of the frameworks involved, by title (a title being user text: escaped in Markdown and HTML)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import standards
from observations.caseload import add_case, log_event
from observations.caseload.report import timescales_phrase
from observations.reports import render_report
from observations.reports.needs import needs_report
from observations.store.observation_store import Store
from standards import load_library

AS_OF = date(2025, 8, 15)
APIR = {"framework": "apir", "document": "Working with young people on your caseload", "rules": "apir-guide"}
MOW = {"framework": "methods-of-work", "document": "Our Methods of Work", "rules": "floating-support"}


@pytest.mark.parametrize(
    "documents, phrase",
    [
        ([APIR], "the APIR guide's timescales"),
        ([APIR, {**APIR, "framework": "ours", "document": "Our own guide"}], "the APIR guide's timescales"),
        ([MOW], "the timescales of Our Methods of Work"),
        ([APIR, MOW], "the timescales of Working with young people on your caseload and Our Methods of Work"),
        ([APIR, MOW, {**MOW, "framework": "fs", "document": "Floating support"}],
         "the timescales of Working with young people on your caseload, Our Methods of Work and Floating support"),
    ],
)
def test_the_phrase_names_the_documents_involved(documents, phrase):
    assert timescales_phrase(documents) == phrase


def summary(store, staff_id, fmt):
    return render_report(kind="needs", fmt=fmt, data=needs_report(store, staff_id, as_of=AS_OF))


def test_the_needs_summary_says_whose_timescales(store):
    pa = store.add_staff("Ann Worker", team="Oxford")
    add_case(store, pa.id, "FS-101", level=None, referred_on="2025-01-10", framework="methods-of-work")
    log_event(store, "FS-101", "support-plan", "2025-01-31")
    markdown = summary(store, pa.id, "md")
    assert "1 case in review (1 open), 1 behind the timescales of Our Methods of Work." in markdown
    assert "guide's timescales" not in markdown
    assert "1 behind the timescales of Our Methods of Work.</p>" in summary(store, pa.id, "html")
    add_case(store, pa.id, "40213", level="intensive", referred_on="2025-08-14")
    markdown = summary(store, pa.id, "md")
    assert "behind the timescales of Working with young people on your caseload and Our Methods of Work." in markdown


def test_an_apir_only_caseload_keeps_the_short_wording(store):
    pa = store.add_staff("Ann Worker", team="Oxford")
    add_case(store, pa.id, "40213", level="intensive", referred_on="2025-08-14")
    log_event(store, "40213", "contact", "2025-08-14")
    markdown = summary(store, pa.id, "md")
    assert "1 case in review (1 open), 0 behind the APIR guide's timescales." in markdown


def test_a_frameworks_title_is_text_in_both_formats(tmp_path):
    mow = (Path(standards.__file__).parent / "frameworks" / "methods-of-work.md").read_text(encoding="utf-8")
    folder = tmp_path / "standards"
    folder.mkdir()
    (folder / "ours.md").write_text(
        mow.replace("id: methods-of-work", "id: ours", 1).replace("title: Our Methods of Work", "title: '*Our* <b>support</b>'", 1),
        encoding="utf-8",
    )
    with Store.open(tmp_path / "db.sqlite", load_library(folder)) as store:
        pa = store.add_staff("Ann Worker", team="Oxford")
        add_case(store, pa.id, "FS-101", level=None, referred_on="2025-01-10", framework="ours")
        markdown, html = summary(store, pa.id, "md"), summary(store, pa.id, "html")
    assert r"behind the timescales of \*Our\* \<b\>support\</b\>." in markdown
    assert "<b>support" not in html and "behind the timescales of *Our* &lt;b&gt;support&lt;/b&gt;." in html
