"""A process killed in the middle of an import or a fact acceptance leaves the database
as it was: the work runs in a subprocess that is SIGKILLed after it has written (flushed)
part of its changes but before it commits."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from builders import mangystau
from surgeops.db.tables import AuditEntry, BedSnapshot, Facility, Fact, Shipment
from surgeops.services import reports
from surgeops.services.audit import Actor

MANGYSTAU = "Маңғыстау облысында коронавирус инфекциясы бойынша барлығы 1766 төсек-орын дайындалды. Бүгінгі күні олардың сыйымдылығы 76 % - ды құрап отыр."

# Runs in the child: wraps a function so that, once called, the child says so and waits to be killed.
CHILD = textwrap.dedent('''
    import sys, time
    from surgeops.db.engine import Database
    {setup}
    def stall(original, after):
        count = {{"n": 0}}
        def wrapper(*args, **kwargs):
            result = original(*args, **kwargs)
            count["n"] += 1
            if count["n"] == after:
                session.flush()
                print("STALLED", flush=True)
                time.sleep(600)
            return result
        return wrapper
    db = Database.connect(sys.argv[1])
    with db.session() as session:
        {work}
''')


def _kill_when_stalled(url: str, setup: str, work: list[str], tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(setup=setup, work="\n    ".join(work)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "STALLED", f"child did not reach the stall point: {line!r} {proc.stderr.read()}"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()


def test_killed_import_stores_nothing(db, settings, session, tmp_path: Path) -> None:  # noqa: ANN001
    mangystau(session)
    rows = "\n".join(f"k{i},Hospital {i},general_hospital,KZ-47-AKT" for i in range(400))
    (tmp_path / "facilities.csv").write_text("key,names.en,kind,region\n" + rows + "\n", encoding="utf-8")
    audit_before = session.query(AuditEntry).count()
    setup = "from surgeops.services import imports, records\nfrom surgeops.services.audit import Actor\nfrom pathlib import Path"
    work = ["imports._import_row = stall(imports._import_row, after=200)",
            f"imports.import_file(session, records.resource('facilities'), Path({str(tmp_path / 'facilities.csv')!r}), actor=Actor('cli'))"]
    _kill_when_stalled(settings.database_url, setup, work, tmp_path)
    session.rollback()  # end the read transaction: see what other connections committed
    assert session.query(Facility).count() == 0
    assert session.query(AuditEntry).count() == audit_before


def test_killed_fact_acceptance_changes_nothing(db, settings, session, tmp_path: Path) -> None:  # noqa: ANN001
    mangystau(session)
    report, _ = reports.submit(session, raw=MANGYSTAU, actor=Actor("t"), published=dt.date(2020, 7, 6))
    fact_id = next(f["id"] for f in report["facts"] if f["type"] == "beds")
    audit_before = session.query(AuditEntry).count()
    setup = "from surgeops.services import reports, facts\nfrom surgeops.services.audit import Actor"
    work = ["reports.apply_fact = stall(facts.apply_fact, after=1)",
            f"reports.review(session, {fact_id}, decision='accept', actor=Actor('reviewer'))"]
    _kill_when_stalled(settings.database_url, setup, work, tmp_path)
    session.rollback()  # end the read transaction: see what other connections committed
    assert session.get(Fact, fact_id).status == "pending"
    assert session.query(BedSnapshot).count() == 0
    assert session.query(Shipment).count() == 0
    assert session.query(Facility).filter(Facility.kind == "regional_pool").count() == 0
    assert session.query(AuditEntry).count() == audit_before  # the pool's and the figure's audit rows went with them
