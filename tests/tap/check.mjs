// Parses a TAP stream on stdin with node-tap's parser in strict mode and
// prints one line of counts:
//   ok=<0|1> suites=N tests=N pass=N fail=N skip=N todo=N bailout=<0|1> errors=N
// `tests` counts the points inside subtests (bench's tests), `suites` the
// top-level points (one per suite file). Strict mode turns any line that is
// not valid TAP into an error, so a malformed subtest, YAML block or plan
// shows up as errors>0.
import { Parser } from 'tap-parser';

const c = { suites: 0, tests: 0, pass: 0, fail: 0, skip: 0, todo: 0, errors: 0 };

function watch(parser, depth) {
  parser.on('assert', (a) => {
    if (depth === 0) { c.suites++; return; }
    c.tests++;
    if (a.skip) c.skip++;
    else if (a.todo) c.todo++;
    else if (a.ok) c.pass++;
    else c.fail++;
  });
  parser.on('child', (child) => watch(child, depth + 1));
  parser.on('complete', (r) => {
    for (const f of r.failures || []) {
      if (!f.tapError) continue;
      c.errors++;
      console.error(`tap error (depth ${depth}): ${f.tapError} ${JSON.stringify(f.data ?? '')}`);
    }
  });
}

const top = new Parser({ strict: true });
watch(top, 0);
top.on('complete', (r) => {
  console.log([
    `ok=${r.ok ? 1 : 0}`, `suites=${c.suites}`, `tests=${c.tests}`, `pass=${c.pass}`,
    `fail=${c.fail}`, `skip=${c.skip}`, `todo=${c.todo}`, `bailout=${r.bailout ? 1 : 0}`,
    `errors=${c.errors}`,
  ].join(' '));
});
process.stdin.pipe(top);
