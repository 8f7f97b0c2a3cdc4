/**
 * When a deployment's ratings are enough to calibrate on, and how far it is from that. The figures a label
 * states after `rounds calibrate` are promises to every clinician who reads them, so:
 * - thresholds are fitted only on at least 200 rated answers with at least 30 👎 (fewer 👎 and Youden's J and the
 *   approved shares rest on a handful of bad answers);
 * - weights are refitted only on at least 1,000 rated answers with at least 150 👎 (a dozen weights need an order
 *   of magnitude more than three thresholds), and then only when they predict held-out ratings better;
 * - a fit is refused when the medium label's approved share is not known to within ±10 points (the half-width of
 *   its 95% Wilson interval): Medium is where most answers land, and "91% ± 15" promises nothing.
 */
import { wilson } from './report.js';

export const CALIBRATION_MINIMUM = { rated: 200, down: 30 };
export const WEIGHTS_MINIMUM = { rated: 1000, down: 150 };
export const MAX_HALF_WIDTH = 0.1;

export interface Interval {
  share: number;
  n: number;
  low: number;
  high: number;
}

export function interval(successes: number, n: number): Interval | undefined {
  if (n === 0) return undefined;
  const [low, high] = wilson(successes, n);
  return { share: successes / n, n, low, high };
}

export const halfWidth = (i: Interval) => (i.high - i.low) / 2;

/** What is missing before a deployment may calibrate; undefined when it has enough. */
export function shortfall(rated: number, down: number, min = CALIBRATION_MINIMUM): { more: number; moreDown: number } | undefined {
  const moreDown = Math.max(0, min.down - down);
  const more = Math.max(min.rated - rated, moreDown);
  return more > 0 || moreDown > 0 ? { more, moreDown } : undefined;
}

export function shortfallText(rated: number, down: number): string {
  const s = shortfall(rated, down);
  if (!s) return `${rated} rated answers (${down} 👎): enough to calibrate`;
  const min = CALIBRATION_MINIMUM;
  return (
    `${rated} rated answers (${down} 👎) of the ${min.rated} (at least ${min.down} 👎) needed: ` +
    `${s.more} more rated answer${s.more === 1 ? '' : 's'} needed${s.moreDown ? `, at least ${s.moreDown} of them 👎` : ''}`
  );
}

/** The smallest n at which a share like `share` has a 95% Wilson half-width within `max`. */
export function ratedNeededFor(share: number, max = MAX_HALF_WIDTH): number {
  for (let n = 1; n < 100_000; n += 1) {
    const i = interval(Math.round(share * n), n);
    if (i && halfWidth(i) <= max) return n;
  }
  return 100_000;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Why the medium label's figure is too uncertain to promise, naming how many more ratings would settle it;
 * undefined when it is known well enough.
 */
export function tooWide(medium: Interval | undefined, rated: number): string | undefined {
  if (!medium) return 'no rated answer would be labelled Medium, so its figure cannot be measured';
  const width = halfWidth(medium);
  if (width <= MAX_HALF_WIDTH) return undefined;
  const need = ratedNeededFor(medium.share);
  const moreMedium = Math.max(1, need - medium.n);
  const more = Math.ceil((moreMedium * rated) / medium.n);
  return (
    `the medium label's approved share, ${pct(medium.share)} (95% interval ${pct(medium.low)}–${pct(medium.high)}, ${medium.n} answers), ` +
    `is known only to within ±${(width * 100).toFixed(1)} points; a label may state a figure known to within ±${Math.round(MAX_HALF_WIDTH * 100)}. ` +
    `About ${moreMedium} more rated Medium answers are needed: at this mix of labels, about ${more} more rated answers`
  );
}
