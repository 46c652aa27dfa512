"""Every tunable constant of kith's insights, in one place (explained in docs/model.md).

Values marked [design] in ../shared/science.md are defaults, not research values. Settings can
override them; the core receives a ``Params`` instance and never reads globals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kith.core.params.coach import CoachParams
from kith.core.params.jobs import JobParams


@dataclass(frozen=True)
class Params:
    coach: CoachParams = field(default_factory=CoachParams)
    jobs: JobParams = field(default_factory=JobParams)


DEFAULT_PARAMS = Params()

__all__ = ["DEFAULT_PARAMS", "CoachParams", "JobParams", "Params"]
