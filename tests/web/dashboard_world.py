"""A small world for the dashboard tests, built through the services (not a shipped file):
Kazakhstan with Mangystau (KZ-47, report 004's 1766 beds, 76 % occupied) and Almaty,
Vietnam with Bắc Giang and Thái Nguyên, two reporting days, case statistics, a conversion,
a deployment and a shipment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from surgeops.config import Settings, sqlite_url_for
from surgeops.db.engine import Database
from surgeops.db.tables import Base
from surgeops.domain.capacity import BedSnapshotCreate
from surgeops.domain.cases import CaseStatCreate
from surgeops.domain.conversions import ConversionCreate
from surgeops.domain.deployments import DeploymentCreate
from surgeops.domain.facilities import FacilityCreate
from surgeops.domain.regions import RegionCreate
from surgeops.domain.supplies import ShipmentCreate
from surgeops.services import capacity, cases, conversions, crud, deployments, facilities, regions, supplies
from surgeops.services.audit import SYSTEM

DAY1 = dt.date(2020, 7, 10)
DAY2 = dt.date(2020, 7, 14)

REGIONS = [
    {"code": "KZ", "level": "country", "names": {"ru": "Казахстан", "kk": "Қазақстан", "vi": "Kazakhstan", "en": "Kazakhstan"}, "lat": 48.0, "lon": 67.0},
    {"code": "KZ-47", "parent": "KZ", "level": "region", "lat": 44.0, "lon": 53.0, "population": 698_000,
     "names": {"ru": "Мангистауская область", "kk": "Маңғыстау облысы", "vi": "Mangystau", "en": "Mangystau Region"}},
    {"code": "KZ-47-AKT", "parent": "KZ-47", "level": "district", "lat": 43.65, "lon": 51.17,
     "names": {"ru": "Актау", "kk": "Ақтау", "en": "Aktau"}},
    {"code": "KZ-75", "parent": "KZ", "level": "region", "lat": 43.25, "lon": 76.9, "population": 1_977_000,
     "names": {"ru": "Алматы", "kk": "Алматы", "vi": "Almaty", "en": "Almaty"}},
    {"code": "VN", "level": "country", "names": {"ru": "Вьетнам", "kk": "Вьетнам", "vi": "Việt Nam", "en": "Vietnam"}, "lat": 16.0, "lon": 106.0},
    {"code": "VN-54", "parent": "VN", "level": "region", "lat": 21.27, "lon": 106.19,
     "names": {"ru": "Бакзянг", "kk": "Бакзянг", "vi": "Bắc Giang", "en": "Bac Giang"}},
    {"code": "VN-69", "parent": "VN", "level": "region", "lat": 21.59, "lon": 105.85,
     "names": {"ru": "Тхайнгуен", "vi": "Thái Nguyên", "en": "Thai Nguyen"}},
]

FACILITIES = [
    {"key": "mng-regional", "names": {"ru": "Мангистауская областная больница", "kk": "Маңғыстау облыстық ауруханасы", "en": "Mangystau Regional Hospital"},
     "kind": "general_hospital", "region": "KZ-47-AKT", "services": ["trauma", "cardiology", "emergency"]},
    {"key": "mng-clinic", "names": {"en": "Sofie Medgroup"}, "kind": "clinic", "region": "KZ-47-AKT", "services": ["trauma"]},
    {"key": "mng-pool", "names": {"ru": "Резерв области", "en": "Mangystau pool"}, "kind": "regional_pool", "region": "KZ-47"},
    {"key": "alm-city", "names": {"en": "Almaty City Hospital"}, "kind": "infectious_hospital", "region": "KZ-75"},
    {"key": "bg-general", "names": {"vi": "Bệnh viện Đa khoa tỉnh Bắc Giang", "en": "Bac Giang General Hospital"}, "kind": "general_hospital", "region": "VN-54"},
]

# (facility, bed type, day, capacity, occupied, reserve); on DAY2 Mangystau totals
# 230 infectious + 1346 provisional + 190 quarantine = 1766 beds, 1342 occupied (76 %).
BEDS = [
    ("mng-regional", "provisional", DAY1, 500, 300, 0),
    ("mng-regional", "provisional", DAY2, 650, 520, 0),
    ("mng-regional", "infectious", DAY2, 230, 190, 0),
    ("mng-pool", "provisional", DAY2, 696, 500, 600),
    ("mng-pool", "quarantine", DAY2, 190, 132, 0),
    ("alm-city", "infectious", DAY1, 400, 380, 50),
    ("bg-general", "infectious", DAY2, 300, 120, 0),
]


def build_world(session: Session) -> None:
    """Fill an empty database with the world above."""
    def add(resource, model, **data) -> dict:  # noqa: ANN001
        return crud.create(session, resource, model.model_validate(data), actor=SYSTEM)

    for region in REGIONS:
        add(regions.RESOURCE, RegionCreate, **region)
    for facility in FACILITIES:
        add(facilities.RESOURCE, FacilityCreate, **facility)
    for key, bed_type, day, cap, occ, res in BEDS:
        add(capacity.RESOURCE, BedSnapshotCreate, facility=key, bed_type=bed_type, as_of=day, capacity=cap, occupied=occ, reserve=res)
    for metric, value in (("confirmed", 1672), ("asymptomatic", 1140), ("recovered", 664), ("in_treatment", 1025)):
        add(cases.RESOURCE, CaseStatCreate, region="KZ-47", date=DAY2, metric=metric, value=value)
    add(conversions.RESOURCE, ConversionCreate, facility="mng-regional", date=DAY1, new_kind="provisional_hospital",
        new_capacity={"provisional": 650}, reroutes=[{"service": "trauma", "to": "mng-clinic"}])
    add(deployments.RESOURCE, DeploymentCreate, key="mow-almaty", lead="Moscow team lead",
        origin={"kind": "region", "name": "Moscow health department", "region": None},
        composition={"infectious_disease": 5, "epidemiologist": 4}, team_size=23,
        destinations=[{"region": "KZ-47", "start": "2020-07-12"}], status="active",
        subgroups=[{"name": "Group 1", "task": "routing severe patients", "facility": "mng-regional"}],
        extensions=[{"date": "2020-07-20", "note": "until the situation stabilises"}])
    add(supplies.RESOURCE, ShipmentCreate, origin_name="Thai Nguyen", origin_region="VN-69", destination_region="VN-54",
        item="mask", quantity=25500, status="delivered", shipped="2020-05-20", delivered="2020-05-21")


def world_database(path: Path, *, auth_required: bool = False) -> tuple[Settings, Database]:
    """A SQLite file at `path` holding the world, and settings pointing at it."""
    settings = Settings(database_url=sqlite_url_for(path), auth_required=auth_required)
    db = Database.connect(settings.database_url)
    Base.metadata.create_all(db.engine)
    with db.session() as session:
        build_world(session)
    return settings, db
