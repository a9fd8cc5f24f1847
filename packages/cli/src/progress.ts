import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  update: (done: number, total: number) => void;
  stop: () => void;
}

/** A progress bar on a terminal; on a pipe or in CI, a line every tenth of the way. */
export function createProgress(label: string): Progress {
  if (process.stdout.isTTY) return terminalBar(label);
  let lastTenth = -1;
  return {
    update: (done, total) => {
      const tenth = Math.floor((done / Math.max(total, 1)) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      console.log(`${label}: ${done}/${total}`);
    },
    stop: () => {},
  };
}

function terminalBar(label: string): Progress {
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, hideCursor: true },
    Presets.shades_classic,
  );
  let isStarted = false;
  return {
    update: (done, total) => {
      if (!isStarted) bar.start(total, 0);
      isStarted = true;
      bar.update(done);
    },
    stop: () => {
      if (isStarted) bar.stop();
    },
  };
}
