"""/api/plans: run the reinforcement planner, review a plan, turn it into deployments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional

from fastapi import APIRouter, Header, Query, Request
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from surgeops.db.tables import Plan
from surgeops.domain.base import Input
from surgeops.services import planning
from surgeops.web.api.crud import RecordId, expected_version
from surgeops.web.deps import ActorDep, SessionDep
from surgeops.web.offload import planner_run

router = APIRouter(prefix="/api/plans", tags=["plans"])


class PlanRun(Input):
    model_config = ConfigDict(extra="forbid")
    scenario: Optional[dict[str, Any]] = Field(default=None, max_length=10, description="A scenario (docs/planner.md); omit it to plan from the database.")
    country: Optional[str] = Field(default=None, max_length=40, description="Plan within this country (default: the one with the largest need).")
    time_limit: float = Field(default=30.0, gt=0, le=600)


class PlanReview(Input):
    model_config = ConfigDict(extra="forbid")
    decision: Literal["approve", "reject"]


class PlanApply(Input):
    model_config = ConfigDict(extra="forbid")
    start: Optional[dt.date] = Field(default=None, description="When the teams and shipments should set off.")


class PlanSummary(BaseModel):
    id: int
    status: str = Field(description="The solver's outcome: optimal, feasible, infeasible, ...")
    review: Literal["draft", "approved", "rejected", "applied"]
    created_at: str
    version: int
    result: dict[str, Any] = Field(description="Moves, unmet need and the explanation per region (docs/planner.md).")


class PlanView(PlanSummary):
    scenario: dict[str, Any] = Field(description="What the plan was made from (docs/planner.md).")


class PlanList(BaseModel):
    items: list[PlanSummary]
    limit: int
    offset: int


class Applied(BaseModel):
    plan: int
    deployments: list[int] = Field(description="The planned deployments created, one per donor and destination.")
    shipments: list[int] = Field(description="The planned shipments created.")


@router.post("", status_code=201, summary="Run the planner (from the database or a given scenario) and save the plan as a draft",
             response_model=PlanView)
async def run_plan(payload: PlanRun, request: Request, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    plan = await planner_run(request, planning.run_plan, session, actor=actor, scenario=payload.scenario,
                             country=payload.country, time_limit=payload.time_limit)
    return jsonable_encoder(plan)


@router.get("", summary="Saved plans, newest first", response_model=PlanList)
def list_plans(session: SessionDep, limit: Annotated[int, Query(ge=1, le=200)] = 20,
               offset: Annotated[int, Query(ge=0, le=2**31)] = 0) -> dict[str, Any]:
    rows = session.scalars(select(Plan).order_by(Plan.id.desc()).limit(limit).offset(offset)).all()
    items = [{k: v for k, v in planning.plan_view(r).items() if k != "scenario"} for r in rows]
    return {"items": jsonable_encoder(items), "limit": limit, "offset": offset}


@router.get("/{plan_id}", summary="A plan with its scenario, moves, unmet need and explanations", response_model=PlanView)
def read_plan(plan_id: RecordId, session: SessionDep) -> dict[str, Any]:
    return jsonable_encoder(planning.plan_view(planning.get_plan(session, plan_id)))


@router.post("/{plan_id}/review", summary="Approve or reject a draft plan", response_model=PlanView)
def review_plan(plan_id: RecordId, payload: PlanReview, session: SessionDep, actor: ActorDep,
                if_match: Annotated[Optional[str], Header()] = None) -> dict[str, Any]:
    version = expected_version(if_match) if if_match else None
    return jsonable_encoder(planning.review_plan(session, plan_id, decision=payload.decision, actor=actor, expected_version=version))


@router.post("/{plan_id}/apply", summary="Turn an approved plan into planned deployments and shipments in one step",
             response_model=Applied)
def apply_plan(plan_id: RecordId, payload: PlanApply, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    return planning.apply_plan(session, plan_id, actor=actor, start=payload.start)
