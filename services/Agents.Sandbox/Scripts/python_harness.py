# The verifier's Python test harness. It runs from the read-only /harness folder as `python3 -I`, so nothing in
# the workspace (a pytest.py, a sitecustomize, a .pth, the current directory) is on the import path first.
#   parent: never imports workspace code. It starts the child, reads one record per test from a pipe only the two
#           of them share, and prints exactly one report, between markers, after the child has exited. It makes
#           itself non-dumpable so that the child cannot reach its memory or its stdout through /proc.
#   child:  runs the tests (pytest with the harness's configuration and no conftest or plugin from the workspace,
#           else a built-in runner) and sends one record per test, then a final "done" record.
#   candidate (function-level tasks only): imports the code under test in a process of its own and answers calls
#           from the child. The child's modules of the same names are stubs: results reach the tests as plain
#           data (None, bool, int, float, complex, str, bytes, list, tuple, set, frozenset, dict; exceptions by
#           type name and message), each of exactly its built-in type, so no object of the code is ever compared
#           by the tests and the code never shares a process with the runner.
import json
import os
import selectors
import subprocess
import sys

BEGIN = "@@agents-report-begin@@"
END = "@@agents-report-end@@"
OUTPUT_LIMIT = 16000
RECORDS_LIMIT = 20_000_000


def non_dumpable():
    try:
        import ctypes
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 0
    except (OSError, AttributeError):
        pass


def parent(config_path):
    with open(config_path, encoding="utf-8") as handle:
        limit = json.load(handle)["outputLimit"]
    non_dumpable()
    read_fd, write_fd = os.pipe()
    child = subprocess.Popen(
        [sys.executable, "-I", os.path.abspath(__file__), "child", config_path, str(write_fd)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, pass_fds=(write_fd,), close_fds=True)
    os.close(write_fd)
    output, dropped, records = bytearray(), 0, bytearray()
    selector = selectors.DefaultSelector()
    selector.register(child.stdout.fileno(), selectors.EVENT_READ, "output")
    selector.register(read_fd, selectors.EVENT_READ, "records")
    remaining = 2
    stopped = None
    while remaining:
        for key, _ in selector.select():
            data = os.read(key.fd, 65536)
            if not data:
                selector.unregister(key.fd)
                remaining -= 1
            elif key.data == "output":
                keep = max(0, OUTPUT_LIMIT - len(output))
                output += data[:keep]
                dropped += len(data) - len(data[:keep])
                if dropped > limit and stopped is None:
                    # The verifier's output cap applies to what the tests print, as if they printed to it.
                    stopped = "killed: output limit exceeded"
                    child.kill()
            elif len(records) < RECORDS_LIMIT:
                records += data
    status = child.wait()
    parsed, invalid = [], 0
    for line in bytes(records).split(b"\n"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not an object")
            parsed.append(record)
        except ValueError:
            invalid += 1
    report = {"records": parsed, "invalid": invalid, "exit": status, "stopped": stopped,
              "output": output.decode("utf-8", "replace") + ("\n[%d more bytes]" % dropped if dropped else "")}
    # "@" escaped: the markers cannot appear inside the report, whatever the tests printed.
    sys.stdout.write(BEGIN + json.dumps(report).replace("@", "\\u0040") + END + "\n")
    sys.stdout.flush()


def child(config_path, fd):
    with open(config_path, encoding="utf-8") as handle:
        config = json.load(handle)
    channel = os.fdopen(int(fd), "w", encoding="utf-8")

    def send(record):
        channel.write(json.dumps(record) + "\n")
        channel.flush()

    os.chdir(config["workspace"])
    if config.get("boundary"):
        non_dumpable()
        install_stubs(config)
    # After the standard library and site-packages: the workspace can add modules, never replace one.
    sys.path.append(config["workspace"])
    if config["runner"] == "pytest":
        status = run_pytest(config, send)
    else:
        status = run_builtin(config, send)
    send({"done": True, "status": status})
    channel.close()
    sys.stdout.flush()
    sys.stderr.flush()
    # No atexit hook of the code under test runs after the report.
    os._exit(0)


def run_pytest(config, send):
    import pytest

    class Harness:
        def __init__(self):
            self.outcomes = {}

        def pytest_runtest_logreport(self, report):
            outcome = self.outcomes.setdefault(report.nodeid, ["passed", ""])
            if report.failed and outcome[0] in ("passed", "skipped"):
                outcome[0] = "failed" if report.when == "call" else "error"
                outcome[1] = str(report.longrepr)[-4000:]
            elif report.skipped and outcome[0] == "passed":
                outcome[0] = "skipped"
                outcome[1] = str(report.longrepr)[-400:]
            if report.when == "teardown":
                send({"id": report.nodeid, "outcome": outcome[0], "message": outcome[1]})

        def pytest_collectreport(self, report):
            if report.failed:
                send({"id": report.nodeid or "<collection>", "outcome": "error", "message": str(report.longrepr)[-4000:], "collection": True})

    # The harness's ini file (-c), so no pytest.ini/tox.ini/setup.cfg/pyproject.toml of the workspace is read;
    # conftest files only when they can only have come from the tests.
    arguments = ["-q", "-p", "no:cacheprovider", "-c", config["ini"], "--rootdir", config["workspace"], "--import-mode=append"]
    if not config["conftest"]:
        arguments.append("--noconftest")
    arguments += config["tests"]
    return int(pytest.main(arguments, plugins=[Harness()]))


def run_builtin(config, send):
    import importlib.util
    import inspect
    import traceback

    def describe(error):
        return "".join(traceback.format_exception(type(error), error, error.__traceback__))[-4000:]

    for path in config["tests"]:
        module_name = os.path.splitext(path.replace("/", "."))[0]
        try:
            spec = importlib.util.spec_from_file_location(module_name, path)
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
        except BaseException as error:  # noqa: BLE001 - a failing import is an error of this file's tests
            send({"id": path, "outcome": "error", "message": describe(error), "collection": True})
            continue
        tests = []
        for name, value in list(vars(module).items()):
            if name.startswith("test") and inspect.isfunction(value) and value.__module__ == module_name:
                tests.append((path + "::" + name, value))
            elif name.startswith("Test") and inspect.isclass(value) and value.__module__ == module_name:
                for method in [m for m in dir(value) if m.startswith("test")]:
                    tests.append((path + "::" + name + "::" + method, bound(value, method)))
        for test_id, function in tests:
            try:
                function()
                outcome, message = "passed", ""
            except AssertionError as error:
                outcome, message = "failed", describe(error)
            except BaseException as error:  # noqa: BLE001 - the runner reports every error instead of stopping
                outcome, message = "error", describe(error)
            send({"id": test_id, "outcome": outcome, "message": message})
    return 0


def bound(cls, method):
    def call():
        getattr(cls(), method)()
    return call


class Unsupported(Exception):
    pass


PLAIN = {type(None): "none", bool: "bool", int: "int", float: "float", complex: "complex", str: "str", bytes: "bytes",
         list: "list", tuple: "tuple", set: "set", frozenset: "frozenset", dict: "dict"}


def encode(value, depth=0):
    # By exact type: a subclass of int (or anything else) whose __eq__ lies is refused, not converted.
    kind = PLAIN.get(type(value))
    if kind is None:
        raise Unsupported("a value of type %s is not plain data" % type(value).__name__)
    if depth > 200:
        raise Unsupported("the value is nested too deeply")
    if kind == "none":
        return [kind]
    if kind in ("bool", "int", "str"):
        return [kind, value]
    if kind == "float":
        return [kind, repr(value)]
    if kind == "complex":
        return [kind, repr(value.real), repr(value.imag)]
    if kind == "bytes":
        return [kind, value.hex()]
    if kind == "dict":
        return [kind, [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()]]
    return [kind, [encode(item, depth + 1) for item in value]]


def decode(data):
    kind = data[0]
    if kind == "none":
        return None
    if kind == "bool":
        return bool(data[1])
    if kind == "int":
        return int(data[1])
    if kind == "str":
        return str(data[1])
    if kind == "float":
        return float(data[1])
    if kind == "complex":
        return complex(float(data[1]), float(data[2]))
    if kind == "bytes":
        return bytes.fromhex(data[1])
    if kind == "dict":
        return {decode(k): decode(v) for k, v in data[1]}
    items = [decode(item) for item in data[1]]
    return {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[kind](items)


def install_stubs(config):
    import builtins
    import types
    requests_read, requests_write = os.pipe()
    answers_read, answers_write = os.pipe()
    subprocess.Popen(
        [sys.executable, "-I", os.path.abspath(__file__), "candidate", json.dumps(config), str(requests_read), str(answers_write)],
        stdin=subprocess.DEVNULL, pass_fds=(requests_read, answers_write), close_fds=True)
    os.close(requests_read)
    os.close(answers_write)
    to_candidate = os.fdopen(requests_write, "w", encoding="utf-8")
    from_candidate = os.fdopen(answers_read, "r", encoding="utf-8")
    ready = json.loads(from_candidate.readline() or '{"error": "the code under test exited while it was imported"}')
    foreign = {}

    def exception(name, message):
        known = getattr(builtins, name, None)
        if isinstance(known, type) and issubclass(known, BaseException):
            return known(message)
        if name not in foreign:
            foreign[name] = type(name, (Exception,), {})
        return foreign[name](message)

    def stub(module, name):
        def call(*args, **kwargs):
            try:
                request = {"m": module, "f": name, "a": [encode(a) for a in args], "k": [[k, encode(v)] for k, v in kwargs.items()]}
            except Unsupported as error:
                raise TypeError("argument cannot cross to the code under test: %s" % error) from None
            to_candidate.write(json.dumps(request) + "\n")
            to_candidate.flush()
            line = from_candidate.readline()
            if not line:
                raise RuntimeError("the code under test exited during a call to %s" % name)
            answer = json.loads(line)
            if "ok" in answer:
                return decode(answer["ok"])
            if "unsupported" in answer:
                raise TypeError("%s returned %s" % (name, answer["unsupported"]))
            raise exception(answer["exc"], answer["msg"])
        call.__name__ = call.__qualname__ = name
        return call

    for module, names in config["boundary"].items():
        if "error" in ready:
            break
        stub_module = types.ModuleType(module)
        stub_module.__file__ = os.path.join(config["workspace"], module + ".py")
        for name in names:
            setattr(stub_module, name, stub(module, name))
        stub_module.__all__ = [n for n in names if not n.startswith("_")]
        sys.modules[module] = stub_module
    if "error" in ready:
        message = ready["error"]

        class Failing(types.ModuleType):
            def __getattr__(self, attribute):
                raise ImportError(message)

        for module in config["boundary"]:
            sys.modules[module] = Failing(module)


def candidate(config_json, requests_fd, answers_fd):
    import importlib
    import traceback
    config = json.loads(config_json)
    requests = os.fdopen(int(requests_fd), "r", encoding="utf-8")
    answers = os.fdopen(int(answers_fd), "w", encoding="utf-8")
    os.chdir(config["workspace"])
    sys.path.append(config["workspace"])
    modules = {}
    try:
        for module in config["boundary"]:
            modules[module] = importlib.import_module(module)
        answers.write(json.dumps({"ready": True}) + "\n")
    except BaseException as error:  # noqa: BLE001 - the import error is the tests' to report
        answers.write(json.dumps({"error": "".join(traceback.format_exception_only(type(error), error)).strip()}) + "\n")
    answers.flush()
    for line in requests:
        request = json.loads(line)
        try:
            function = getattr(modules[request["m"]], request["f"])
            result = function(*[decode(a) for a in request["a"]], **{k: decode(v) for k, v in request["k"]})
            try:
                answer = {"ok": encode(result)}
            except Unsupported as error:
                answer = {"unsupported": str(error)}
        except BaseException as error:  # noqa: BLE001 - every error goes back to the test, by type and message
            try:
                message = str(error)[:4000]
            except BaseException:  # noqa: BLE001 - a message that cannot be shown is not shown
                message = ""
            answer = {"exc": type(error).__name__ if type(type(error)) is type else "Exception", "msg": message}
        answers.write(json.dumps(answer) + "\n")
        answers.flush()


if __name__ == "__main__":
    if sys.argv[1] == "parent":
        parent(sys.argv[2])
    elif sys.argv[1] == "candidate":
        candidate(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        child(sys.argv[2], sys.argv[3])
