"""Server-rendered pages, one module per feature."""

from __future__ import annotations

from fastapi import APIRouter

from kith.web.pages import (
    dashboard,
    duplicates,
    exports,
    feed,
    groups,
    history,
    import_undo,
    imports,
    interaction,
    job_search,
    log,
    network,
    people,
    person,
    settings,
    tokens,
)

routers: tuple[APIRouter, ...] = (
    dashboard.router,
    log.router,
    duplicates.router,
    people.router,
    person.router,
    history.router,
    interaction.router,
    groups.router,
    job_search.router,
    network.router,
    imports.router,
    import_undo.router,
    exports.router,
    settings.router,
    tokens.router,
    feed.router,
)
