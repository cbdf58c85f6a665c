// What became of each attempt at an object, told to whoever watches the engine (the metrics of ops/, wired by
// cli/run.ts): provisioned (committed to the store), parked (a permanent failure, or transient ones too many
// times), transient (OX failed for it this time; it is tried again).
export type ObjectResult = 'provisioned' | 'parked' | 'transient';

export interface OutcomeObserver {
  objectOutcome(udmType: string, result: ObjectResult): void;
}
