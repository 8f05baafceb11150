# Runs inside the sandbox when pytest is not installed: imports each test file, runs its test_* functions and
# Test* classes' test_* methods, and writes a JUnit XML report (the same format pytest writes).
import importlib.util
import inspect
import os
import sys
import time
import traceback
from xml.sax.saxutils import escape, quoteattr


def run(report, files):
    sys.path.insert(0, os.getcwd())
    cases = []
    for path in files:
        module_name = os.path.splitext(path.replace("/", "."))[0]
        try:
            spec = importlib.util.spec_from_file_location(module_name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
        except BaseException as error:  # noqa: BLE001 - a failing import is an error of this file's tests
            cases.append((module_name, "<collection>", "error", describe(error), 0.0))
            continue
        tests = []
        for name, value in list(vars(module).items()):
            if name.startswith("test") and inspect.isfunction(value) and value.__module__ == module_name:
                tests.append((module_name, name, value))
            elif name.startswith("Test") and inspect.isclass(value) and value.__module__ == module_name:
                for method in [m for m in dir(value) if m.startswith("test")]:
                    tests.append((module_name + "." + name, method, bound(value, method)))
        for classname, name, function in tests:
            started = time.monotonic()
            try:
                function()
                outcome, message = "passed", ""
            except AssertionError as error:
                outcome, message = "failure", describe(error)
            except BaseException as error:  # noqa: BLE001 - the runner reports every error instead of stopping
                outcome, message = "error", describe(error)
            cases.append((classname, name, outcome, message, time.monotonic() - started))
    write(report, cases)


def bound(cls, method):
    def call():
        getattr(cls(), method)()
    return call


def describe(error):
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))[-4000:]


def write(report, cases):
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<testsuites>",
             '<testsuite name="builtin" tests="%d">' % len(cases)]
    for classname, name, outcome, message, seconds in cases:
        lines.append("<testcase classname=%s name=%s time=\"%.3f\">" % (quoteattr(classname), quoteattr(name), seconds))
        if outcome != "passed":
            first = message.strip().splitlines()[-1] if message.strip() else outcome
            lines.append("<%s message=%s>%s</%s>" % (outcome, quoteattr(first), escape(message), outcome))
        lines.append("</testcase>")
    lines += ["</testsuite>", "</testsuites>"]
    with open(report, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines))
    failed = any(outcome != "passed" for _, _, outcome, _, _ in cases)
    sys.stdout.write("%d tests, %s\n" % (len(cases), "failures" if failed else "all passed"))
    sys.stdout.flush()
    os._exit(1 if failed or not cases else 0)


run(sys.argv[1], sys.argv[2:])
