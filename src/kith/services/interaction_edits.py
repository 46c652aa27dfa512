"""Correcting a logged interaction, or deleting it.

A touch logged with the wrong person, date or intent skews the coach (cadences, the
give/ask ledger, habits), so every field can be changed. Deleting an imported interaction
leaves a tombstone in provenance (``source_records``, entity type ``deleted``): importing
the same file again does not bring it back.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from kith.core.types import CHANNELS, INITIATORS, INTENTS, OUTCOMES
from kith.errors import ConflictError, UsageError
from kith.models import Interaction, Participant, SourceRecord
from kith.schemas.common import check_choice
from kith.schemas.interactions import InteractionUpdate
from kith.services.backup import DELETED
from kith.services.context import Ctx
from kith.services.interactions import (
    clean_summary,
    noon,
    owned_interaction,
    participants_named,
)


def update_interaction(ctx: Ctx, interaction_id: int, data: InteractionUpdate) -> Interaction:
    """Change what ``data`` gives; everything is checked before anything changes."""
    interaction = owned_interaction(ctx, interaction_id)
    given = data.model_fields_set
    channel = _choice(data.channel, CHANNELS, "--channel", interaction.channel)
    intent = _choice(data.intent, INTENTS, "--intent", interaction.intent)
    initiator = _choice(data.initiator, INITIATORS, "--initiator", interaction.initiator)
    outcome = interaction.outcome
    if "outcome" in given:
        outcome = check_choice(data.outcome, OUTCOMES, "--outcome") if data.outcome else None
    _check_outcome(outcome, intent, given)
    summary = clean_summary(data.summary) if data.summary is not None else None
    people = participants_named(ctx, data.with_people) if data.with_people else None
    interaction.channel, interaction.intent = channel, intent
    interaction.batch_id = None  # corrected by you: undoing its import keeps it
    interaction.initiator, interaction.outcome = initiator, outcome
    if summary is not None:
        interaction.summary = summary
    if "note" in given:
        interaction.notes = (data.note or "").strip() or None
    if data.on is not None:
        interaction.occurred_at = _moved_to(interaction.occurred_at, data.on)
    if people is not None:
        interaction.participants.clear()
        ctx.session.flush()  # the old rows go before the new ones come
        for person in people:
            interaction.participants.append(Participant(owner_id=ctx.owner_id, person_id=person.id))
    ctx.session.flush()
    return interaction


def imported_id(interaction: Interaction) -> str | None:
    """The external id of an interaction that came from an imported file (which could bring
    it back), else None."""
    return interaction.external_id if interaction.source != "manual" else None


def delete_interaction(ctx: Ctx, interaction_id: int) -> None:
    """Delete it and its participants; an imported one is remembered as deleted."""
    interaction = owned_interaction(ctx, interaction_id)
    external_id = imported_id(interaction)
    if external_id is not None:
        _tombstone(ctx, interaction.source, external_id)
    ctx.session.delete(interaction)
    ctx.session.flush()


def _tombstone(ctx: Ctx, source: str, external_id: str) -> None:
    record = ctx.session.scalar(
        select(SourceRecord).where(
            SourceRecord.owner_id == ctx.owner_id,
            SourceRecord.source == source,
            SourceRecord.external_id == external_id,
        )
    )
    if record is None:
        record = SourceRecord(owner_id=ctx.owner_id, source=source, external_id=external_id)
        ctx.session.add(record)
    record.content_hash, record.entity_type, record.entity_id = DELETED, DELETED, 0


def _check_outcome(outcome: str | None, intent: str, given: set[str]) -> None:
    """An outcome needs intent 'ask': asked for in one correction, a usage error; made
    so by what the interaction already holds, a conflict with it."""
    if not outcome or intent == "ask":
        return
    if {"outcome", "intent"} <= given:
        raise UsageError("--outcome records how an ask went: use it with --intent ask.")
    if "intent" in given:
        raise ConflictError(
            f"This interaction has an outcome ({outcome.replace('_', ' ')}), which records "
            "how an ask went: keep the intent 'ask', or clear the outcome (--outcome none)."
        )
    raise ConflictError(
        f"This interaction's intent is {intent.replace('_', ' ')}; an outcome records how "
        "an ask went: set --intent ask as well."
    )


def _choice(value: str | None, choices: tuple[str, ...], flag: str, current: str) -> str:
    return current if value is None else check_choice(value, choices, flag)


def _moved_to(when: datetime, day: date) -> datetime:
    """``when`` moved to ``day``: at noon UTC, or at its own time when the day is the same."""
    return when if when.date() == day else noon(day)
