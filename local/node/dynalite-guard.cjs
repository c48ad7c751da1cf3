// Loaded with `node --require` in front of dynalite by the Java stand-ins (hu.autoinvoice.local.aws.Dynalite).
// It makes the stand-in behave like DynamoDB in two ways dynalite alone does not:
'use strict';

// 1. It goes away with the JVM. The JVM keeps our stdin open as a pipe, so when it goes away for any reason (even
//    kill -9) stdin ends and this process exits instead of lingering on its port.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

// 2. It survives a client that goes away mid-request. dynalite 4.0.0 rethrows a request stream's error
//    (`req.on('error', function (err) { throw err })`), so one SDK call interrupted while sending its body (a thread
//    interrupted at shutdown, a Lambda that timed out) ended the whole process and every later call was refused.
//    Such a request was never read to its end, so it was never processed and nobody is left to answer: dropping it
//    is what DynamoDB does. Every other uncaught error still ends the process, with its stack, as before.
process.on('uncaughtException', (err) => {
  if (err && err.code === 'ECONNRESET' && err.message === 'aborted') {
    console.log('dynalite-guard: a client closed its connection mid-request; that request is dropped');
    return;
  }
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
