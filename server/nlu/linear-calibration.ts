/** A held-out row's class scores and its true class (`-1`: none of them — off-topic text). */
export interface Scored {
  scores: Float64Array;
  target: number;
}

/** How raw scores become probabilities: `softmax([...scores, noneScore] / temperature)`. */
export interface Calibration {
  temperature: number;
  /** Score of the "none of these" option; `null` when there is none. */
  noneScore: number | null;
}

/**
 * Class probabilities of raw scores, in place. The "none of these" option
 * joins the softmax and keeps its share, so the class probabilities sum to
 * less than 1 when no class claims the message.
 */
export function calibrate(scores: Float64Array, { temperature, noneScore }: Calibration): Float64Array {
  const total = logSumExp(scores, temperature, noneScore);
  for (let c = 0; c < scores.length; c++) scores[c] = Math.exp((scores[c] as number) / temperature - total);
  return scores;
}

function logSumExp(scores: Float64Array, temperature: number, none: number | null): number {
  let max = none === null ? -Infinity : none / temperature;
  for (const s of scores) max = Math.max(max, s / temperature);
  let sum = none === null ? 0 : Math.exp(none / temperature - max);
  for (const s of scores) sum += Math.exp(s / temperature - max);
  return max + Math.log(sum);
}

/**
 * Fits the temperature (and, given off-topic rows, the none score) by
 * minimising the weighted negative log-likelihood of held-out rows — a few
 * rounds of golden-section search on each in turn. Off-topic rows together
 * weigh `offTopicShare` of the in-scope ones: the share of off-topic traffic assumed.
 */
export function fitCalibration(rows: Scored[], offTopicShare: number): Calibration {
  const inScope = rows.filter((r) => r.target >= 0).map(compact);
  const offTopic = rows.filter((r) => r.target < 0).map(compact);
  const offWeight = offTopic.length ? (offTopicShare * inScope.length) / offTopic.length : 0;
  const loss = (t: number, none: number | null) => {
    let total = 0;
    for (const scores of inScope) total += logSumExp(scores, t, none) - (scores[0] as number) / t;
    for (const scores of offTopic) total += offWeight * (logSumExp(scores, t, none) - (none ?? 0) / t);
    return total;
  };
  const fitTemperature = (none: number | null) => Math.exp(goldenSection((x) => loss(Math.exp(x), none), Math.log(0.01), Math.log(10)));
  let temperature = fitTemperature(null);
  if (!offTopic.length || !inScope.length) return { temperature, noneScore: null };
  let noneScore = 0;
  for (let round = 0; round < 3; round++) {
    noneScore = goldenSection((b) => loss(temperature, b), -3, 3);
    temperature = fitTemperature(noneScore);
  }
  return { temperature, noneScore };
}

/** The target's score first, then the 15 best others: the rest add nothing a softmax can see, and the fit runs hundreds of softmaxes. */
function compact({ scores, target }: Scored): Float64Array {
  const others = Array.from(scores).filter((_, c) => c !== target);
  others.sort((a, b) => b - a);
  return Float64Array.from([target >= 0 ? (scores[target] as number) : -Infinity, ...others.slice(0, 15)]);
}

function goldenSection(f: (x: number) => number, low: number, high: number, steps = 25): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let [lo, hi] = [low, high];
  for (let step = 0; step < steps; step++) {
    const a = hi - ratio * (hi - lo);
    const b = lo + ratio * (hi - lo);
    if (f(a) < f(b)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}
