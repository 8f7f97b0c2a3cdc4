/**
 * Property (issue 28): for any per-kg dose, weight and maximum, the dose shown never exceeds the maximum, and where
 * the product is below the maximum it is the product: exactly, or rounded down to 4 significant figures (and the
 * line says so) when it needs more. Checked on the structured result and on the figures of the line itself, with the maximum in
 * the dose's unit or in another unit of the same kind (mg beside micrograms, g beside mg).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workOut } from '../../src/core/compose/dose-calculation.js';
import { parseDose } from '../../src/core/compose/dose-parse.js';
import { convert, Dec, unitOf } from '../../src/core/compose/dose-units.js';

/** A positive decimal with up to `places` decimal places, as a source or a question would write it. */
const decimal = (max: number, places: number) =>
  fc
    .integer({ min: 1, max: max * 10 ** places })
    .map((n) => new Dec(n).dividedBy(10 ** places).toFixed())
    .filter((s) => s.length > 0);

const UNITS = [
  ['mg', 'mg'],
  ['micrograms', 'mg'],
  ['mg', 'g'],
  ['g', 'mg'],
  ['units', 'units'],
  ['mmol', 'mmol'],
  ['mL', 'mL'],
  ['J', 'J'],
  ['micrograms', 'micrograms'],
] as const;

const caseArb = fc.record({
  dose: decimal(1000, 3),
  weight: decimal(350, 2),
  max: decimal(10000, 2),
  units: fc.constantFrom(...UNITS),
  period: fc.constantFrom('', '/hour', '/minute', '/day'),
});

describe('the shown dose against the product and the maximum', () => {
  it('never exceeds the maximum, and equals the product below it', () => {
    fc.assert(
      fc.property(caseArb, ({ dose, weight, max, units: [doseUnit, maxUnit], period }) => {
        const quote = `Give ${dose} ${doseUnit}/kg${period} (maximum ${max} ${maxUnit}${period})`;
        const r = workOut(parseDose(quote), weight);
        expect(r.ok, quote).toBe(true);
        if (!r.ok) return;
        const part = r.dose.parts[0];
        expect(part, quote).toBeDefined();
        if (!part) return;
        const du = unitOf(doseUnit);
        const mu = unitOf(maxUnit);
        if (!du || !mu) throw new Error('unit');
        const maxInDose = convert(new Dec(max), mu, du);
        const product = new Dec(dose).times(weight);
        const shown = new Dec(part.result.lo);
        expect(part.product.lo).toBe(product.toFixed());
        expect(shown.lessThanOrEqualTo(maxInDose), quote).toBe(true);
        if (product.lessThanOrEqualTo(maxInDose)) {
          expect(part.maximum?.capped).toBe(false);
          if (product.sd() <= 4) expect(shown.equals(product), quote).toBe(true);
          else {
            expect(shown.lessThanOrEqualTo(product)).toBe(true);
            expect(shown.equals(product.toSignificantDigits(4, 1)), quote).toBe(true);
            expect(part.rounded).toBe(true);
          }
          expect(r.dose.text).toContain(`(within the ${max} `);
        } else {
          expect(part.maximum?.capped).toBe(true);
          expect(shown.equals(maxInDose), quote).toBe(true);
          expect(r.dose.text).toContain(`, capped at the ${max} `);
        }
        // The line shows the exact product the reader checks, and says when the dose to give was rounded.
        expect(r.dose.text).toContain(`× ${weight} kg = ${product.toFixed()} `);
        expect(r.dose.text.includes('rounded down to')).toBe(product.lessThanOrEqualTo(maxInDose) && product.sd() > 4);
      }),
      { numRuns: 2000 },
    );
  });

  it('caps each end of a range, never letting the top exceed the maximum or fall below the bottom', () => {
    fc.assert(
      fc.property(decimal(100, 2), decimal(100, 2), decimal(150, 1), decimal(5000, 1), (a, b, weight, max) => {
        const [lo, hi] = new Dec(a).lessThan(b) ? [a, b] : [b, a];
        if (lo === hi) return;
        const r = workOut(parseDose(`${lo}–${hi} mg/kg (maximum ${max} mg)`), weight);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const part = r.dose.parts[0];
        if (!part) throw new Error('no part');
        const top = new Dec(part.result.hi ?? part.result.lo);
        expect(top.lessThanOrEqualTo(max)).toBe(true);
        expect(new Dec(part.result.lo).lessThanOrEqualTo(top)).toBe(true);
        expect(new Dec(part.result.lo).lessThanOrEqualTo(new Dec(lo).times(weight))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
