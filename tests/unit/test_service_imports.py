"""The service modules import each other without cycles (issue 17): a cycle is dodged
with function-level imports, which hide the dependency from readers and tools alike.
`lint-imports` keeps the same rule (pyproject.toml, acyclic_siblings); this test reads
the imports made anywhere in a module, function bodies included."""

from __future__ import annotations

import grimp


def test_no_service_module_reaches_back_to_itself() -> None:
    graph = grimp.build_graph("surgeops", cache_dir=None)
    services = {m for m in graph.modules if m.startswith("surgeops.services.")}
    cycles = []
    for module in sorted(services):
        for imported in sorted(graph.find_modules_directly_imported_by(module) & services):
            if module in graph.find_upstream_modules(imported):
                cycles.append(f"{module} -> {imported}")
    assert cycles == []


def test_audit_does_not_import_crud() -> None:
    graph = grimp.build_graph("surgeops", cache_dir=None)
    assert graph.find_shortest_chain(importer="surgeops.services.audit", imported="surgeops.services.crud") is None
