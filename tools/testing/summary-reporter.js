/**
 * Ends a Jest run with one plain line, `tests: N passed, N failed[, N skipped]`, that CI reads to
 * know how many tests ran (Jest's own summary is not a format it recognises).
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const counts = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
    process.stdout.write(`tests: ${counts}${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}

module.exports = SummaryReporter;
