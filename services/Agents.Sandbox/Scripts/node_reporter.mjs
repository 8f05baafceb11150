// The verifier's reporter for `node --test`, loaded from the read-only /harness folder by the runner's parent
// process (each test file runs in a child process). It writes exactly one report, between markers, when the
// run ends; "@" is escaped in everything it embeds, so the markers appear nowhere else in its output.
const BEGIN = '@@agents-report-begin@@';
const END = '@@agents-report-end@@';
const OUTPUT_LIMIT = 16000;

export default async function* reporter(source) {
  const tests = [];
  let output = '';
  for await (const event of source) {
    const data = event.data ?? {};
    // Suites (describe) are reported like tests; only their tests count.
    if ((event.type === 'test:pass' || event.type === 'test:fail') && data.details?.type !== 'suite') {
      const error = data.details?.error;
      const cause = error?.cause ?? error;
      tests.push({
        file: data.file ?? '',
        name: String(data.name ?? ''),
        nesting: data.nesting ?? 0,
        outcome: event.type === 'test:pass' ? (data.skip || data.todo ? 'skipped' : 'passed') : 'failed',
        message: error ? String(cause?.stack ?? cause?.message ?? cause).slice(0, 4000) : '',
      });
    } else if ((event.type === 'test:stdout' || event.type === 'test:stderr' || event.type === 'test:diagnostic') && output.length < OUTPUT_LIMIT) {
      output += String(data.message ?? '');
      if (!output.endsWith('\n')) {
        output += '\n';
      }
    }
  }
  yield BEGIN + JSON.stringify({ tests, output: output.slice(0, OUTPUT_LIMIT) }).replaceAll('@', '\\u0040') + END + '\n';
}
