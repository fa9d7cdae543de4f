'use strict';
// The write step of a CLI run on its own, for the kill test: the files a `--force` run
// would write (a generate() result saved as JSON), written by the built writeGenerated,
// with the CLI's "• Writing" line first. It starts in a fraction of the CLI's time, since
// it loads neither projen nor the generator.
//   node write-child.cjs <lib/api/write-generated.js> <generated.json> <target>
const { readFileSync } = require('fs');
const { writeGenerated } = require(process.argv[2]);
const project = JSON.parse(readFileSync(process.argv[3], 'utf-8'));
process.stdout.write('• Writing out...\n');
const r = writeGenerated(process.argv[4], project, { force: true, label: 'out' });
process.stdout.write(r.ok ? '  done\n' : `error: ${r.errors.map((e) => e.message).join('; ')}\n`);
process.exitCode = r.ok ? 0 : 1;
