/**
 * The chaos timers, scaled from the soak's length. For 60 minutes they are the issue's: a kill -9 every 1–5
 * minutes, OX stopped for 30 s every 10 minutes, slapd restarted every 15 minutes, each admin command every
 * 3 minutes. Shorter soaks scale them down linearly, with floors so that a 3-minute soak still sees several
 * kills, at least one outage and one slapd restart while the connector has time to work in between.
 */
export interface SoakSchedule {
  killMinMs: number;
  killMaxMs: number;
  outageEveryMs: number;
  outageMs: number;
  slapdEveryMs: number;
  slapdDownMs: number;
  adminEveryMs: number;
  queueSampleMs: number;
}

export function scheduleFor(minutes: number): SoakSchedule {
  const scale = minutes / 60;
  const at = (ms60: number, floorMs: number) => Math.max(floorMs, Math.round(ms60 * scale));
  return {
    killMinMs: at(60_000, 10_000),
    killMaxMs: at(300_000, 25_000),
    outageEveryMs: at(600_000, 60_000),
    outageMs: at(30_000, 5_000),
    slapdEveryMs: at(900_000, 50_000),
    slapdDownMs: at(10_000, 2_000),
    adminEveryMs: at(180_000, 15_000),
    queueSampleMs: 1_000,
  };
}
