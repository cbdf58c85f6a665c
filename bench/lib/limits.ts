/**
 * The physical limit of provisioning against an OX that answers each call after `latencyMs`: with
 * `concurrency` calls in flight and `callsPerObject` calls per object, no connector can do better
 * than concurrency × 1000 / (latencyMs × callsPerObject) objects per second. Dividing the measured
 * rate by it says how much of the time the connector keeps OX busy.
 */
export function physicalLimitPerSecond(concurrency: number, latencyMs: number, callsPerObject: number): number {
  if (callsPerObject <= 0 || latencyMs <= 0) return Infinity;
  return (concurrency * 1000) / (latencyMs * callsPerObject);
}
