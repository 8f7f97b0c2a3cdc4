/**
 * A knowledge base written elsewhere, as another service writes it: a protocol, its drug reference and the quality
 * review that audits both. The audit's items ("Adenosine not administered for SVT") do not answer, and a medicine
 * the protocols mention only in passing (calcium gluconate beside calcium chloride's dose) is not dosed from another
 * medicine's line. Real embedded Chroma, the offline composer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

const DOCS: Record<string, string> = {
  'tachycardia.md': `---
title: Tachycardia with a pulse
---
# Tachycardia with a pulse

## Narrow complex (SVT), adequate perfusion

1. Attempt vagal manoeuvres.
2. Adenosine 6 mg rapid IV push followed by a 20 mL saline flush.
3. If no conversion, adenosine 12 mg rapid IV push; may repeat once.

## Poor perfusion

1. Synchronized cardioversion at 120 J.
`,
  'hyperkalaemia.md': `---
title: Crush injury and hyperkalaemia
---
# Crush injury and hyperkalaemia

## Treatment

- For suspected hyperkalaemia with ECG changes: calcium chloride 1 g (10 mL) slow IV push, may repeat once.
- Sodium bicarbonate 50 mEq slow IV push after calcium chloride.
- Flush the line between doses: sodium bicarbonate precipitates with calcium chloride or calcium gluconate.
`,
  'post-arrest.md': `---
title: Care after return of spontaneous circulation
---
# Care after return of spontaneous circulation

## Destination

- Transport every patient with ROSC to a cardiac centre, where targeted temperature management and early
  angiography are available.
- Ventilate at 10 breaths per minute and keep the oxygen saturation at 94–98%.
`,
  'hyperthermia.md': `---
title: Hyperthermia (environmental)
---
# Hyperthermia (environmental)

1. Remove the patient from the heat.
2. If the skin is hot to touch or the measured temperature is greater than 39 °C, initiate cooling measures.
`,
  'colour-code-chart.md': `---
title: Colour-code drug doses
population: paediatric
---
# Colour-code drug doses

## Purple (10–11 kg)

- Midazolam seizure IN/IM 2.2 mg (0.44 mL)
- Dextrose 10% 55 mL

## White (15–18 kg)

- Midazolam seizure IN/IM 3 mg (0.6 mL)
- Dextrose 10% 75 mL
`,
  'glucagon-reference.md': `---
title: Drug reference – glucagon
---
# Drug reference – glucagon

**Adult Dose**

1 mg IM, may repeat once in 20 minutes for hypoglycaemia when venous access cannot be established

**Other Indications (Not authorized for EMS administration)**

Treatment of beta-blocker overdose with bradycardia
`,
  'nausea-paediatric.md': `---
title: Nausea and vomiting (paediatric)
population: paediatric
---
# Nausea and vomiting (paediatric)

1. Assess hydration and check blood glucose.
2. For nausea or vomiting in patients 4 years old or older: ondansetron 4 mg ODT, may repeat once after 15 minutes.
`,
  'quality-review.md': `---
title: Protocol quality review
---
# Protocol quality review

## Cardiac

- Adenosine not administered for SVT with adequate perfusion when vagal manoeuvres fail
- Adenosine 12 mg not given after no conversion with 6 mg
- Synchronized cardioversion not performed for SVT with poor perfusion
- Calcium chloride not administered for suspected hyperkalaemia with ECG changes
- Sodium bicarbonate not administered after calcium chloride
- 12-lead ECG not obtained
- Incorrect dose of adenosine administered
`,
};

let rt: TestRuntime;
let dir: string;
const everything = { name: 'all', collections: ['*'], followUps: true, feedbackButtons: true };
const ask = (text: string) => answer({ text, platform: 'cli' }, rt.answerDeps, { profile: everything });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rounds-other-service-'));
  for (const [name, text] of Object.entries(DOCS)) writeFileSync(join(dir, name), text);
  rt = await createTestRuntime({ knowledgeDir: dir });
});

afterAll(async () => {
  await rt?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe("another service's protocols and their quality review", () => {
  it('answers an adenosine question from the protocol, not from the audit items', async () => {
    const a = await ask('adenosine dose for svt, pt stable');
    expect(a.status).toBe('answered');
    expect(a.citations[0]?.docId).toBe('tachycardia');
    expect(a.text).toMatch(/Adenosine 6 mg rapid IV push/);
    expect(a.text).not.toMatch(/not administered|not given/);
  });

  it('does not answer a temperature asked for with a passage that states none', async () => {
    const a = await ask('target temperature for cooling after ROSC');
    expect(a.status).toBe('insufficient_evidence');
    expect(a.warnings.join(' ')).toMatch(/No quoted passage states the temperature asked for/);
    // A temperature stated for another situation (a hyperthermic patient's) is not the one asked for.
    expect(a.text).not.toMatch(/39 °C/);
    // A target the passage about the question states is answered.
    const sats = await ask('target sats after ROSC');
    expect(sats.status).toBe('answered');
    expect(sats.text).toMatch(/94–98%/);
    // An energy the protocol states is answered.
    const energy = await ask('cardioversion energy for svt with poor perfusion');
    expect(energy.status).toBe('answered');
    expect(energy.text).toMatch(/120 J/);
  });

  it('says so, and shows no more than Low, when the line quoted first is for an age band the patient is not in', async () => {
    const a = await ask('ondansetron for a 3 year old');
    expect(a.text).toMatch(/4 years old or older/);
    expect(['low', 'insufficient']).toContain(a.confidence.label);
    if (a.status === 'answered') expect(a.warnings.join(' ')).toMatch(/another age band than the patient's \(3 years\)/);
    const older = await ask('ondansetron for a 6 year old');
    expect(older.warnings.join(' ')).not.toMatch(/another age band/);
  });

  it("does not give a children's chart dose for an adult", async () => {
    const a = await ask('midazolam IN/IM for seizure in a 30 yo');
    expect(a.status).toBe('insufficient_evidence');
    expect(a.warnings.join(' ')).toMatch(/written for children; the question is about an adult \(30 years old\)/);
    // For a child, the chart answers.
    const child = await ask('midazolam IN/IM for seizure in a 4 yo, 16 kg');
    expect(child.status).toBe('answered');
    expect(child.text).toMatch(/Midazolam seizure IN\/IM/);
  });

  it('answers a use its reference says is not authorized with that line, not with a dose', async () => {
    const a = await ask('glucagon dose for beta blocker overdose');
    expect(a.status).toBe('answered');
    expect(a.text).toMatch(/^Other Indications \(Not authorized for EMS administration\): Treatment of beta-blocker overdose/);
    expect(a.text).not.toMatch(/1 mg IM/);
  });

  it("does not dose calcium gluconate from calcium chloride's line", async () => {
    const a = await ask("what's the dose of calcium gluconate in hyperkalaemia");
    expect(a.status).toBe('insufficient_evidence');
    expect(a.warnings.join(' ')).toMatch(/No quoted passage gives a dose of calcium gluconate/);
    // Calcium chloride, which the protocol does dose, is answered.
    const chloride = await ask('calcium chloride dose for hyperkalaemia');
    expect(chloride.status).toBe('answered');
    expect(chloride.text).toMatch(/1 g \(10 mL\) slow IV push/);
  });
});
