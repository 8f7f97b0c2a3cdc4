/**
 * Identifiers with a shape: HIPAA Safe Harbor's categories that are numbers, codes, dates and addresses, in the US,
 * UK and EU forms a clinician types. Clinical numbers (doses, lab values, ranges such as "15-20 mg/kg", "INR 2-3",
 * scores, temperatures such as "101 F") must survive, so a digit pattern needs a cue word, an identifier-only shape
 * (NHS 3-3-4 with its check digit, SSN 3-2-4, IBAN) or an identifier length.
 */

export interface Rule {
  kind: string;
  token: string;
  pattern: RegExp;
  /** Keep the cue word ("MRN", "dob", "bed") and replace only the value, so the question still reads. */
  keepCue?: boolean;
  /** Accept or reject a match (checksums, age over 89); returns false to leave it. */
  accept?: (match: string, groups: Record<string, string | undefined>) => boolean;
}

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|' +
  'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|' +
  'januar|februar|m[äa]rz|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre';
const ORD = '(?:st|nd|rd|th|er)?';
/** A date with a day: 03/11/1942, 1942-11-03, 03.11.42, 3 Nov 1942, 03-Nov-1942, 3rd of November 1942, November 3, 1942. */
const DATE_DAY =
  `(?:\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})|\\d{4}[./-]\\d{1,2}[./-]\\d{1,2}|` +
  `\\d{1,2}${ORD}(?:\\s+of)?[\\s./-]*(?:${MONTHS})\\.?(?:[\\s,./-]+(?:\\d{4}|'?\\d{2}))?|` +
  `(?:${MONTHS})\\.?\\s+\\d{1,2}${ORD}(?:,?\\s+(?:\\d{4}|'\\d{2}))?)`;
/** Any date after a birth cue, month-year and year alone included. */
const DATE_ANY = `(?:${DATE_DAY}|(?:${MONTHS})\\.?\\s+\\d{4}|\\d{1,2}[./-]\\d{4}|(?:19|20)\\d{2})`;

const STREET =
  'street|st|road|rd|avenue|ave|av|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|close|cl|crescent|cres|terrace|terr?|square|sq|' +
  'grove|gardens|gdns|park|hill|row|mews|walk|rise|view|green|parade|vale|wharf|circle|cir|highway|hwy|parkway|pkwy|trail|trl|' +
  'gate|croft|meadow|meadows|fields|street|yard|hollow|heights|loop|pike|run|alley|plaza|estate|chase|glade|avenue';
/** Welsh, French, Italian, Spanish, Portuguese street words that come before the name: "7 Heol y Parc", "12 rue de la Paix". */
const STREET_FIRST =
  'heol|ffordd|stryd|l[oô]n|rhodfa|cilgant|rue|avenue|boulevard|chemin|all[ée]e|place|via|viale|piazza|corso|calle|avenida|plaza|paseo|rua|travessa';
const STREET_LAST = '(?:stra(?:ss|ß)e|str\\.|straat|weg|gasse|laan|platz|allee|gracht|steeg|plein|kade|vej|gatan|gade|veien)';
const ADDRESS_CUE = '(?:lives?|living|resides?|residing|resident|staying|moved|address(?:\\s+is)?|home)\\s+(?:at|in|on|is)?\\s*';
const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';
/** Codes that are not about a person: trial registrations, accession numbers, gene and sequence ids. */
const NOT_IDS =
  /^(?:PF|AZD|GSK|BMS|LY|ABT|MK|JNJ|CRT|TAK|BAY|SAR|GDC|AMG|BIBF|ARRY|INCB|SCH|ONO|NCT|ISRCTN|EUDRACT|PMC|PMID|GSE|GSM|GSE|SRR|ERR|DRR|PRJ|CHEMBL|ENS[GTP]|NM|NP|NR|XM|XP|HGNC|OMIM|MIM|RS|CID|DB|ATC|ICD|CAS|EC|UNII|SNOMED|LOINC)/i;
/** An identifier value after a cue: letters and digits with at least four digits ("K204871", "RTH-12345", "485 777 3456"). */
const ID_VALUE = `(?=[A-Z0-9/-]*\\d[\\s/-]?\\d[\\s/-]?\\d[\\s/-]?\\d)[A-Z0-9]+(?:[\\s/-][A-Z]{0,3}\\d[A-Z0-9]*|-[A-Z0-9]+){0,4}`;

function nhsChecksum(digits: string): boolean {
  if (digits.length !== 10) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  return (check === 11 ? 0 : check) === Number(digits[9]) && check !== 10;
}

function ibanChecksum(raw: string): boolean {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  if (s.length < 15 || s.length > 34) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

/** "grove" → "[Gg]rove": street words match capitalized or not while the words around them must be capitalized. */
function anyCase(words: string): string {
  return words
    .split('|')
    .map((w) => `[${w[0]}${w[0]?.toUpperCase()}]${w.slice(1)}`)
    .join('|');
}

const digitCount = (s: string) => (s.match(/\d/g) ?? []).length;

/** Capitalised words after a number that are units, not towns: ", 5000 Units heparin" keeps its dose. */
const UNIT_WORDS = '(?:Units?|Unit[eé]s?|Einheiten|Eenheden|International|IU|Micro|Milli|Mg|Ml|Mcg|Mmol)\\b';

// Order matters: specific, cue-led rules run before generic ones, and names run after all of these (names.ts).
export const RULES: Rule[] = [
  { kind: 'email', token: '[EMAIL]', pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g },
  { kind: 'url', token: '[URL]', pattern: /\b(?:https?:\/\/|www\.)[^\s<>"']+[^\s<>"'.,;:!?)]/gi },
  {
    kind: 'url',
    token: '[URL]',
    pattern:
      /\b[a-z][\w-]*(?:\.[a-z][\w-]*)*\.(?:com|org|net|info|io|uk|nhs|gov|edu|de|fr|eu|ie|nl|es|it|be|ch|at|se|dk|no|fi|pl|pt)\b(?:\/[^\s<>"']*[^\s<>"'.,;:!?)])?/gi,
    accept: (m) => m.includes('/') || m.split('.').length > 2,
  },
  {
    kind: 'ip',
    token: '[IP]',
    pattern:
      /\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b|(?<![\w:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}(?![\w:])/gi,
  },
  { kind: 'device', token: '[DEVICE]', pattern: /\b(?:[0-9A-F]{2}[:-]){5}[0-9A-F]{2}\b/gi },
  {
    kind: 'dob',
    token: '[DOB]',
    keepCue: true,
    pattern: new RegExp(
      `\\b(?:DOB|D\\.O\\.B\\.?|date of birth|birth ?date|born(?:\\s+(?:on|in))?|n[ée]e? le|date de naissance|geboren(?:\\s+am)?|geb\\.|fecha de nacimiento|nacid[oa](?:\\s+el)?)\\s*[:=-]?\\s*${DATE_ANY}`,
      'gi',
    ),
  },
  {
    kind: 'date',
    token: '[DATE]',
    keepCue: true,
    pattern: new RegExp(
      `\\b(?:admitted|admission|adm|discharged|discharge|died|death|deceased|DOD|DOA|DOS|seen|operated|surgery|op|delivered|delivery|transferred|presented|attended|visit|appointment|appt|dated|on)\\s*(?:on|date|of)?\\s*[:=-]?\\s*${DATE_DAY}`,
      'gi',
    ),
  },
  {
    kind: 'date',
    token: '[DATE]',
    pattern: new RegExp(`\\b${DATE_DAY}\\b`, 'gi'),
    accept: (m) => /\d{4}|['’]\d{2}$|[a-z]\.?[\s,./-]+\d{2}$|\d[./-]\d{1,2}[./-]\d/i.test(m),
  },
  // Ages over 89 (Safe Harbor: aggregate to "90 or older"). Younger ages are clinical information and stay.
  {
    kind: 'age',
    token: '[AGE 90+]',
    pattern:
      /\b(?<n>\d{2,3})(?:\s*|-)(?:y(?:ea)?rs?|y\/o|y\.?\s?o\.?|yo|y)\b(?:[\s-]*old)?|\b(?<n2>\d{2,3})-?(?:years?|yrs?|yr)-old\b|\b(?:aged?|age:|aet\.?|âgée? de|im alter von|edad(?: de)?)\s*(?<n3>\d{2,3})\b|\b(?<n4>\d{2,3})\s?(?:yo|y\/o)\s?[mf]\b/gi,
    accept: (_m, g) => {
      const n = Number(g.n ?? g.n2 ?? g.n3 ?? g.n4);
      return n >= 90 && n <= 130;
    },
  },
  {
    kind: 'age',
    token: '[AGE 90+]',
    pattern:
      /\b(?:aged?\s+)?(?:ninety|one[\s-]hundred(?:[\s-]and)?)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine|ten))?(?:[\s-]*(?:years?|yrs?|y\/o|yo)(?:[\s-]*old)?|(?<=aged?\s+\S+(?:[\s-]\S+)?))/gi,
  },
  {
    kind: 'mrn',
    token: '[MRN]',
    keepCue: true,
    pattern: new RegExp(
      `\\b(?:(?:MRN|M\\.R\\.N\\.?|URN?|NHS|CHI|HSC|IHI|EPR|EMR|PAS|RXX|identifier|ID)\\b\\.?\\s*(?:number|num|nbr|no\\.?|#|id|identifier|ref)?|(?:hosp(?:ital)?|medical record|health record|record|patient|pt|chart|case|unit|clinic|ref(?:erence)?|K)\\b\\.?\\s*(?:number|num|nbr|no\\.?|#|id|identifier|ref))\\.?\\s*[:#=]?\\s*${ID_VALUE}\\b`,
      'gi',
    ),
    accept: (m) => digitCount(m) >= 4,
  },
  {
    kind: 'insurance',
    token: '[INSURANCE]',
    keepCue: true,
    pattern: new RegExp(
      `\\b(?:medicare|medicaid|insurance|insurer|health(?:care)? (?:plan|card)|policy|member(?:ship)?|subscriber|beneficiary|EHIC|GHIC|carte vitale|versicherungsnummer|KVNR|tarjeta sanitaria|tessera sanitaria)\\b\\s*(?:number|num|no\\.?|#|id|card)?\\.?\\s*[:#=]?\\s*${ID_VALUE}\\b`,
      'gi',
    ),
  },
  // Medicare Beneficiary Identifier: 1EG4-TE5-MK73 (letters loosened: a mistyped one is still an identifier).
  { kind: 'insurance', token: '[INSURANCE]', pattern: /\b[1-9][A-Z][A-Z\d]\d-?[A-Z][A-Z\d]\d-?[A-Z]{2}\d{2}\b/g },
  {
    kind: 'account',
    token: '[ACCOUNT]',
    keepCue: true,
    pattern: new RegExp(
      `\\b(?:account|acct|a\\/c|bank|sort code|routing|IBAN|card)\\b\\s*(?:number|num|no\\.?|#)?\\.?\\s*[:#=]?\\s*${ID_VALUE}\\b`,
      'gi',
    ),
  },
  { kind: 'account', token: '[ACCOUNT]', pattern: /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/g, accept: ibanChecksum },
  { kind: 'account', token: '[ACCOUNT]', pattern: /\b\d{4}[\s-]\d{4}[\s-]\d{4}[\s-]\d{4}\b/g },
  {
    kind: 'licence',
    token: '[LICENCE]',
    keepCue: true,
    pattern: new RegExp(
      `\\b(?:driv(?:er|ing)['’]?s?\\s+licen[cs]e|licen[cs]e|DL|passport|permis|f[üu]hrerschein|certificate|cert)\\b\\s*(?:number|num|no\\.?|#|id)?\\.?\\s*[:#=]?\\s*${ID_VALUE}\\b`,
      'gi',
    ),
  },
  { kind: 'licence', token: '[LICENCE]', pattern: /\b[A-Z9]{5}\d{6}[A-Z9]{2}\d[A-Z]{2}\b/g },
  {
    kind: 'vehicle',
    token: '[VEHICLE]',
    keepCue: true,
    pattern:
      /\b(?:reg(?:istration)?|(?:number|licen[cs]e|car|vehicle)\s+plate|plates?|VIN|kennzeichen|immatriculation|matr[ií]cula|targa)\b\s*(?:number|no\.?|#)?\.?\s*[:#=]?\s*(?=[A-Z0-9 -]*\d)[A-Z0-9]{1,8}(?:[\s-][A-Z0-9]{1,8}){0,2}\b/gi,
    accept: (m) => !/^reg(?:istration)?\s+(?:no|number)?\s*\d{1,2}$/i.test(m.trim()),
  },
  {
    kind: 'vehicle',
    token: '[VEHICLE]',
    pattern: /\b[A-HJ-NPR-Z]{2}\d{2}\s?[A-HJ-NPR-Z]{3}\b|\b(?=[A-HJ-NPR-Z0-9]*[A-Z])(?=[A-HJ-NPR-Z0-9]*\d)[A-HJ-NPR-Z0-9]{17}\b/g,
  },
  {
    kind: 'device',
    token: '[DEVICE]',
    keepCue: true,
    pattern: new RegExp(
      `\\b(?:serial|S\\/N|SN|device(?:\\s+id)?|UDI|IMEI|lot|implant(?:\\s+id)?)\\b\\s*(?:number|num|no\\.?|#|id)?\\.?\\s*[:#=]?\\s*${ID_VALUE}\\b`,
      'gi',
    ),
  },
  // National identity numbers. US SSN; UK National Insurance; EU: French NIR, Italian codice fiscale, Spanish DNI/NIE,
  // Irish PPSN, Nordic personal numbers, Belgian national number.
  {
    kind: 'id',
    token: '[ID]',
    keepCue: true,
    pattern: new RegExp(
      `\\b(?:SSN|social security(?:\\s+number)?|SS#|NI|NINO|national insurance(?:\\s+number)?|PPSN?|BSN|NIR|DNI|NIE|NIF|PESEL|personnummer|CPR|codice fiscale|CF|tax id|TIN|national id|ID card|Ausweis)\\b\\s*(?:number|num|no\\.?|#)?\\.?\\s*[:#=]?\\s*${ID_VALUE}\\b`,
      'gi',
    ),
  },
  { kind: 'id', token: '[ID]', pattern: /\b\d{3}[-\s]\d{2}[-\s]\d{4}\b/g },
  { kind: 'id', token: '[ID]', pattern: /\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/g },
  { kind: 'id', token: '[ID]', pattern: /\b[12]\s?\d{2}\s?(?:0[1-9]|1[0-2])\s?(?:\d{2}|2A|2B)\s?\d{3}\s?\d{3}(?:\s?\d{2})?\b/g },
  { kind: 'id', token: '[ID]', pattern: /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/g },
  { kind: 'id', token: '[ID]', pattern: /\b[XYZ]?\d{7,8}-?[A-Z]{1,2}\b/g },
  { kind: 'id', token: '[ID]', pattern: /\b(?:19|20)?\d{6}[-+A]\d{3}[\dA-Z]\b|\b\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}\b/g },
  // An NHS number is 10 digits grouped 3-3-4 with a mod-11 check digit; other 3-3-4 groups are phone numbers.
  {
    kind: 'mrn',
    token: '[MRN]',
    pattern: /\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b/g,
    accept: (m) => nhsChecksum(m.replace(/\D/g, '')),
  },
  {
    kind: 'phone',
    token: '[PHONE]',
    keepCue: true,
    pattern:
      /\b(?:tel(?:ephone)?|phone|mob(?:ile)?|cell|fax|contact(?:\s+number)?|call(?:\s+(?:him|her|them|on))?|ring|whatsapp|pager|t[ée]l[ée]fono|t[ée]l[ée]phone|handy)\.?\s*(?:number|no\.?|#)?\s*[:#=]?\s*\+?\(?\d[\d\s().-]{4,}\d\b/gi,
    accept: (m) => digitCount(m) >= 6,
  },
  {
    kind: 'phone',
    token: '[PHONE]',
    pattern: /(?<![\w+])\+\d{1,3}(?:[\s.-]?\(?0?\)?)?(?:[\s.-]?\(?\d{1,5}\)?){2,6}(?!\w)/g,
    accept: (m) => digitCount(m) >= 8 && digitCount(m) <= 15,
  },
  {
    kind: 'phone',
    token: '[PHONE]',
    pattern:
      /(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b|\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b|\b0\d(?:[\s.]\d{2}){4}\b|\b1[\s.-]\d{3}[\s.-]\d{3}[\s.-]\d{4}\b/g,
    accept: (m) => digitCount(m) >= 9,
  },
  // Addresses: street lines (US, UK, Welsh, EU orders), ZIP and postcodes, towns after a "lives in" cue.
  {
    kind: 'address',
    token: '[ADDRESS]',
    pattern: new RegExp(
      `\\b(?:(?:flat|apt|apartment|unit|suite|ste)\\.?\\s*\\d+[A-Z]?,?\\s+)?\\d{1,5}[A-Z]?,?\\s+(?:[NSEW]\\.?\\s+|north\\s+|south\\s+|east\\s+|west\\s+)?(?:[A-Z][\\p{L}'’-]+\\s+){1,4}(?:${anyCase(STREET)})\\b\\.?`,
      'gu',
    ),
  },
  {
    kind: 'address',
    token: '[ADDRESS]',
    pattern: new RegExp(
      `\\b\\d{1,5}[A-Za-z]?,?\\s+(?:${anyCase(STREET_FIRST)})(?:\\s+(?:y|yr|de|del|des|du|di|da|dos|das|la|le))*(?:\\s+[\\p{Lu}][\\p{L}'’-]+(?:\\s+(?:y|yr|de|del|des|du|di|da|dos|das|la|le))*){1,4}`,
      'gu',
    ),
  },
  {
    kind: 'address',
    token: '[ADDRESS]',
    pattern: new RegExp(
      `\\b(?:${anyCase(STREET_FIRST)})\\s+(?:(?:[\\p{Lu}][\\p{L}'’-]+|y|de|del|la|di|da)\\s+){1,4}\\d{1,5}[A-Za-z]?\\b|\\b[\\p{Lu}][\\p{L}-]*${STREET_LAST}\\s*\\d{1,5}[A-Za-z]?\\b`,
      'gu',
    ),
  },
  {
    kind: 'address',
    token: '[ADDRESS]',
    keepCue: true,
    pattern: new RegExp(
      `\\b${ADDRESS_CUE}\\d{1,5}[A-Za-z]?,?\\s+(?:(?:[\\p{L}'’-]+\\s+){0,4}(?:${STREET})\\b|(?:${STREET_FIRST})(?:\\s+[\\p{L}'’-]+){1,3})`,
      'giu',
    ),
  },
  { kind: 'address', token: '[ADDRESS]', pattern: /\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:County|Parish|Borough)\b/g },
  { kind: 'address', token: '[POSTCODE]', pattern: /\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?)\s*\d[ABD-HJLNP-UW-Z]{2}\b/g },
  { kind: 'address', token: '[POSTCODE]', pattern: /\b[a-pr-uwyz][a-hk-y]?\d[a-z\d]?\s\d[abd-hjlnp-uw-z]{2}\b/g },
  {
    kind: 'address',
    token: '[POSTCODE]',
    keepCue: true,
    pattern: /\b(?:post\s?code|postal code|PLZ|code postal|CP|eircode)\b\s*[:#=]?\s*[A-Z0-9]{2,5}(?:[\s-]?[A-Z0-9]{2,4})?\b/gi,
    accept: (m) => /\d/.test(m),
  },
  { kind: 'address', token: '[ZIP]', keepCue: true, pattern: /\b(?:zip(?:\s?code)?|zipcode)\s*[:#=]?\s*\d{5}(?:-\d{4})?\b/gi },
  { kind: 'address', token: '[ZIP]', pattern: new RegExp(`\\b(?:${US_STATES})\\s+\\d{5}(?:-\\d{4})?\\b|\\b\\d{5}-\\d{4}\\b`, 'g') },
  // EU postcodes after a comma and before a town: "10115 Berlin", "75001 Paris", "1012 AB Amsterdam", "1000 Bruxelles",
  // "00184 Roma". Not a dose: ", 5000 Units" is no town.
  {
    kind: 'address',
    token: '[POSTCODE]',
    pattern: new RegExp(`(?<=,\\s?)(?:\\d{5}|\\d{4}(?:\\s?[A-Z]{2})?|\\d{2}-\\d{3})(?=\\s+(?!${UNIT_WORDS})[\\p{Lu}][\\p{Ll}]{2,})`, 'gu'),
  },
  // Postal codes with a shape of their own, after the countries the docs list. Ireland's Eircode: a routing key
  // (a letter and two digits, or D6W) and a four-character identifier ("D02 X285", "A65 F4E2"); bare, the
  // identifier must mix letters and digits, which no dose, score or vertebra does ("T12 fracture", "C5 6").
  {
    kind: 'address',
    token: '[POSTCODE]',
    pattern: /\b(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}\b/g,
    accept: (m) => /\d/.test(m.slice(-4)) && /[A-Z]/.test(m.slice(-4)),
  },
  // Canada: letter digit letter, digit letter digit ("M5V 3L9", "K1A0B1"); D, F, I, O, Q, U are never used.
  { kind: 'address', token: '[POSTCODE]', pattern: /\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b/g },
  // Australia: four digits after the state ("NSW 2000", "VIC 3000"), as a US ZIP after its state.
  { kind: 'address', token: '[POSTCODE]', pattern: /\b(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)\s+\d{4}\b/g },
  // The Netherlands: four digits and two capitals before a town ("3511LH Utrecht"); SA, SD and SS are never issued.
  {
    kind: 'address',
    token: '[POSTCODE]',
    pattern: new RegExp(`\\b[1-9]\\d{3}\\s?(?!SA|SD|SS)[A-Z]{2}\\b(?=,?\\s+(?!${UNIT_WORDS})[\\p{Lu}][\\p{Ll}]{2,})`, 'gu'),
  },
  // A country letter before the code: "B-1000", "D-10115", "F-75001", "NL-1012 AB".
  { kind: 'address', token: '[POSTCODE]', pattern: /\b(?:B|D|F|L|A|CH|NL|IRL)-\d{4,5}(?:\s?[A-Z]{2}\b)?/g },
  // Belgium, Germany, France, the Netherlands and Australia write four or five bare digits: only after "lives in"
  // and its Dutch, German and French forms ("wohnt in 80331 München", "woont te 1050 …", "habite à 75008 …").
  {
    kind: 'address',
    token: '[POSTCODE]',
    pattern:
      /(?<=\b(?:lives?|living|resides?|residing|woont|woonachtig|wohnt|wohnhaft|habite|demeure|domicili[ée]e?)\s+(?:in|at|near|te|à|a)\s+)\d{4,5}(?:\s?[A-Z]{2})?\b/giu,
  },
  // Ward names, bed, bay and side-room numbers place a patient as surely as a name on a small unit.
  {
    kind: 'location',
    token: '[LOCATION]',
    keepCue: true,
    pattern:
      /\b(?:bed(?:\s*space)?|bay|cubicle|resus|majors|minors|side[\s-]?room|SR|room|rm|cot|trolley|ward|pod|chambre|bett|zimmer|cama|habitaci[oó]n|letto|stanza)\s*(?:no\.?|number|#)?\s*[:#]?\s*[A-Z]?\d{1,4}[A-Z]?\b/gi,
  },
  // Any remaining long digit run is an identifier (MRN, NHS, CHI, Medicaid, EHIC numbers): doses and lab values are shorter.
  { kind: 'id', token: '[ID]', pattern: /(?<![A-Za-z]-)\b\d{7,}\b/g },
  {
    kind: 'id',
    token: '[ID]',
    pattern: /\b[A-Z]{1,4}[-/]?\d{6,}[A-Z]?\b/g,
    accept: (m) => !NOT_IDS.test(m),
  },
];

export { DATE_DAY, MONTHS };
