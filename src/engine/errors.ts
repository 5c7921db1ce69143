/** One rejected setting: the configuration field at fault (shown next to its control), if any. */
export interface FieldProblem {
  readonly field?: string;
  readonly message: string;
}

/** Every error the engine API throws on bad input: a message a person can act on. A rejected
 * configuration names every bad setting at once in `problems` (the message joins them). */
export class EngineError extends Error {
  readonly problems: readonly FieldProblem[];

  constructor(message: string, readonly field?: string, problems?: readonly FieldProblem[]) {
    super(message);
    this.name = 'EngineError';
    this.problems = problems ?? [{ field, message }];
  }

  /** One error for several problems (at least one). */
  static of(problems: readonly FieldProblem[]): EngineError {
    return new EngineError(problems.map((p) => p.message).join('; '), problems[0].field, problems);
  }
}
