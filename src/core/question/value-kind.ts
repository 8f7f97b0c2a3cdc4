/**
 * The kind of value a question asks for, read from its form: a dose ("how much", "what dose"), an energy ("what
 * energy", "how many joules"), a rate or speed ("how fast", "over how long", "compression rate"), a frequency ("how
 * often", "when do I repeat"), a duration ("how long"), a ratio, a threshold ("when do we hold", "at what BP"), a
 * route ("IM or IV"), a site ("where do you give"), a position. Each kind comes with the pattern of a unit that states such a
 * value, in the units a protocol writes it in (US and SI: mg, mcg, mL, J/kg, mEq, mmHg, mg/dL, "over 10 minutes").
 * The composer prefers units that state the kind asked for; the words asking it ("dose", "energy", "rate") are no
 * words a source must contain.
 */
import { stem, terms } from '../text.js';
import { questionValues } from './ranges.js';

export type ValueKind =
  | 'dose'
  | 'energy'
  | 'rate'
  | 'frequency'
  | 'duration'
  | 'ratio'
  | 'temperature'
  | 'target'
  | 'threshold'
  | 'route'
  | 'site'
  | 'position'
  | 'setting';

export interface KindReading {
  kind: ValueKind;
  /** A unit stating a value of this kind matches. */
  states: RegExp;
  /** The kind is a number with a unit: a unit stating no number at all does not answer it. */
  numeric: boolean;
}

const AMOUNT = String.raw`\d+(?:[.,]\d+)?\s*(?:mg|mcg|micrograms?|µg|g|gm|grams?|units?|iu|mmol|meq|ml|mls|l|litres?|liters?|puffs?|tablets?|tabs?|drops?)`;
const TIME = String.raw`(?:sec|secs|seconds?|min|mins|minutes?|hr|hrs|hours?|h)`;

/** "Shock" as a shock given: not after a word naming a state of shock ("septic shock", "in shock"). */
const SHOCK_GIVEN = String.raw`(?<!\b(?:septic|anaphylactic|cardiogenic|hypovola?emic|ha?emorrhagic|distributive|neurogenic|obstructive|spinal|toxic|burns?|insulin|traumatic|refractory|in|of|into|from|with|compensated|decompensated|irreversible|no|not|without|nor)\s)shock`;

/** Question forms, most specific first (an energy question may also say "dose"). */
const KINDS: { kind: ValueKind; asks: RegExp; states: RegExp; numeric: boolean }[] = [
  {
    kind: 'energy',
    // A shock given, not a state of shock ("septic shock", "a child in shock"): no condition word before it.
    asks: new RegExp(
      String.raw`\benergy\b|\bjoules?\b|\bhow many j\b|\bwhat j\b|\b(?:defib\w*|${SHOCK_GIVEN}\w*|cardiovert\w*|cardioversion)\b.*\b(?:at|energy|setting|how much|what)\b|\bwhat .*\b(?:defib\w*|${SHOCK_GIVEN}|cardioversion)\b`,
      'i',
    ),
    states: /\d\s*(?:j|joules?)\b(?:\s*\/\s*kg)?/i,
    numeric: true,
  },
  { kind: 'ratio', asks: /\bratio\b/i, states: /\b\d+\s*:\s*\d+\b/, numeric: true },
  {
    kind: 'rate',
    // "Rate" alone is a heart rate as often as a speed: only the forms that ask how fast something is given or done.
    asks: /\bhow (?:fast|quickly|rapidly)\b|\bover how long\b|\bspeed\b|\binfus\w*\s+(?:over|rate)\b|\b(?:compression|ventilation|breathing|pacing|drip|infusion)s? rate\b|\bbreaths? per\b/i,
    states: new RegExp(
      String.raw`\bover\s+\d+(?:\s*(?:-|–|to)\s*\d+)?\s*${TIME}\b|\d\s*(?:ml|mg|mcg|units?|drops?)\s*\/\s*(?:min|hr|hour|h)\b|\b\d+(?:\s*[-–]\s*\d+)?\s*(?:\/|per)\s*(?:min|minute)\b|\b(?:rapid|slow)\s+(?:iv|io|infusion|push)\b|\bevery\s+\d+(?:\s*[-–]\s*\d+)?\s*seconds?\b`,
      'i',
    ),
    numeric: false,
  },
  {
    kind: 'frequency',
    asks: /\bhow often\b|\bfrequency\b|\bhow frequently\b|\bwhen (?:can|do|should) (?:i|we|you) (?:repeat|redose|give (?:it )?again)\b|\brepeat\b/i,
    states:
      /\bevery\s+(?:\d|hour|day|shift|week|minute|other)|\bq\s?\d+\s*(?:min|h)|\bx\s?\d\b|\brepeat\w*\b|\b(?:hourly|daily|twice|once|weekly)\b|\b\d+\s*times\b/i,
    numeric: false,
  },
  {
    kind: 'duration',
    asks: /\bhow long\b|\bduration\b|\bfor how many\b|\bhow late\b|\bhow soon\b|\bwithin how\b|\bhow many (?:minutes|hours|seconds|days)\b/i,
    states: new RegExp(
      String.raw`\b(?:for|within|up to|after|before|at least|over)\s+(?:up to |at least )?\d+(?:\s*(?:-|–|to)\s*\d+)?\s*${TIME}|\d+\s*(?:-|–|to)?\s*\d*\s*(?:seconds?|minutes?|hours?|days?|weeks?)\b|\buntil\b`,
      'i',
    ),
    numeric: false,
  },
  {
    // A device's settings ("TCP settings", "CPAP settings"): numbers in a device's units (mA, bpm, cmH2O, L/min).
    kind: 'setting',
    asks: /\bsettings?\b/i,
    states: /\d\s*(?:ma|bpm|beats?\s*per\s*min\w*|cm\s?h2o|l\/min|lpm|litres?\/min|j|joules|%)(?![a-z])/i,
    numeric: true,
  },
  {
    kind: 'dose',
    // "Dose" asked as an amount: not "missed their dose", "the next dose" (when, not how much).
    asks: /\bhow much\b|(?<!\b(?:missed|missing|skipped|next|last|previous|forgot(?:ten)?|extra|double|their|his|her|my)\s+(?:\S+\s+)?)\bdoses?\b|\bdosage\b|\bdosing\b|\bhow many (?:mg|mcg|micrograms|units|ml|mls|puffs|tablets|tabs|grams?)\b|\bamount\b|\bwhat (?:do|should|can) (?:i|we|you) give\b|\bwhat to give\b|\b(?:fluid|saline|ns|crystalloid)\s+bolus(?:es)?\b/i,
    states: new RegExp(String.raw`${AMOUNT}\b|\d\s*(?:mg|mcg|ml|meq|g|units?)\s*\/\s*kg\b`, 'i'),
    numeric: true,
  },
  {
    // A temperature to reach or keep ("target temperature after ROSC", "what temp do we cool to"): in degrees.
    kind: 'temperature',
    asks: /\b(?:target|goal|what|which|how (?:hot|cold|warm|low|high))\b(?:\s+\w+)?\s+temp(?:erature)?s?\b|\btemp(?:erature)?s?\s+(?:target|goal)s?\b|\bwhat temp\w*\b/i,
    states: /\d\s*°|\d\s*(?:degrees?|deg)\b|\b\d+(?:[.,]\d+)?\s*(?:c|f)\b/i,
    numeric: true,
  },
  {
    // A value to reach or keep ("target sats after birth", "MAP goal", "what temperature after ROSC"): a reading, not
    // an amount. "Target" alone is a drug's target as often (bioasq: "the target of imatinib"): only with a reading.
    kind: 'target',
    asks: /\b(?:target|goal)\s+(?:\w+\s+)?(?:temp\w*|sats?|saturations?|spo2|o2|oxygen|bp|map|sbp|blood pressure|glucose|sugars?|inr|auc|levels?|range|output|etco2|co2|heart rate|hr)\b|\b(?:temp\w*|sats?|saturations?|spo2|bp|map|sbp|inr|auc|glucose|etco2)\s+(?:\w+\s+)?(?:target|goal)s?\b|\baim (?:for|at)\b|\bwhat temp\w*\b/i,
    states:
      /\d+(?:[.,]\d+)?\s*(?:°\s*[cf]\b|degrees?\b|%|mm\s?hg|mg\/dl|mmol\/l|ml\/kg)|\b\d+(?:[.,]\d+)?\s*(?:-|–|to)\s*\d+(?:[.,]\d+)?\b|[<>≤≥]\s*\d/i,
    numeric: true,
  },
  {
    kind: 'threshold',
    asks: /\bwhen (?:do|should|to|would|can) (?:i|we|you)? ?(?:hold|stop|withhold|start|give|call|contact|treat)\b|\bat what\b|\bcut ?off\b|\bthreshold\b|\bwhat (?:level|reading|value|bp|sbp|glucose|sugar|heart rate|hr|temp)\b|\bbelow what\b|\babove what\b|\bwhat .*\b(?:width|range)\b/i,
    states:
      /[<>≤≥]\s*\d|\b(?:less|more|greater|lower|higher|fewer) than\s+\d|\b(?:below|above|under|over|at least|exceeds?)\s+\d|\bbetween\s+\d+(?:[.,]\d+)?\s+and\s+\d|\b\d+(?:[.,]\d+)?\s*(?:-|–)\s*\d+(?:[.,]\d+)?\s*(?:mg\/dl|mmol\/l|mmhg|bpm|%)/i,
    numeric: true,
  },
  {
    // Where on the body ("where do you give IM epi", "injection site", "where do the pads go"): a place, which a route
    // ("IM") does not name.
    kind: 'site',
    asks: /\bwhere (?:do|should|can|would|to) (?:i|we|you)? ?(?:give|inject|put|place|insert|apply)\b|\bwhere (?:do|does|should) (?:the|a|an) (?:\w+\s+){1,3}go\b|\b(?:injection|insertion|io|im) sites?\b|\bwhich sites?\b|\bwhat sites?\b/i,
    states:
      /\b(?:thigh|deltoid|upper arm|gluteus|gluteal|buttock|vastus|anterolateral|tibia\w*|humer\w*|sternum|abdomen|abdominal wall|nostrils?|under the tongue|chest|apex|midaxillary|intercostal|clavicle|wrist|antecubital|forearm)\b/i,
    numeric: false,
  },
  {
    kind: 'route',
    asks: /\broute\b|\bwhich route\b|\bim or iv\b|\biv or im\b/i,
    states: /\b(?:IM|IV|IO|IN|SL|PO|ODT|nebuli[sz]\w*|neb|intramuscular|intravenous|intraosseous|intranasal|sublingual|by mouth)\b/i,
    numeric: false,
  },
  {
    kind: 'position',
    asks: /\bposition\w*\b|\bhow (?:do|should) (?:i|we) (?:lay|lie|place|put) (?:her|him|them|the patient|pt)\b/i,
    states:
      /\bposition\b|\b(?:left |right )?lateral\b|\bsupine\b|\bprone\b|\bfowler\w*|\brecovery position\b|\bhead of (?:the )?(?:bed|stretcher)\b|\bdecubitus\b|\bupright\b|\bsitting\b/i,
    numeric: false,
  },
];

/** A question with no word asking anything: "epi for a 4 year old with anaphylaxis?", "adenosine for a child in SVT". */
const ASKING =
  /\b(?:what|which|how|when|where|why|who|whom|whose|can|could|is|are|was|were|does|do|did|should|shall|may|might|must|will|would|ok|okay|safe|list|explain|describe|tell|give me)\b/i;

/**
 * The kind a question naming one medicine and asking nothing else asks for: its dose ("epi for a 4 year old with
 * anaphylaxis?" is how much epinephrine). A question that asks ("can I give…", "is it safe…") keeps its own form.
 */
export function impliedDose(question: string, namesOneMedicine: boolean): KindReading | undefined {
  if (!namesOneMedicine || ASKING.test(question)) return undefined;
  // A word naming another kind ("sliding scale rate") or a reading ("cbg 15") says what else is asked; an age or a
  // weight only says for whom.
  if (terms(question).some((t) => KIND_WORDS.has(t))) return undefined;
  if (questionValues(question).some((v) => !v.age && v.unit !== 'kg' && !/^(lbs?|pounds?)$/.test(v.unit ?? ''))) return undefined;
  const dose = KINDS.find((k) => k.kind === 'dose');
  return dose ? { kind: dose.kind, states: dose.states, numeric: dose.numeric } : undefined;
}

export function valueKindOf(question: string): KindReading | undefined {
  const hit = KINDS.find((k) => k.asks.test(question));
  return hit ? { kind: hit.kind, states: hit.states, numeric: hit.numeric } : undefined;
}

/** Words that ask for a kind of value rather than name what the answer is about ("dose", "energy", "rate"). */
export const KIND_WORDS = new Set(
  'dose doses dosage dosing energy joule joules rate fast quickly rapidly speed ratio route site sites frequency frequently often amount much many long position target goal aim setting settings'
    .split(' ')
    .map((w) => stem(w)),
);
