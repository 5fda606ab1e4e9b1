"""The record kinds, by the names the CLI, imports and exports use."""

from __future__ import annotations

from surgeops.services import activities, capacity, cases, conversions, deployments, facilities, regions, reinforcement, supplies
from surgeops.services.crud import Resource

KINDS: dict[str, Resource] = {
    "regions": regions.RESOURCE,
    "facilities": facilities.RESOURCE,
    "beds": capacity.RESOURCE,
    "conversions": conversions.RESOURCE,
    "cases": cases.RESOURCE,
    "deployments": deployments.RESOURCE,
    "shipments": supplies.RESOURCE,
    "activities": activities.RESOURCE,
    "staff": reinforcement.STAFF,
    "requests": reinforcement.REQUESTS,
    "offers": reinforcement.OFFERS,
}


def resource(kind: str) -> Resource:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown record kind {kind!r}; choose one of {', '.join(KINDS)}") from None
