"""Human labels of the domain's codes, marked for translation (`N_`) and translated when a
page is rendered. A code the table does not know is shown as it is."""

from __future__ import annotations

from typing import Callable

from surgeops.web.i18n import N_

LABELS: dict[str, dict[str, str]] = {
    "bed_type": {
        "total": N_("All beds"), "reserve": N_("Reserve"), "infectious": N_("Infectious"), "provisional": N_("Provisional"),
        "quarantine": N_("Quarantine"), "icu": N_("Intensive care"), "oxygen": N_("Oxygen"), "general": N_("General"),
    },
    "deployment_status": {
        "planned": N_("Planned"), "active": N_("Active"), "extended": N_("Extended"), "ended": N_("Ended"),
    },
    "shipment_status": {
        "planned": N_("Planned"), "in_transit": N_("In transit"), "delivered": N_("Delivered"),
        "cancelled": N_("Cancelled"),
    },
    "specialty": {
        "infectious_disease": N_("Infectious disease"), "epidemiologist": N_("Epidemiologist"),
        "anesthesiologist": N_("Anaesthesiologist"), "resuscitator": N_("Resuscitator"),
        "intensivist": N_("Intensivist"), "cardiologist": N_("Cardiologist"), "pulmonologist": N_("Pulmonologist"),
        "virologist": N_("Virologist"), "therapist": N_("Therapist"), "surgeon": N_("Surgeon"),
        "pediatrician": N_("Paediatrician"), "physician": N_("Physician"), "nurse": N_("Nurse"),
        "lab_technician": N_("Laboratory technician"), "technician": N_("Technician"),
        "paramedic": N_("Paramedic"), "other": N_("Other"),
    },
    "service": {
        "trauma": N_("Trauma"), "neurosurgery": N_("Neurosurgery"), "urology": N_("Urology"),
        "cardiology": N_("Cardiology"), "surgery": N_("Surgery"), "stroke": N_("Stroke"), "therapy": N_("Therapy"),
        "ent": N_("Ear, nose and throat"), "ophthalmology": N_("Ophthalmology"), "oncology": N_("Oncology"),
        "covid": N_("COVID-19"), "infectious_disease": N_("Infectious disease"), "pulmonology": N_("Pulmonology"),
        "obstetrics": N_("Obstetrics"), "pediatrics": N_("Paediatrics"), "intensive_care": N_("Intensive care"),
        "emergency": N_("Emergency"), "general": N_("General"),
    },
    "metric": {
        "confirmed": N_("Confirmed cases"), "asymptomatic": N_("Asymptomatic"), "recovered": N_("Recovered"),
        "in_treatment": N_("In treatment"), "deaths": N_("Deaths"), "hospitalized": N_("Hospitalised"),
        "daily_new": N_("New cases a day"), "daily_admissions": N_("Admissions a day"),
        "daily_pneumonia_complaints": N_("Pneumonia complaints a day"),
    },
    "item": {
        "ambulance": N_("Ambulances"), "mask": N_("Masks"), "rapid_antigen_test": N_("Rapid antigen tests"),
        "pcr_test": N_("PCR tests"), "ventilator": N_("Ventilators"), "oxygen_concentrator": N_("Oxygen concentrators"),
        "oxygen_system": N_("Oxygen systems"), "ppe_kit": N_("Protective kits"), "medicine": N_("Medicines"),
        "bed": N_("Beds"), "other": N_("Other"),
    },
    "facility_kind": {
        "general_hospital": N_("General hospital"), "infectious_hospital": N_("Infectious diseases hospital"),
        "provisional_hospital": N_("Provisional hospital"), "quarantine_centre": N_("Quarantine centre"),
        "clinic": N_("Clinic"), "laboratory": N_("Laboratory"), "regional_pool": N_("Regional pool"),
        "other": N_("Other"),
    },
    "origin_kind": {
        "organisation": N_("Organisation"), "region": N_("Region"), "country": N_("Country"),
        "facility": N_("Facility"),
    },
    "basis_kind": {
        "agreement": N_("Agreement"), "decree": N_("Decree"), "request": N_("Request"), "other": N_("Other"),
    },
    "side": {"origin": N_("Sending side"), "destination": N_("Receiving side")},
    "plan_status": {"optimal": N_("Optimal"), "feasible": N_("Feasible, not proven optimal"), "infeasible": N_("Infeasible")},
    "plan_review": {"draft": N_("Draft"), "approved": N_("Approved"), "rejected": N_("Rejected"), "applied": N_("Turned into deployments")},
    "fact_type": {"deployment": N_("Team sent"), "supply": N_("Supplies sent"), "beds": N_("Beds"), "cases": N_("Cases")},
    "fact_status": {"pending": N_("Awaiting review"), "accepted": N_("Accepted"), "corrected": N_("Corrected and accepted"),
                    "rejected": N_("Rejected")},
    "fact_field": {
        "origin": N_("From"), "destination": N_("To"), "team_size": N_("Team size"), "specialties": N_("Specialties"),
        "date": N_("Date"), "lead": N_("Lead"), "origin_code": N_("From (code)"), "destination_code": N_("To (code)"),
        "item": N_("Item"), "quantity": N_("Quantity"), "place": N_("Place"), "bed_type": N_("Bed type"),
        "count": N_("Count"), "occupancy_pct": N_("Occupancy, %"), "place_code": N_("Place (code)"),
        "metric": N_("Measure"), "value": N_("Value"),
    },
}


def label(kind: str, code: object, gettext: Callable[[str], str]) -> str:
    """The translated label of `code` among the codes of `kind`."""
    text = LABELS.get(kind, {}).get(str(code))
    return gettext(text) if text else str(code)


def choices(kind: str, gettext: Callable[[str], str]) -> list[tuple[str, str]]:
    """(code, translated label) pairs of `kind`, in declaration order, for a <select>."""
    return [(code, gettext(text)) for code, text in LABELS[kind].items()]
