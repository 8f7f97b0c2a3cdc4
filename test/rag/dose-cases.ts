/**
 * The table of weight-based dose questions for test/rag/dose-answers.test.ts (issue 28): each a question as a
 * clinician would type it and the one calculation line it must get, worked out by hand from the quoted row or
 * sentence, or the note that says why none was worked out.
 */

export const PAEDS = 'paediatric-emergency-doses';
export const ADULT_INFUSIONS = 'adult-weight-based-infusions';
const VANC = 'vancomycin-dosing-monitoring';

export interface Case {
  q: string;
  /** An earlier user turn of the thread. */
  thread?: string;
  /** The calculation line, and the document its citation must point to. */
  line?: string;
  doc?: string;
  /** A note the answer must carry instead of a calculation. */
  note?: RegExp;
  /** The answer abstains (so no calculation and no note). */
  abstains?: boolean;
  /** A document the answer must not cite (another patient group's). */
  notDoc?: string;
}

const GIVE_WEIGHT = /^Give the weight to have the dose worked out\.$/;

export const CASES: Case[] = [
  // Strengths and volumes, maxima not reached (paediatric arrest and arrhythmia table).
  {
    q: 'adenosine dose for SVT in a 15 kg child',
    doc: PAEDS,
    line: 'For 15 kg: 0.1 mg/kg × 15 kg = 1.5 mg (within the 6 mg maximum) = 0.5 mL of 3 mg/mL',
  },
  {
    q: 'second dose of adenosine for a 15 kg child',
    doc: PAEDS,
    line: 'For 15 kg: 0.2 mg/kg × 15 kg = 3 mg (within the 12 mg maximum) = 1 mL of 3 mg/mL',
  },
  {
    q: 'IV adrenaline dose in cardiac arrest for a 15 kg child',
    doc: PAEDS,
    line: 'For 15 kg: 10 micrograms/kg × 15 kg = 150 micrograms (within the 1 mg maximum per dose) = 1.5 mL of 100 micrograms/mL',
  },
  {
    q: 'IV adrenaline dose in cardiac arrest for an 8.75 kg child',
    doc: PAEDS,
    line: 'For 8.75 kg: 10 micrograms/kg × 8.75 kg = 87.5 micrograms (within the 1 mg maximum per dose) = 0.875 mL of 100 micrograms/mL',
  },
  {
    q: 'IV adrenaline dose in cardiac arrest for a 15,5 kg child',
    doc: PAEDS,
    line: 'For 15.5 kg: 10 micrograms/kg × 15.5 kg = 155 micrograms (within the 1 mg maximum per dose) = 1.55 mL of 100 micrograms/mL',
  },
  // mcg ↔ mg: a dose in micrograms capped at a maximum in mg, both units shown.
  {
    q: 'adrenaline dose for cardiac arrest, child 120 kg',
    doc: PAEDS,
    line: 'For 120 kg: 10 micrograms/kg × 120 kg = 1200 micrograms (1.2 mg), capped at the 1 mg maximum per dose: 1000 micrograms (1 mg) = 10 mL of 100 micrograms/mL',
  },
  {
    q: 'IM adrenaline for anaphylaxis in a 22 kg child',
    doc: PAEDS,
    line: 'For 22 kg: 10 micrograms/kg × 22 kg = 220 micrograms (within the 500 microgram maximum) = 0.22 mL of 1 mg/mL',
  },
  {
    q: 'IM adrenaline for anaphylaxis in a child weighing 60 kg',
    doc: PAEDS,
    line: 'For 60 kg: 10 micrograms/kg × 60 kg = 600 micrograms, capped at the 500 microgram maximum = 0.5 mL of 1 mg/mL',
  },
  {
    q: 'IM adrenaline for anaphylaxis in a 3.3 kg child',
    doc: PAEDS,
    line: 'For 3.3 kg: 10 micrograms/kg × 3.3 kg = 33 micrograms (within the 500 microgram maximum) = 0.033 mL of 1 mg/mL',
  },
  // Single-dose caps.
  {
    q: 'amiodarone dose in paediatric cardiac arrest 18 kg',
    doc: PAEDS,
    line: 'For 18 kg: 5 mg/kg × 18 kg = 90 mg (within the 300 mg maximum) = 3 mL of 30 mg/mL',
  },
  {
    q: 'amiodarone second dose after the fifth shock for a 40 kg child',
    doc: PAEDS,
    line: 'For 40 kg: 5 mg/kg × 40 kg = 200 mg, capped at the 150 mg maximum = 5 mL of 30 mg/mL',
  },
  // J/kg.
  { q: 'defibrillation energy for a 15 kg child in VF', doc: PAEDS, line: 'For 15 kg: 4 J/kg × 15 kg = 60 J (within the 120 J maximum)' },
  { q: 'defibrillation energy for a 30 kg child', doc: PAEDS, line: 'For 30 kg: 4 J/kg × 30 kg = 120 J (within the 120 J maximum)' },
  { q: 'defibrillation joules for a 45 kg child', doc: PAEDS, line: 'For 45 kg: 4 J/kg × 45 kg = 180 J, capped at the 120 J maximum' },
  // mmol.
  {
    q: 'sodium bicarbonate dose in prolonged paediatric arrest 12.5 kg',
    doc: PAEDS,
    line: 'For 12.5 kg: 1 mmol/kg × 12.5 kg = 12.5 mmol (within the 50 mmol maximum) = 12.5 mL of 1 mmol/mL',
  },
  // Ranges, capped in part.
  {
    q: 'fluid bolus for a 15 kg child in shock',
    doc: PAEDS,
    line: 'For 15 kg: 10–20 mL/kg × 15 kg = 150–300 mL (within the 500 mL maximum per dose)',
  },
  {
    q: 'fluid bolus for a 40 kg child in shock from diarrhoea',
    doc: PAEDS,
    line: 'For 40 kg: 10–20 mL/kg × 40 kg = 400–800 mL, capped at the 500 mL maximum per dose: 400–500 mL',
  },
  // A per-dose maximum and a daily total maximum in one sentence.
  {
    q: 'paracetamol dose for a 20kg child',
    doc: PAEDS,
    line: 'For 20 kg: 15 mg/kg × 20 kg = 300 mg (within the 1 g maximum per dose); maximum 60 mg/kg/day × 20 kg = 1200 mg/day (within the 4 g maximum per day)',
  },
  {
    q: 'paracetamol dose for a child of 80 kg',
    doc: PAEDS,
    line: 'For 80 kg: 15 mg/kg × 80 kg = 1200 mg, capped at the 1 g maximum per dose: 1000 mg; maximum 60 mg/kg/day × 80 kg = 4800 mg/day, capped at the 4 g maximum per day: 4000 mg/day',
  },
  {
    q: 'paracetamol dose for a 15-kg child',
    doc: PAEDS,
    line: 'For 15 kg: 15 mg/kg × 15 kg = 225 mg (within the 1 g maximum per dose); maximum 60 mg/kg/day × 15 kg = 900 mg/day (within the 4 g maximum per day)',
  },
  {
    q: 'ibuprofen dose for a 50 kg child',
    doc: PAEDS,
    line: 'For 50 kg: 5–10 mg/kg × 50 kg = 250–500 mg, capped at the 400 mg maximum per dose: 250–400 mg; maximum 30 mg/kg/day × 50 kg = 1500 mg/day, capped at the 1.2 g maximum per day: 1200 mg/day',
  },
  {
    q: 'ibuprofen dose for a 12.5 kg child',
    doc: PAEDS,
    line: 'For 12.5 kg: 5–10 mg/kg × 12.5 kg = 62.5–125 mg (within the 400 mg maximum per dose); maximum 30 mg/kg/day × 12.5 kg = 375 mg/day (within the 1.2 g maximum per day)',
  },
  {
    q: 'morphine IV dose for a 13.7 kg child in severe pain',
    doc: PAEDS,
    line: 'For 13.7 kg: 100 micrograms/kg × 13.7 kg = 1370 micrograms (1.37 mg) (within the 5 mg maximum per dose)',
  },
  // Infusions per kg per hour and per minute.
  {
    q: 'what rate does a morphine infusion run at for a child of 15 kg',
    doc: PAEDS,
    line: 'For 15 kg: 10–40 micrograms/kg/hour × 15 kg = 150–600 micrograms/hour',
  },
  {
    q: 'adrenaline infusion for refractory anaphylaxis in a 15 kg child',
    doc: PAEDS,
    line: 'For 15 kg: 0.05–1 micrograms/kg/minute × 15 kg = 0.75–15 micrograms/minute',
  },
  // Grams, and mL without a maximum.
  {
    q: 'oral glucose for a hypo in a 20 kg child who can swallow',
    doc: PAEDS,
    line: 'For 20 kg: 0.3 g/kg × 20 kg = 6 g (within the 15 g maximum)',
  },
  {
    q: 'oral glucose for a 60 kg child with a hypo who can swallow',
    doc: PAEDS,
    line: 'For 60 kg: 0.3 g/kg × 60 kg = 18 g, capped at the 15 g maximum',
  },
  { q: 'IV glucose for an unconscious 18 kg child with low blood sugar', doc: PAEDS, line: 'For 18 kg: 2 mL/kg × 18 kg = 36 mL' },
  // Adults: the vancomycin loading dose (range, capped), and the fixture's units.
  {
    q: 'vancomycin loading dose for a 110 kg patient in septic shock',
    doc: VANC,
    line: 'For 110 kg: 25–30 mg/kg × 110 kg = 2750–3300 mg, capped at the 3 g maximum: 2750–3000 mg',
  },
  {
    q: 'vancomycin loading dose for a 70 kg patient',
    doc: VANC,
    line: 'For 70 kg: 25–30 mg/kg × 70 kg = 1750–2100 mg (within the 3 g maximum)',
  },
  {
    q: 'fixed rate insulin infusion rate for a 72.4 kg adult',
    doc: ADULT_INFUSIONS,
    line: 'For 72.4 kg: 0.1 units/kg/hour × 72.4 kg = 7.24 units/hour (within the 15 unit maximum per hour)',
  },
  {
    q: 'fixed rate insulin infusion rate for a 160 kg adult',
    doc: ADULT_INFUSIONS,
    line: 'For 160 kg: 0.1 units/kg/hour × 160 kg = 16 units/hour, capped at the 15 unit maximum per hour',
  },
  {
    q: 'heparin loading dose and infusion for a 90 kg adult',
    doc: ADULT_INFUSIONS,
    line: 'For 90 kg: 80 units/kg × 90 kg = 7200 units, capped at the 5000 unit maximum; 18 units/kg/hour × 90 kg = 1620 units/hour, capped at the 1000 unit maximum per hour',
  },
  {
    q: 'lidocaine maximum dose for local infiltration in a 70 kg adult',
    doc: ADULT_INFUSIONS,
    line: 'For 70 kg: 3 mg/kg × 70 kg = 210 mg, capped at the 200 mg maximum in total = 20 mL of 10 mg/mL',
  },
  {
    q: 'sodium bicarbonate for severe metabolic acidosis in a 80 kg adult',
    doc: ADULT_INFUSIONS,
    line: 'For 80 kg: 1 mEq/kg × 80 kg = 80 mEq (within the 100 mEq maximum) = 80 mL of 1 mEq/mL',
  },
  {
    q: 'noradrenaline infusion dose for a 70 kg adult in vasodilatory shock',
    doc: ADULT_INFUSIONS,
    line: 'For 70 kg: 0.05–0.5 micrograms/kg/minute × 70 kg = 3.5–35 micrograms/minute',
  },
  // The weight from an earlier turn of the thread; the question's own weight wins over the thread's.
  {
    q: 'what is the adenosine dose for SVT?',
    thread: 'my patient is a 15 kg child',
    doc: PAEDS,
    line: 'For 15 kg: 0.1 mg/kg × 15 kg = 1.5 mg (within the 6 mg maximum) = 0.5 mL of 3 mg/mL',
  },
  {
    q: 'what about the fluid bolus?',
    thread: '15 kg child in shock from vomiting',
    doc: PAEDS,
    line: 'For 15 kg: 10–20 mL/kg × 15 kg = 150–300 mL (within the 500 mL maximum per dose)',
  },
  {
    q: 'IM adrenaline dose for anaphylaxis?',
    thread: 'child, weight 22 kg',
    doc: PAEDS,
    line: 'For 22 kg: 10 micrograms/kg × 22 kg = 220 micrograms (within the 500 microgram maximum) = 0.22 mL of 1 mg/mL',
  },
  {
    q: 'IM adrenaline dose for anaphylaxis in a 30 kg child',
    thread: 'child, weight 22 kg',
    doc: PAEDS,
    line: 'For 30 kg: 10 micrograms/kg × 30 kg = 300 micrograms (within the 500 microgram maximum) = 0.3 mL of 1 mg/mL',
  },
  // No weight, or no usable one: a note, never a guess. Age alone gives no weight.
  { q: 'adenosine dose for SVT in a child', note: GIVE_WEIGHT },
  { q: 'paracetamol dose for a 4 year old', note: GIVE_WEIGHT },
  {
    q: 'paracetamol dose for a 44 lb child',
    note: /^Give the weight in kilograms to have the dose worked out: Rounds does not convert "44 lb"\.$/,
  },
  { q: 'paracetamol dose for a child weighing 15', note: /^Give the weight in kilograms to have the dose worked out/ },
  { q: 'ibuprofen dose for a child who was 18 kg and is now 20 kg', note: /^The question gives more than one weight \(18 kg, 20 kg\)/ },
  // Implausible for the patient group.
  {
    q: 'paracetamol dose for a 150 kg child',
    note: /^No dose was worked out: 150 kg is outside the plausible weight for the child group \(2–120 kg\)\. Check the weight\.$/,
  },
  {
    q: 'vancomycin loading dose for a 2 kg adult',
    note: /^No dose was worked out: 2 kg is outside the plausible weight for the adult group \(25–350 kg\)/,
  },
  { q: 'fluid bolus for a 0 kg child in shock', note: /^No dose was worked out: 0 kg is outside the plausible weight/ },
  // The question names adults and the children's weight table shares the most words: it is set back, and the adult
  // line answers (the transfusion guideline's "adrenaline 0.5 mg IM", the infusion sheet's "1 g every 6 hours"), a
  // fixed dose with nothing per kg to work out. Never the children's per-kg dose.
  { q: 'IM adrenaline dose for anaphylaxis in a 70 kg adult', notDoc: PAEDS },
  { q: 'IV paracetamol dose for a 70 kg adult', notDoc: PAEDS },
  // Adult fixed doses: nothing per kg to work out, nothing to say.
  { q: 'what is the apixaban dose for AF in an 80 kg patient' },
  // Abstentions get no calculation.
  { q: 'vancomycin dose for a 20 kg child', abstains: true },
  { q: 'how much glucose to give a 3 kg newborn with hypoglycaemia', abstains: true },
];
