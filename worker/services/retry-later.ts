/** The channel asked us to slow down or failed for now: retry the message after `seconds`. */
export class RetryLater extends Error {
  constructor(readonly seconds: number) {
    super(`retry in ${seconds} s`);
  }
}
