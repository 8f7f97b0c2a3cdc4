/**
 * An answer about one medicine leads with what the passages naming it say; a line quoted from a passage that never
 * names it (an oxygen line, another medicine's row) follows. The draft's own order stays within each part.
 */
import { describe, expect, it } from 'vitest';
import { medicineFirst } from '../../src/core/compose/draft-answer.js';
import { MedicineLexicon } from '../../src/core/question/medicines.js';
import { terms } from '../../src/core/text.js';
import { retrieved } from './factories.js';

const medicines = new MedicineLexicon(['naloxone', 'calcium chloride', 'amiodarone']);
const groupsOf = (q: string) => terms(q).map((t) => [[t]]);
const calcium = retrieved('calcium#0001', 'Adult Dose: Suspected hyperkalemia 1g (10mL) slow IV/IO push.', {
  title: 'Drug reference: calcium chloride',
});
const naloxone = retrieved('naloxone#0001', 'Adult Dose: 2-4 mg IN (1mg per nostril) or 2mg IM, maximum dose all routes 8mg.', {
  title: 'Drug reference: naloxone',
});
const draft = {
  sources: [calcium, naloxone],
  sentences: [
    { text: 'Adult Dose: Suspected hyperkalemia 1g (10mL) slow IV/IO push.', citations: [1] },
    { text: 'Adult Dose: 2-4 mg IN (1mg per nostril) or 2mg IM.', citations: [2] },
    { text: 'Maximum dose all routes 8mg.', citations: [2] },
  ],
};

describe('an answer about one medicine', () => {
  it('leads with the sentences from passages naming it, in their order, the others after', () => {
    const out = medicineFirst(draft, groupsOf('naloxone dose IN for an adult OD'), medicines);
    expect(out.sentences.map((s) => s.citations[0])).toEqual([2, 2, 1]);
    expect(out.sources).toBe(draft.sources);
  });

  it('leaves the draft as it is when the lead already names it, when none does, or for no or several medicines', () => {
    expect(medicineFirst(draft, groupsOf('calcium chloride dose for hyperkalemia'), medicines)).toBe(draft);
    expect(medicineFirst(draft, groupsOf('amiodarone dose for VT'), medicines)).toBe(draft);
    expect(medicineFirst(draft, groupsOf('what do I give for an overdose'), medicines)).toBe(draft);
    expect(medicineFirst(draft, groupsOf('naloxone and calcium chloride together'), medicines)).toBe(draft);
    expect(medicineFirst(draft, groupsOf('naloxone dose'), undefined)).toBe(draft);
  });
});
