/**
 * Two paged manuals in the shapes text extracted from PDF takes, written for these tests (no third-party text):
 *
 * - countyManual: a service's treatment protocols, an agency header and a running title on every page ("Treatment
 *   Protocol: ASTHMA Ref. No. 701") with the page number in the header, an adult and a paediatric version of each
 *   topic (the paediatric one says so only by its doses per kilogram and age bands), numbered steps with sub-lines,
 *   footnote markers (❶), a subscript split onto its own line ("O" / "2"), letters spaced as decoration.
 * - trustBinder: a hospital's policy binder, the running title in a footer above "Page 3 of 7" and a document
 *   control line, chapters filed as "Policy 4.2".
 */

function countyPage(title: string, ref: string, revised: string, page: number, total: number, body: string): string {
  return [
    'REGIONAL HEALTH DEPARTMENT ',
    'MIDLAND COUNTY ',
    ' ',
    `Treatment Protocol: ${title} Ref. No. ${ref} `,
    ' ',
    ' ',
    ' ',
    `REVISED: ${revised} PAGE ${page} OF ${total} `,
    'Return to Index ',
    body,
    '',
  ].join('\n');
}

export function countyManual(): string {
  const total = 8;
  return [
    '# 55501 MidlandCountyProtocols',
    countyPage(
      'ASTHMA',
      '701',
      '03-01-24',
      1,
      total,
      [
        '1. Assess airway and breathing (MCG 900) ',
        ' ',
        '2. Administer Oxygen to keep SpO',
        '2',
        ' between 94 and 98% ',
        ' ',
        '3. For wheezing or bronchospasm: ❶',
        'Salbutamol 5mg via nebuliser, repeat every 20 minutes x2 prn',
        'OR',
        'Salbutamol 8 puffs via spacer if no nebuliser',
        ' ',
        '4. For severe asthma with poor air entry:',
        'Epinephrine (1mg/mL) 0.5mg IM in the lateral thigh',
        'May repeat after 5 min if no improvement, maximum 3 doses',
      ].join('\n'),
    ),
    countyPage(
      'ASTHMA',
      '701',
      '03-01-24',
      2,
      total,
      [
        'S  P  E  C  I  A  L     N  O  T  E  S',
        'SPECIAL CONSIDERATIONS ',
        ' ',
        '❶ Patients who remain breathless after three nebulisers need early transport and a call to the receiving',
        'hospital, because they are at risk of tiring and of sudden deterioration on the way.',
      ].join('\n'),
    ),
    countyPage(
      'ASTHMA',
      '701-P',
      '06-15-24',
      3,
      total,
      [
        '1. Assess airway and breathing (MCG 900) ',
        ' ',
        '2. For wheezing or bronchospasm:',
        '< 5 years of age: Salbutamol 2.5mg via nebuliser',
        '≥ 5 years of age: Salbutamol 5mg via nebuliser',
        ' ',
        '3. For severe asthma with poor air entry:',
        'Epinephrine (1mg/mL) 0.01mg/kg IM, maximum single dose 0.3mg',
        ' ',
        '4. For poor perfusion:',
        'Normal Saline 20mL/kg IV rapid infusion',
      ].join('\n'),
    ),
    countyPage(
      'ASTHMA',
      '701-P',
      '06-15-24',
      4,
      total,
      ['5. Reassess every 5 minutes ', 'Monitor for fatigue and silent chest'].join('\n'),
    ),
    countyPage(
      'SEIZURE',
      '702',
      '03-01-24',
      5,
      total,
      [
        '1. Protect the patient from injury ',
        ' ',
        '2. For seizure lasting 5 minutes or more:',
        'Midazolam 10mg IM, may repeat x1 in 10 min prn',
        '3. Check blood glucose; if below 60 mg/dL treat per Ref. No. 703',
      ].join('\n'),
    ),
    countyPage('SEIZURE', '702', '03-01-24', 6, total, ['4. Place in recovery position once the seizure stops'].join('\n')),
    countyPage(
      'SEIZURE',
      '702-P',
      '03-01-24',
      7,
      total,
      [
        '1. Protect the patient from injury ',
        ' ',
        '2. For seizure lasting 5 minutes or more:',
        'Midazolam 0.2mg/kg IM, maximum 10mg',
        'Repeat x1 in 10 min prn at 0.2mg/kg',
      ].join('\n'),
    ),
    countyPage('SEIZURE', '702-P', '03-01-24', 8, total, ['3. For fever, cool the child and treat per Ref. No. 704-P'].join('\n')),
  ].join('\n');
}

function binderPage(policy: string, title: string, page: number, total: number, body: string): string {
  return [body, '', `${title} — Policy ${policy}`, 'Document control: uncontrolled when printed', `Page ${page} of ${total}`, ''].join(
    '\n',
  );
}

export function trustBinder(): string {
  const total = 4;
  return [
    binderPage(
      '4.1',
      'Blood glucose monitoring in adults',
      1,
      total,
      [
        'Checking capillary blood glucose on the wards.',
        '1. Check capillary blood glucose before meals and at bedtime for patients on insulin.',
        '2. If the reading is below 4.0 mmol/L, treat as hypoglycaemia and recheck after 15 minutes.',
      ].join('\n'),
    ),
    binderPage(
      '4.1',
      'Blood glucose monitoring in adults',
      2,
      total,
      ['3. Record every reading on the glucose chart and escalate two readings above 20 mmol/L.'].join('\n'),
    ),
    binderPage(
      '4.2',
      'Insulin pump care',
      3,
      total,
      [
        'Patients who manage their own pump keep doing so while they are able.',
        '1. Ask the patient to show the basal rate on the pump and record it.',
      ].join('\n'),
    ),
    binderPage('4.2', 'Insulin pump care', 4, total, ['2. Remove the pump before an MRI scan and store it safely.'].join('\n')),
  ].join('\n');
}
