// In-memory memory of the running process for /readyz and the status page: when OX last answered, and how many
// objects were provisioned per minute over the last quarter of an hour.

/** OX counts as needed and missing when its last call got no answer and no answer came within this. */
export const OX_ANSWER_WINDOW_MS = 60_000;

export class OxActivity {
  private lastAnswered: number | undefined;
  private lastUnanswered: number | undefined;

  callEnded(answered: boolean, now = Date.now()): void {
    if (answered) this.lastAnswered = now;
    else this.lastUnanswered = now;
  }

  /**
   * Ready unless OX is needed and silent: its latest call went unanswered and nothing it answered is more
   * recent than a minute. No call at all (nothing needed OX) is ready.
   */
  ready(now = Date.now()): boolean {
    if (this.lastUnanswered === undefined) return true;
    if (this.lastAnswered === undefined) return false;
    return this.lastAnswered >= this.lastUnanswered || now - this.lastAnswered <= OX_ANSWER_WINDOW_MS;
  }

  /** For the page: epoch ms of the last answer, if any. */
  get lastAnswerAt(): number | undefined {
    return this.lastAnswered;
  }
}

const MINUTE_MS = 60_000;
export const RATE_MINUTES = 15;

/** Provisioned objects per minute, a ring of the last RATE_MINUTES minutes. */
export class Throughput {
  private readonly counts = new Array<number>(RATE_MINUTES).fill(0);
  private readonly minutes = new Array<number>(RATE_MINUTES).fill(-1);

  add(now = Date.now()): void {
    const minute = Math.floor(now / MINUTE_MS);
    const slot = minute % RATE_MINUTES;
    if (this.minutes[slot] !== minute) {
      this.minutes[slot] = minute;
      this.counts[slot] = 0;
    }
    this.counts[slot] += 1;
  }

  /** Objects provisioned in the last `minutes` minutes (the current one included). */
  inLast(minutes: number, now = Date.now()): number {
    const current = Math.floor(now / MINUTE_MS);
    let sum = 0;
    for (let i = 0; i < RATE_MINUTES; i++) if (current - this.minutes[i] < minutes) sum += this.counts[i];
    return sum;
  }
}
