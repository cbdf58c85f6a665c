// How many queue files one pass indexes (OX_CONNECTOR_PASS_MAX_FILES, decision 0338). A pass indexes every file it
// takes before provisioning any (phases, coalescing), so its memory grows with the files it takes: at a million
// queued files that was 720 MB. Taking the oldest N files bounds it; the files left out are all newer, so file
// order, which is the directory's order, still holds between passes and the phases hold within each.

export class PassWindow {
  private size: number;
  private partial = false;

  /** @param base files per pass; 0 takes the whole queue (the behaviour before decision 0338). */
  constructor(private readonly base: number) {
    this.size = base;
  }

  /** The items the next pass takes: the oldest `size` of `all`, in order. */
  take<T>(all: T[]): T[] {
    this.partial = this.base > 0 && all.length > this.size;
    return this.partial ? all.slice(0, this.size) : all;
  }

  /** The last take left newer items out: the pass cannot tell that an object is no longer queued at all. */
  get wasPartial(): boolean {
    return this.partial;
  }

  /**
   * After a pass. True when the next pass must follow at once because newer files wait beyond the window. A
   * partial window that moved nothing (every object in it parked, backing off or held) doubles, so newer files
   * are reached however many objects wait at the front; the window returns to its base once a pass takes the
   * whole queue.
   */
  afterPass(madeProgress: boolean): boolean {
    if (!this.partial) {
      this.size = this.base;
      return false;
    }
    if (!madeProgress) this.size *= 2;
    return true;
  }
}
