# Runs inside the sandbox. Parses files with Python's own parser (ast) and reports, as JSON on stdout:
# syntax errors, declared symbols (for claims) and security findings. Never imports or runs the code.
import ast
import json
import sys

SHELL_CALLS = {"os.system", "os.popen", "os.execl", "os.execle", "os.execlp", "os.execv", "os.execve",
               "os.execvp", "os.spawnl", "os.spawnv", "os.spawnlp", "os.spawnvp", "commands.getoutput",
               "subprocess.getoutput", "subprocess.getstatusoutput"}
DESERIALISE = {"pickle.load", "pickle.loads", "cPickle.load", "cPickle.loads", "marshal.load", "marshal.loads",
               "shelve.open", "dill.load", "dill.loads", "jsonpickle.decode", "yaml.unsafe_load", "yaml.full_load"}
SUBPROCESS = {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen"}


def dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return base + "." + node.attr if base else node.attr
    return ""


def keyword_true(call, name):
    return any(k.arg == name and isinstance(k.value, ast.Constant) and k.value.value is True for k in call.keywords)


def keyword_false(call, name):
    return any(k.arg == name and isinstance(k.value, ast.Constant) and k.value.value is False for k in call.keywords)


def security(tree, path):
    found = []

    def add(node, rule, severity, message):
        found.append({"file": path, "line": getattr(node, "lineno", 0), "rule": rule, "severity": severity, "message": message})

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        literal = bool(node.args) and isinstance(node.args[0], ast.Constant)
        if name in ("eval", "exec"):
            add(node, "py-eval", "low" if literal else "medium", f"{name}() runs dynamically built code")
        elif name in SHELL_CALLS:
            add(node, "py-shell", "high", f"{name}() runs a shell command (command injection)")
        elif name in SUBPROCESS and keyword_true(node, "shell"):
            add(node, "py-shell-true", "high", f"{name}(shell=True) passes input through a shell (command injection)")
        elif name in DESERIALISE:
            add(node, "py-unsafe-deserialisation", "high", f"{name}() can execute code from untrusted data")
        elif name == "yaml.load" and not any(k.arg == "Loader" and "Safe" in dotted(k.value) for k in node.keywords):
            add(node, "py-unsafe-deserialisation", "high", "yaml.load() without SafeLoader can execute code")
        elif name == "__import__" or name == "importlib.import_module":
            add(node, "py-dynamic-import", "low" if literal else "medium", f"{name}() imports a module chosen at run time")
        elif name == "tempfile.mktemp":
            add(node, "py-insecure-temp", "low", "tempfile.mktemp() is open to a race; use mkstemp()")
        elif name.startswith("requests.") and keyword_false(node, "verify"):
            add(node, "py-tls-verify-off", "medium", "TLS certificate verification is turned off")
        elif name in ("hashlib.md5", "hashlib.sha1"):
            add(node, "py-weak-hash", "low", f"{name}() is a weak hash")
    return found


def symbols(tree):
    out = []

    def visit(body, prefix, in_class):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                kind = "method" if in_class else ("function" if not prefix else "nested-function")
                out.append({"kind": kind, "name": prefix + node.name, "line": node.lineno})
            elif isinstance(node, ast.ClassDef):
                out.append({"kind": "class", "name": prefix + node.name, "line": node.lineno})
                visit(node.body, prefix + node.name + ".", True)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and not prefix:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        out.append({"kind": "variable", "name": target.id, "line": node.lineno})
            elif isinstance(node, (ast.If, ast.Try)) and not prefix:
                # Definitions guarded by `if`/`try` at module level still define module symbols.
                visit(node.body, prefix, in_class)
                visit(getattr(node, "orelse", []), prefix, in_class)

    visit(tree.body, "", False)
    return out


def main():
    spec = json.loads(sys.argv[1])
    result = {"syntax": [], "symbols": {}, "findings": []}
    for path in spec["parse"]:
        try:
            with open(path, encoding="utf-8") as handle:
                source = handle.read()
            tree = ast.parse(source, filename=path)
        except SyntaxError as error:
            result["syntax"].append({"file": path, "line": error.lineno or 0, "message": f"{type(error).__name__}: {error.msg}"})
            continue
        except (ValueError, UnicodeDecodeError) as error:
            result["syntax"].append({"file": path, "line": 0, "message": str(error)})
            continue
        if path in spec["analyze"]:
            result["symbols"][path] = symbols(tree)
            result["findings"].extend(security(tree, path))
    sys.stdout.write(json.dumps(result))


main()
