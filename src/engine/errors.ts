/** Every error the engine API throws on bad input: a message a person can act on. */
export class EngineError extends Error {
  constructor(
    message: string,
    /** The configuration field at fault, when there is one (shown next to its control). */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
