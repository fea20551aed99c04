"""Provides exporting a report from a screen: ask where, render and write it off the UI thread, show the path.

Files hold personal data, so they are written owner-only and whole or not at
all, never over a database (``observations.files.writer``); a bad folder is the command line's one-line message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.worker import get_current_worker

from standards.visible_text import visible_line

from ..messages import StoreFailed
from ..report_messages import ReportExported
from .base import error_line

SUFFIXES = {"md": ".md", "html": ".html", "csv": ".csv", "json": ".json"}
MIME_TYPES = {"md": "text/markdown", "html": "text/html", "csv": "text/csv", "json": "application/json"}
FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "csv": "CSV", "json": "JSON"}


def default_export_path(stem: str, fmt: str, folder: Path | None = None) -> Path:
    """A file in ``folder`` (the settings' export folder; default the folder the app was started from), named after
    the report, the person or team, and the date."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in stem).strip("-") or "report"
    return (folder or Path.cwd()) / f"{safe}{SUFFIXES[fmt]}"


def person_stem(kind: str, data: dict[str, Any]) -> str:
    """'needs-Zoë-ONeil-k3x9a2bq-2026-12-05': whose report it is at a glance in a folder, the ref to tell namesakes apart."""
    person = data.get("person", {})
    return "-".join(part for part in (kind, person.get("name", ""), person.get("ref", "person"), data.get("as_of", "")) if part)


class ExportKeys:
    """Mixin for report screens: ``export_report`` asks for a path and writes the rendering there."""

    report_kind: str = ""
    report_data: dict[str, Any] | None = None
    last_export: Path | None = None

    def export_stem(self) -> str:
        return self.report_kind

    def action_export(self, fmt: str) -> None:
        """The export keys (m, h, c) of report screens."""
        self.export_report(fmt)

    def export_report(self, fmt: str) -> None:
        from .dialogs import TextPrompt

        if self.report_data is None:
            self.notify("The report is still loading.", markup=False, timeout=2)  # type: ignore[attr-defined]
            return
        data, kind = self.report_data, self.report_kind
        if self.app.is_web:  # type: ignore[attr-defined]
            # in a browser (``serve``) the report goes to the person as a download, not into the server's folder
            self._deliver_export(kind, fmt, data, default_export_path(self.export_stem(), fmt).name)
            return

        def chosen(path_text: str | None) -> None:
            if path_text:
                self._write_export(kind, fmt, data, Path(path_text).expanduser())

        self.app.push_screen(  # type: ignore[attr-defined]
            TextPrompt(
                f"Export as {FORMAT_NAMES[fmt]}",
                "Write the report to this file (it is readable by you only). Edit the path if you like:",
                value=str(default_export_path(self.export_stem(), fmt, self._export_folder())),
            ),
            chosen,
        )

    def _export_folder(self) -> Path | None:
        settings = getattr(self.app, "settings", None)  # type: ignore[attr-defined]
        return settings.export_path().absolute() if settings is not None and settings.export_folder else None

    def _write_export(self, kind: str, fmt: str, data: dict[str, Any], path: Path) -> None:
        poster: Any = self

        def job() -> None:
            from observations.reports import render_report
            from observations.files.writer import write_file

            try:
                write_file(path, render_report(kind=kind, fmt=fmt, data=data))
            except Exception as error:
                poster.post_message(StoreFailed(error_line(error)))
                return
            if not get_current_worker().is_cancelled:
                poster.post_message(ReportExported(path))

        poster.run_worker(job, thread=True, group="export", exit_on_error=False)

    def _deliver_export(self, kind: str, fmt: str, data: dict[str, Any], file_name: str) -> None:
        poster: Any = self

        def job() -> None:
            import io

            from observations.reports import render_report

            try:
                text = render_report(kind=kind, fmt=fmt, data=data)
            except Exception as error:
                poster.post_message(StoreFailed(error_line(error)))
                return
            if not get_current_worker().is_cancelled:
                poster.app.call_from_thread(
                    poster.app.deliver_text, io.StringIO(text), save_filename=file_name, mime_type=MIME_TYPES[fmt], encoding="utf-8"
                )
                poster.app.call_from_thread(poster.show_delivered, file_name)

        poster.run_worker(job, thread=True, group="export", exit_on_error=False)

    def on_report_exported(self, message: ReportExported) -> None:
        """(A naming-convention handler: ``@on`` is only collected on Textual classes, not on mixins.)"""
        self.last_export = message.path
        self.notify(f"Saved {visible_line(str(message.path))}", title="Exported", timeout=8, markup=False)  # type: ignore[attr-defined]
        self.show_export_path(message.path)

    def show_export_path(self, path: Path) -> None:
        """Put the path on screen so it can be read after the notification goes: in the screen's ``.export-path`` line."""
        self.show_export_line(f"Saved {visible_line(str(path))}")

    def show_delivered(self, file_name: str) -> None:
        """In a browser: say the report went to it as a download, in a notification and in the ``.export-path`` line."""
        line = f"Sent to your browser as {visible_line(file_name)}"
        self.notify(line, title="Exported", timeout=8, markup=False)  # type: ignore[attr-defined]
        self.show_export_line(line)

    def show_export_line(self, text: str) -> None:
        from textual.widgets import Static

        line = self.query_one(".export-path", Static)  # type: ignore[attr-defined]
        line.update(text)
        line.add_class("-shown")
