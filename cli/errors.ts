/** A usage or input error: printed as one line (`raftsim <command>: <message>`), exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An output file that could not be written after the work was done (disk full...): exit 2. */
export class OutputError extends UsageError {
  override name = 'OutputError';
}
