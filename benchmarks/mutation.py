"""Mutation testing (`make mutation`, issue 11): mutmut over every app's rules.py and the permission and
transition code of the services and selectors, one module at a time with only its own tests, then a score
table (killed / total per module).

    python -m benchmarks.mutation                 # every module, then the table
    python -m benchmarks.mutation publishing.rules applications.transitions   # some modules
    python -m benchmarks.mutation --report        # the table from the last runs only
    python -m benchmarks.mutation --retest-survivors qa.rules   # after adding tests: retest the survivors

Each module runs in its own directory under var/mutation/<module>/ (mutmut 3 reads one [tool.mutmut]
from the working directory's pyproject.toml, so one directory per module gives each its own file and test
selection); mutmut copies the code into that directory's mutants/, and a rerun only tests mutants whose
function changed. Scores: killed (including timeouts and type-check catches) / all mutants; a mutant no
selected test reaches counts as a survivor. Decision: docs/decisions/0016-mutation-testing.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
LINKED = ("gongkai", "config", "templates", "static", "locale", "conftest.py", "manage.py", "tests")
KILLED = {1, 3, 36, 24, -24, 152, 255, 37}  # killed, pytest error, timeouts, caught by type check


@dataclass(frozen=True)
class Target:
    path: str  # the file mutated
    tests: tuple[str, ...]  # the test files selected for it (mutmut then runs, per mutant, those that reach it)
    functions: tuple[str, ...] = ()  # only these functions (fnmatch on the function name); () = the whole file


A = "gongkai/applications/tests/"
P = "gongkai/publishing/tests/"
TARGETS: dict[str, Target] = {
    "applications.rules": Target("gongkai/applications/rules.py", (A + "test_rules.py",)),
    "catalog.rules": Target("gongkai/catalog/rules.py", ("gongkai/catalog/tests/test_rules.py",)),
    "ledger.rules": Target("gongkai/ledger/rules.py", ("gongkai/ledger/tests/test_rules.py",)),
    "newmedia.rules": Target("gongkai/newmedia/rules.py", ("gongkai/newmedia/tests/test_rules.py",)),
    "portal.rules": Target("gongkai/portal/rules.py", ("gongkai/portal/tests/test_rules.py",)),
    "publishing.rules": Target("gongkai/publishing/rules.py", (P + "test_rules.py", P + "test_late.py")),
    "qa.rules": Target("gongkai/qa/rules.py", ("gongkai/qa/tests/test_rules.py",)),
    "reports.rules": Target("gongkai/reports/rules.py", ("gongkai/reports/tests/test_rules.py",)),
    "sitecheck.rules": Target("gongkai/sitecheck/rules.py", ("gongkai/sitecheck/tests/test_rules.py",)),
    "applications.transitions": Target("gongkai/applications/transitions.py", (
        A + "test_transitions_table.py", A + "test_application_transition.py", A + "test_service_transition_graph.py")),
    "publishing.permissions": Target("gongkai/publishing/permissions.py", (
        P + "test_permissions.py", P + "test_service_review.py", P + "test_workflow.py")),
    "applications.services": Target("gongkai/applications/services.py", (
        A + "test_service_extend.py", A + "test_service_request_correction.py", A + "test_service_transition_graph.py",
        A + "test_service_audit_atomic.py", A + "test_personal_data_view.py", A + "test_application_extend.py",
        A + "test_application_request_correction.py", A + "test_application_transition.py",
        A + "test_application_accept.py", A + "test_application_archive.py", A + "test_application_transfer.py"),
        functions=("_event", "_require_handler", "action_refusal", "_require_action", "application_extend",
                   "application_request_correction", "application_accept", "application_archive",
                   "application_transfer", "personal_data_view", "application_transition")),
    "applications.selectors": Target("gongkai/applications/selectors.py", (
        A + "test_selector_overdue.py", A + "test_overview.py", A + "test_view_queue.py"),
        functions=("urgency", "overdue", "state_counts", "staff_applications", "allowed_actions", "effective_state",
                   "lapsed_consultation")),
    "publishing.services": Target("gongkai/publishing/services.py", (
        P + "test_document_set_validity.py", P + "test_service_review.py", P + "test_permissions.py", P + "test_workflow.py"),
        functions=("document_set_validity", "document_review", "document_submit", "document_publish",
                   "document_withdraw", "_require")),
    "qa.services": Target("gongkai/qa/services.py", ("gongkai/qa/tests/test_service_question_dismiss.py",
                                                     "gongkai/qa/tests/test_service_question_answer.py",
                                                     "gongkai/qa/tests/test_queue_and_kb.py"),
                          functions=("question_dismiss", "question_answer")),
}


def _module_of(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def _prepare(name: str, target: Target) -> Path:
    work = WORK / name
    work.mkdir(parents=True, exist_ok=True)
    for entry in LINKED:
        link = work / entry
        if not link.exists() and (ROOT / entry).exists():
            link.symlink_to(ROOT / entry)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    settings = "\n".join([
        "", "[tool.mutmut]",
        'source_paths = ["gongkai"]',
        f"only_mutate = [{json.dumps(target.path)}]",
        f"also_copy = {json.dumps([e for e in LINKED if e != 'gongkai'])}",
        f"pytest_add_cli_args_test_selection = {json.dumps([t for t in target.tests if (ROOT / t).exists()])}",
        'pytest_add_cli_args = ["-p", "no:xdist", "-p", "no:randomly", "-q", "-m", "not browser"]',
        "use_git_change_detection = false",
        "",
    ])
    written = work / "pyproject.toml"
    if not written.exists() or written.read_text(encoding="utf-8") != pyproject + settings:
        written.write_text(pyproject + settings, encoding="utf-8")
    return work


def forget_survivors(name: str, target: Target) -> int:
    """Mark the module's survivors (and mutants no test reached) as not run, so the next run tests them
    against the tests added since: mutmut itself only retests mutants whose function changed."""
    meta = WORK / name / "mutants" / (target.path + ".meta")
    if not meta.exists():
        return 0
    data = json.loads(meta.read_text(encoding="utf-8"))
    codes: dict[str, int | None] = data["exit_code_by_key"]
    forgotten = [k for k, v in codes.items() if v is not None and v not in KILLED]
    for key in forgotten:
        codes[key] = None
    meta.write_text(json.dumps(data), encoding="utf-8")
    return len(forgotten)


def run(name: str, target: Target) -> int:
    work = _prepare(name, target)
    module = _module_of(target.path)
    names = [f"{module}.x_{f}__mutmut_*" for f in target.functions]
    env = dict(os.environ, SEEDS_DIR=os.environ.get("SEEDS_DIR", str(ROOT.parent / "shared" / "seeds")),
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("DATABASE_URL", None)
    mutmut = ROOT / ".venv" / "bin" / "mutmut"
    print(f"== {name}: mutmut on {target.path}" + (f" ({', '.join(target.functions)})" if target.functions else ""),
          flush=True)
    children = os.environ.get("MUTATION_CHILDREN", "2")
    log = work / "mutmut.log"
    with log.open("w", encoding="utf-8") as out:  # the spinner's output goes to the log, not the terminal
        code = subprocess.call(["nice", "-n", "10", str(mutmut), "run", "--max-children", children, *names],
                               cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT)
    if code != 0:
        print(log.read_text(encoding="utf-8", errors="replace")[-3000:])
    return code


def score(name: str, target: Target) -> tuple[int, int, int, list[str]] | None:
    meta = WORK / name / "mutants" / (target.path + ".meta")
    if not meta.exists():
        return None
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    module = _module_of(target.path)
    if target.functions:
        wanted = {f"{module}.x_{f}__mutmut_" for f in target.functions}
        codes = {k: v for k, v in codes.items() if any(k.startswith(w) for w in wanted)}
    checked = {k: v for k, v in codes.items() if v is not None}
    killed = sum(1 for v in checked.values() if v in KILLED)
    survivors = sorted(k for k, v in checked.items() if v not in KILLED)
    return killed, len(checked), len(codes) - len(checked), survivors


def report(names: list[str]) -> None:
    print(f"\n{'module':<28} {'killed':>7} {'total':>6} {'score':>7} {'not run':>8}")
    for name in names:
        result = score(name, TARGETS[name])
        if result is None:
            print(f"{name:<28} {'(not run)':>22}")
            continue
        killed, total, unchecked, _ = result
        pct = f"{100 * killed / total:.1f} %" if total else "—"
        print(f"{name:<28} {killed:>7} {total:>6} {pct:>7} {unchecked or '':>8}")
    print("\nsurvivors: `cd var/mutation/<module> && ../../../.venv/bin/mutmut show <name>`")


def main(argv: list[str]) -> int:
    only_report = "--report" in argv
    names = [a for a in argv if not a.startswith("--")] or list(TARGETS)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; known: {', '.join(TARGETS)}")
        return 2
    failed = []
    if "--retest-survivors" in argv and not only_report:
        for name in names:
            print(f"{name}: {forget_survivors(name, TARGETS[name])} survivors to retest")
    if not only_report:
        for name in names:
            if run(name, TARGETS[name]) != 0:
                failed.append(name)
    report(names)
    if failed:
        print(f"mutmut failed for: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
