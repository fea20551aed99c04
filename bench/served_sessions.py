"""Provides what one person does in a served session: sign in, reach where they rate, and save ratings with the keys.

A manager (as the recording bench does in the terminal) types / and a team
member's name, enter, enter, then per standard a rating key, sees its draft,
and saves with ctrl+s, which moves to the next standard. A worker presses i
for their own induction checklist, where a number key saves a self-assessment
of the highlighted standard and down moves on. Between keys the session waits
for what a person waits for, on the terminal: the draft, the saved note, or a
focus that moved (seen as a change of colour), never a fixed time. Each save is
timed from its key to its row, as ``row_watcher`` sees it committed.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass

from row_watcher import RowWatcher
from serve_accounts import PASSWORD, BenchAccount
from served_client import BrowserTab

RATING_KEYS = ("3", "2", "4", "1")
TIMEOUT = 120.0
"""Seconds any one thing may take before the bench gives up on it (ten apps start at once on a small machine)."""
FILTER_PLACEHOLDER = "filters by name"
"""Part of the home screen's filter placeholder: its colours change when the filter takes the focus."""
ONE_SHOWN = re.compile(r"\b1 of [\d,]+ shown")
"""The home screen's status line once the filter has left one person on the list."""


@dataclass(frozen=True)
class Framework:
    """What the keys need to know of the framework shown: its standards in order, their stages, the level labels."""

    standards: tuple[str, ...]
    stages: tuple[str, ...]
    labels: tuple[str, ...]
    rows: tuple[str, ...]
    """How each standard's row begins on the induction checklist: its id and the first words of its text."""

    @classmethod
    def of(cls, library, framework_id: str = "apir") -> Framework:
        framework = library.get(framework_id)
        ids = framework.standard_ids()
        return cls(
            ids,
            tuple(framework.stage_of(s).id for s in ids),
            tuple(level.label for level in framework.rating_scale.levels),
            tuple(f"{s} {framework.standard(s).statement[:12]}" for s in ids),
        )


class ServedSession(ABC):
    """One person's tab: ``open`` signs in and reaches where they rate; ``rate`` saves the standards at given indexes."""

    def __init__(self, url: str, account: BenchAccount, framework: Framework, watcher: RowWatcher):
        self.tab = BrowserTab(url)
        self.account = account
        self.framework = framework
        self.watcher = watcher
        self.listed_at = 0.0
        """When the first name of their staff list was on screen."""
        self.to_list = 0.0
        """Seconds from the sign-in POST to then."""

    async def open(self) -> None:
        self.tab.screen.watch(self.account.first_name)
        signed = await self.tab.sign_in(self.account.username, PASSWORD)
        await self.tab.open_terminal()
        self.listed_at = await self.tab.shown(self.account.first_name, TIMEOUT)
        self.to_list = self.listed_at - signed.started
        await self.reach_the_standards()

    @abstractmethod
    async def reach_the_standards(self) -> None:
        """From the staff list to where this person rates, the first standard highlighted."""

    @abstractmethod
    async def rate(self, indexes: range) -> list[tuple[float, float]]:
        """(when the save key was sent, seconds until its row was committed), one per standard."""

    async def committed_since(self, sent: float) -> tuple[float, float]:
        return sent, await self.watcher.committed(self.account.username, TIMEOUT) - sent

    def level(self, index: int) -> tuple[str, str]:
        key = RATING_KEYS[index % len(RATING_KEYS)]
        return key, self.framework.labels[int(key) - 1]


class ManagerSession(ServedSession):
    async def reach_the_standards(self) -> None:
        tab, name = self.tab, self.account.rates
        focused = tab.watch_restyle(FILTER_PLACEHOLDER)
        await tab.press("slash")
        await tab.shown(focused, TIMEOUT)
        await tab.type_text(name)
        await tab.shown(tab.screen.watch("the filter leaves one person", lambda: tab.screen.matches(ONE_SHOWN)), TIMEOUT)
        listed = tab.watch_restyle(name)  # the row's cursor colour changes as the focus reaches the list
        await tab.press("enter")
        await tab.shown(listed, TIMEOUT)
        await tab.press("enter")
        await tab.shown(f"Record {self.framework.standards[0]}", TIMEOUT)
        if not tab.screen.shows(f"{name} · "):
            raise RuntimeError(f"{self.account.username} meant to open {name!r}; the terminal showed:\n{tab.screen.text()}")

    async def rate(self, indexes: range) -> list[tuple[float, float]]:
        standards, saves = self.framework.standards, []
        for index in indexes:
            key, label = self.level(index)
            await self.tab.press(key)
            await self.tab.shown(f"{key} {label}, not saved", TIMEOUT)
            saves.append(await self.committed_since(await self.tab.press("ctrl+s")))
            following = f"Record {standards[index + 1]}" if index + 1 < len(standards) else f"Saved {standards[index]}:"
            await self.tab.shown(following, TIMEOUT)
        return saves


class WorkerSession(ServedSession):
    async def reach_the_standards(self) -> None:
        await self.tab.press("i")
        await self.tab.shown(f"Induction · {self.account.staff_name}", TIMEOUT)

    async def rate(self, indexes: range) -> list[tuple[float, float]]:
        framework, saves = self.framework, []
        for index in indexes:
            if index > 0:  # the cursor is on the standard before: move on (a stage's heading row lies between stages)
                crossing = framework.stages[index] != framework.stages[index - 1]
                moved = self.tab.watch_restyle(framework.rows[index])  # the row takes the cursor's colours
                await self.tab.press(*(["down", "down"] if crossing else ["down"]))
                await self.tab.shown(moved, TIMEOUT)
            key, label = self.level(index)
            saves.append(await self.committed_since(await self.tab.press(key)))
            await self.tab.shown(f"self-assessment of {framework.standards[index]}: {label}", TIMEOUT)
        return saves


def session_for(url: str, account: BenchAccount, framework: Framework, watcher: RowWatcher) -> ServedSession:
    kind = ManagerSession if account.role == "manager" else WorkerSession
    return kind(url, account, framework, watcher)
