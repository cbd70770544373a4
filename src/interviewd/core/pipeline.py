"""Where an application stands in the hiring pipeline, in the words applicant-tracking systems share.

An application's status (active, hired, rejected, converted) and, while it is active, the name of its
current stage decide its pipeline state. The state ids are stable: clients may store them.

    status hired                                      -> Hired (6)
    status rejected                                   -> Rejected (7)
    status converted (a prospect turned candidate)    -> Withdrawn (8): closed, neither hired nor rejected
    active, no current stage                          -> Applied (1)
    active, stage named "...offer..."                 -> Offer Extended (5)
    active, stage named "...reference..."             -> Reference Check (4)
    active, stage named "...screen..." / "...review..." -> Screening (2)
    active, any other stage                           -> Interviewing (3)

Stage names match case-insensitively, in the order above. The store turns these tables into one SQL
CASE expression, so listing and filtering by state agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PipelineState:
    id: int
    name: str


APPLIED = PipelineState(1, "Applied")
SCREENING = PipelineState(2, "Screening")
INTERVIEWING = PipelineState(3, "Interviewing")
REFERENCE_CHECK = PipelineState(4, "Reference Check")
OFFER_EXTENDED = PipelineState(5, "Offer Extended")
HIRED = PipelineState(6, "Hired")
REJECTED = PipelineState(7, "Rejected")
WITHDRAWN = PipelineState(8, "Withdrawn")

STATES = (APPLIED, SCREENING, INTERVIEWING, REFERENCE_CHECK, OFFER_EXTENDED, HIRED, REJECTED, WITHDRAWN)
BY_ID = {s.id: s for s in STATES}
BY_STATUS = {"hired": HIRED, "rejected": REJECTED, "converted": WITHDRAWN}
STAGE_KEYWORDS = (("offer", OFFER_EXTENDED), ("reference", REFERENCE_CHECK), ("screen", SCREENING),
                  ("review", SCREENING))
ACTIVE_STAGE_DEFAULT = INTERVIEWING
NO_STAGE = APPLIED


def lookup(value: str) -> PipelineState | None:
    """The state named ``value`` (any case; spaces or underscores) or numbered ``value``; None if none is."""
    text = value.strip()
    if text.isdecimal() and len(text) < 4:
        return BY_ID.get(int(text))
    key = text.lower().replace("_", " ").replace("-", " ")
    return next((s for s in STATES if s.name.lower() == key), None)
