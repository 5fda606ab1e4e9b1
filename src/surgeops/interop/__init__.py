"""Exchange formats and the daily situation report.

Services-level code (it reads and writes through `surgeops.services`):
- fhir: bed capacity as FHIR R4 MeasureReports (SANER measure groups) in a Bundle;
- edxl: hospital status as EDXL-HAVE 2.0 XML, validated against the shipped XSD;
- hxl: record lists as CSV with a second header row of HXL hashtags;
- sitrep: the day's situation report as HTML or PDF in ru, kk, vi and en.

Every import is all or nothing: a malformed file raises `InteropError` naming what is
wrong, and nothing is stored.
"""
