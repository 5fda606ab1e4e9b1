"""Canonical codes shared by every layer (the same codes as design/facts.md)."""

from __future__ import annotations

from enum import StrEnum


class BedType(StrEnum):
    infectious = "infectious"
    provisional = "provisional"
    quarantine = "quarantine"
    icu = "icu"
    oxygen = "oxygen"
    general = "general"


class FacilityKind(StrEnum):
    general_hospital = "general_hospital"
    infectious_hospital = "infectious_hospital"
    provisional_hospital = "provisional_hospital"
    quarantine_centre = "quarantine_centre"
    clinic = "clinic"
    laboratory = "laboratory"
    regional_pool = "regional_pool"
    other = "other"


class Owner(StrEnum):
    public = "public"
    private = "private"


class RegionLevel(StrEnum):
    country = "country"
    region = "region"
    district = "district"


class Specialty(StrEnum):
    infectious_disease = "infectious_disease"
    epidemiologist = "epidemiologist"
    anesthesiologist = "anesthesiologist"
    resuscitator = "resuscitator"
    intensivist = "intensivist"
    cardiologist = "cardiologist"
    pulmonologist = "pulmonologist"
    virologist = "virologist"
    therapist = "therapist"
    surgeon = "surgeon"
    pediatrician = "pediatrician"
    physician = "physician"
    nurse = "nurse"
    lab_technician = "lab_technician"
    technician = "technician"
    paramedic = "paramedic"
    other = "other"


# Services a facility offers to patients (clinical departments). Broader than the
# staff specialties above: report 004 moves trauma, neurosurgery, urology, ... .
# `covid`: patients with COVID-19 (confirmed or suspected), what provisional and
# infectious-disease hospitals take.
SERVICES: tuple[str, ...] = (
    "trauma", "neurosurgery", "urology", "cardiology", "surgery", "stroke", "therapy",
    "ent", "ophthalmology", "oncology", "covid", "infectious_disease", "pulmonology", "obstetrics",
    "pediatrics", "intensive_care", "emergency", "general",
)


class Item(StrEnum):
    ambulance = "ambulance"
    mask = "mask"
    rapid_antigen_test = "rapid_antigen_test"
    pcr_test = "pcr_test"
    ventilator = "ventilator"
    oxygen_concentrator = "oxygen_concentrator"
    oxygen_system = "oxygen_system"
    ppe_kit = "ppe_kit"
    medicine = "medicine"
    bed = "bed"
    other = "other"


class Metric(StrEnum):
    confirmed = "confirmed"
    asymptomatic = "asymptomatic"
    recovered = "recovered"
    in_treatment = "in_treatment"
    deaths = "deaths"
    hospitalized = "hospitalized"
    daily_new = "daily_new"
    daily_admissions = "daily_admissions"
    daily_pneumonia_complaints = "daily_pneumonia_complaints"


class DeploymentStatus(StrEnum):
    planned = "planned"
    active = "active"
    extended = "extended"
    ended = "ended"


class ShipmentStatus(StrEnum):
    planned = "planned"
    in_transit = "in_transit"
    delivered = "delivered"
    cancelled = "cancelled"


class ActivityKind(StrEnum):
    seminar = "seminar"
    training = "training"
    site_assessment = "site_assessment"
    technical_transfer = "technical_transfer"


class BasisKind(StrEnum):
    agreement = "agreement"
    decree = "decree"
    request = "request"
    other = "other"


LANGUAGES: tuple[str, ...] = ("ru", "kk", "vi", "en")
