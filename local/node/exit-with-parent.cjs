// Loaded with `node --require` in front of dynalite by the Java stand-ins (hu.autoinvoice.local.aws.Dynalite):
// the JVM keeps our stdin open as a pipe, so when it goes away for any reason (even kill -9) stdin ends and
// this process exits instead of lingering on its port.
'use strict';
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
