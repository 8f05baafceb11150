// Runs inside the sandbox. Parses files with acorn, the JavaScript parser bundled inside Node itself
// (reached with --expose-internals), and reports syntax errors, declared symbols and security findings as JSON.
'use strict';
const fs = require('node:fs');
const acorn = require('internal/deps/acorn/acorn/dist/acorn');

const spec = JSON.parse(process.argv[process.argv.length - 1]);
const result = { syntax: [], symbols: {}, findings: [] };

function parse(source) {
  const options = { ecmaVersion: 'latest', locations: true, allowHashBang: true, allowReturnOutsideFunction: true };
  try {
    return acorn.parse(source, { ...options, sourceType: 'module' });
  } catch (moduleError) {
    try {
      return acorn.parse(source, { ...options, sourceType: 'script' });
    } catch {
      throw moduleError;
    }
  }
}

function name(node) {
  if (!node) return '';
  if (node.type === 'Identifier' || node.type === 'PrivateIdentifier') return node.name;
  if (node.type === 'Literal') return String(node.value);
  if (node.type === 'MemberExpression') {
    const base = name(node.object);
    const property = node.computed ? (node.property.type === 'Literal' ? String(node.property.value) : '') : name(node.property);
    return base && property ? base + '.' + property : '';
  }
  if (node.type === 'ThisExpression') return 'this';
  return '';
}

function walk(node, visit, parent) {
  if (!node || typeof node.type !== 'string') return;
  visit(node, parent);
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (Array.isArray(value)) value.forEach((child) => walk(child, visit, node));
    else if (value && typeof value.type === 'string') walk(value, visit, node);
  }
}

function symbols(ast) {
  const out = [];
  const add = (kind, symbol, node) => symbol && out.push({ kind, name: symbol, line: node.loc.start.line });
  const declare = (node, top) => {
    if (node.type === 'FunctionDeclaration') add(top ? 'function' : 'nested-function', name(node.id), node);
    else if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      const className = name(node.id);
      add('class', className, node);
      for (const member of node.body.body) {
        if (member.type === 'MethodDefinition' || member.type === 'PropertyDefinition') {
          add(member.type === 'MethodDefinition' ? 'method' : 'property', className + '.' + name(member.key), member);
        }
      }
    } else if (node.type === 'VariableDeclaration' && top) {
      for (const d of node.declarations) {
        const init = d.init;
        const isFunction = init && (init.type === 'ArrowFunctionExpression' || init.type === 'FunctionExpression');
        if (init && init.type === 'ClassExpression') declare({ ...init, id: init.id || d.id }, top);
        else add(isFunction ? 'function' : 'variable', name(d.id), d);
      }
    }
  };
  for (const statement of ast.body) {
    const inner = statement.type.startsWith('Export') && statement.declaration ? statement.declaration : statement;
    declare(inner, true);
    // CommonJS: module.exports.x = function / exports.x = () => …
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const target = name(statement.expression.left);
      const m = /^(?:module\.)?exports\.(.+)$/.exec(target);
      const value = statement.expression.right;
      if (m) add(value.type.includes('Function') ? 'function' : 'variable', m[1], statement);
    }
  }
  walk(ast, (node) => {
    if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') {
      if (!out.some((s) => s.kind === 'class' && s.name === name(node.id))) declare(node, false);
    }
  });
  return out;
}

function security(ast, file) {
  const found = [];
  const add = (node, rule, severity, message) => found.push({ file, line: node.loc.start.line, rule, severity, message });
  const dynamic = (node) => node.arguments.length > 0 && node.arguments[0].type !== 'Literal';
  walk(ast, (node) => {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const callee = name(node.callee);
      const last = callee.split('.').pop();
      if (callee === 'eval') add(node, 'js-eval', dynamic(node) ? 'medium' : 'low', 'eval() runs dynamically built code');
      else if (callee === 'Function' && node.type === 'NewExpression') add(node, 'js-new-function', 'medium', 'new Function() compiles code at run time');
      else if (['exec', 'execSync'].includes(last) && /child_process|cp|exec/.test(callee)) add(node, 'js-shell', dynamic(node) ? 'high' : 'medium', `${callee}() runs a shell command (command injection)`);
      else if (['spawn', 'spawnSync', 'execFile'].includes(last) && node.arguments.some((a) => a.type === 'ObjectExpression' && a.properties.some((p) => name(p.key) === 'shell' && p.value.value === true))) add(node, 'js-shell-true', 'high', `${callee}({shell: true}) passes input through a shell`);
      else if (/^vm\.runIn/.test(callee) || callee === 'vm.compileFunction') add(node, 'js-vm', 'medium', `${callee}() runs dynamically built code`);
      else if ((callee === 'setTimeout' || callee === 'setInterval') && node.arguments[0] && node.arguments[0].type !== 'ArrowFunctionExpression' && node.arguments[0].type !== 'FunctionExpression' && node.arguments[0].type !== 'Identifier') add(node, 'js-string-timer', 'medium', `${callee}() with a string evaluates code`);
      else if (callee === 'document.write') add(node, 'js-document-write', 'medium', 'document.write() can inject markup');
      else if (/unserialize$|deserialize$/.test(last) && /serialize/i.test(callee)) add(node, 'js-unsafe-deserialisation', 'high', `${callee}() can execute code from untrusted data`);
    } else if (node.type === 'AssignmentExpression' && /\.(innerHTML|outerHTML)$/.test(name(node.left))) {
      add(node, 'js-inner-html', 'medium', 'assigning innerHTML can inject markup (XSS)');
    }
  });
  return found;
}

for (const file of spec.parse) {
  let ast;
  try {
    ast = parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    result.syntax.push({ file, line: error.loc ? error.loc.line : 0, message: `SyntaxError: ${error.message}` });
    continue;
  }
  if (spec.analyze.includes(file)) {
    result.symbols[file] = symbols(ast);
    result.findings.push(...security(ast, file));
  }
}
process.stdout.write(JSON.stringify(result));
